import { Link, useSearchParams } from 'wouter';
import { useQuery } from '../api/use-query.ts';
import { graphql } from '../gql/index.ts';
import { PageHeading } from '../layout/page-heading.tsx';
import { ReleaseGrid } from './release-grid.tsx';
import { TrackList } from './track-list.tsx';

const Search = graphql(`
  query Search($text: String!) {
    artists(first: 5, search: $text) { edges { node { id name } } }
    releases(first: 6, filter: { search: $text }) { edges { node { ...ReleaseCard } } }
    tracks(first: 20, filter: { search: $text }) { totalCount edges { node { ...TrackRow } } }
  }
`);

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Results for `?q=`, which the header's search box updates as one types. */
export function SearchPage() {
  const [params] = useSearchParams();
  const text = params.get('q')?.trim() ?? '';
  const { data, isLoading } = useQuery(Search, { text }, { skip: text === '' });
  const artists = data?.artists.edges.map((e) => e.node) ?? [];
  const releases = data?.releases.edges.map((e) => e.node) ?? [];
  const tracks = data?.tracks.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeading title="Search" />
      <p role="status">
        {text === ''
          ? 'Type in the search box to find artists, releases and tracks.'
          : isLoading
            ? 'Searching…'
            : `${count(artists.length, 'artist', 'artists')}, ${count(releases.length, 'release', 'releases')} and ${count(data?.tracks.totalCount ?? 0, 'track', 'tracks')} for “${text}”.`}
      </p>
      {artists.length > 0 && (
        <section aria-labelledby="found-artists">
          <h2 id="found-artists">Artists</h2>
          <ul>
            {artists.map((artist) => (
              <li key={artist.id}>
                <Link href={`/artists/${artist.id}`}>{artist.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {releases.length > 0 && (
        <section aria-labelledby="found-releases">
          <h2 id="found-releases">Releases</h2>
          <ReleaseGrid releases={releases} />
        </section>
      )}
      {tracks.length > 0 && (
        <section aria-labelledby="found-tracks">
          <h2 id="found-tracks">Tracks</h2>
          <TrackList tracks={tracks} caption={`Tracks for “${text}”`} />
        </section>
      )}
    </>
  );
}
