import { Link, useParams } from 'wouter';
import { useQuery } from '../api/use-query.ts';
import { graphql } from '../gql/index.ts';
import { NotFoundPage } from '../layout/not-found-page.tsx';
import { PageHeading } from '../layout/page-heading.tsx';
import { Cover, ReleaseGrid } from './release-grid.tsx';
import { TrackList } from './track-list.tsx';

const Artist = graphql(`
  query Artist($id: ID!) {
    artist(id: $id) {
      name
      bio
      releases(first: 50) { edges { node { ...ReleaseCard } } }
      tracks(first: 50) { totalCount edges { node { ...TrackRow } } }
    }
  }
`);

const Release = graphql(`
  query Release($id: ID!) {
    release(id: $id) {
      title
      year
      coverUrl
      artist { id name }
      genres { name slug }
      tracks { ...TrackRow }
    }
  }
`);

const Genre = graphql(`
  query Genre($slug: String!) {
    genres { name slug }
    tracks(first: 50, orderBy: NEWEST, filter: { genre: $slug }) { totalCount edges { node { ...TrackRow } } }
  }
`);

const Loading = () => <p role="status">Loading…</p>;

export function ArtistPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { data, isLoading } = useQuery(Artist, { id });
  if (isLoading && !data) return <Loading />;
  const artist = data?.artist;
  if (!artist) return <NotFoundPage />;
  return (
    <>
      <PageHeading title={artist.name} />
      {artist.bio && <p className="lead">{artist.bio}</p>}
      <h2>Releases</h2>
      <ReleaseGrid releases={artist.releases.edges.map((e) => e.node)} />
      <h2>Tracks</h2>
      <TrackList tracks={artist.tracks.edges.map((e) => e.node)} caption={`Tracks by ${artist.name}, newest first`} />
    </>
  );
}

export function ReleasePage() {
  const { id = '' } = useParams<{ id: string }>();
  const { data, isLoading } = useQuery(Release, { id });
  if (isLoading && !data) return <Loading />;
  const release = data?.release;
  if (!release) return <NotFoundPage />;
  return (
    <>
      <div className="release-head">
        <Cover url={release.coverUrl} title={release.title} size={240} />
        <div>
          <PageHeading title={release.title} />
          <p className="lead">
            <Link href={`/artists/${release.artist.id}`}>{release.artist.name}</Link>
            {release.year ? `, ${release.year}` : ''}
          </p>
          <p>
            {release.genres.map((genre, i) => (
              <span key={genre.slug}>
                {i > 0 && ', '}
                <Link href={`/genres/${genre.slug}`}>{genre.name}</Link>
              </span>
            ))}
          </p>
        </div>
      </div>
      <TrackList tracks={release.tracks} caption={`Tracks of ${release.title}, in order`} />
    </>
  );
}

export function GenrePage() {
  const { slug = '' } = useParams<{ slug: string }>();
  const { data, isLoading } = useQuery(Genre, { slug });
  if (isLoading && !data) return <Loading />;
  const genre = data?.genres.find((g) => g.slug === slug);
  if (!data || !genre) return <NotFoundPage />;
  return (
    <>
      <PageHeading title={genre.name} />
      <p>{data.tracks.totalCount} tracks, newest first.</p>
      <TrackList tracks={data.tracks.edges.map((e) => e.node)} caption={`${genre.name} tracks, newest first`} />
    </>
  );
}
