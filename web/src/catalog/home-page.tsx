import { useState } from 'react';
import { Link } from 'wouter';
import { useQuery } from '../api/use-query.ts';
import type { ChartPeriod } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { PageHeading } from '../layout/page-heading.tsx';
import { TrackList } from './track-list.tsx';

const Home = graphql(`
  query Home {
    tracks(first: 20, orderBy: NEWEST) { edges { node { ...TrackRow } } }
    genres { id name slug }
  }
`);

const Chart = graphql(`
  query Chart($period: ChartPeriod!) {
    topTracks(period: $period, first: 10) { rank track { ...TrackRow } }
  }
`);

const PERIODS: { period: ChartPeriod; label: string }[] = [
  { period: 'DAY', label: 'Today' },
  { period: 'WEEK', label: 'This week' },
  { period: 'MONTH', label: 'This month' },
];

export function HomePage() {
  const { data, error } = useQuery(Home);
  return (
    <>
      <PageHeading title="Mixx" />
      <p className="lead">Music for members: browse, search and download. Your data stays yours.</p>
      <section aria-labelledby="newest">
        <h2 id="newest">Newest tracks</h2>
        {error && <p role="alert">The catalog could not be loaded.</p>}
        {data && <TrackList tracks={data.tracks.edges.map((e) => e.node)} caption="Newest tracks" />}
      </section>
      <Charts />
      <section aria-labelledby="genres">
        <h2 id="genres">Genres</h2>
        <ul className="genres">
          {data?.genres.map((genre) => (
            <li key={genre.id}>
              <Link href={`/genres/${genre.slug}`}>{genre.name}</Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Charts() {
  const [period, setPeriod] = useState<ChartPeriod>('WEEK');
  const { data } = useQuery(Chart, { period });
  const label = PERIODS.find((p) => p.period === period)?.label ?? '';
  return (
    <section aria-labelledby="charts">
      <h2 id="charts">Most downloaded</h2>
      <fieldset className="toggles">
        <legend className="visually-hidden">Period</legend>
        {PERIODS.map((p) => (
          <button key={p.period} type="button" aria-pressed={p.period === period} onClick={() => setPeriod(p.period)}>
            {p.label}
          </button>
        ))}
      </fieldset>
      {data && <TrackList tracks={data.topTracks.map((entry) => entry.track)} caption={`Most downloaded: ${label}`} isRanked />}
    </section>
  );
}
