import { Link } from 'wouter';
import type { ReleaseCardFragment } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';

export const ReleaseCard = graphql(`
  fragment ReleaseCard on Release {
    id
    title
    year
    coverUrl
    artist { name }
  }
`);

export function Cover(props: { url: string | null | undefined; title: string; size: number }) {
  return props.url ? (
    <img className="cover" src={props.url} alt={`Cover of ${props.title}`} width={props.size} height={props.size} />
  ) : (
    <div className="cover none" style={{ width: props.size, height: props.size }} />
  );
}

export function ReleaseGrid({ releases }: { releases: ReleaseCardFragment[] }) {
  return (
    <ul className="releases">
      {releases.map((release) => (
        <li key={release.id}>
          <Link href={`/releases/${release.id}`}>
            <Cover url={release.coverUrl} title={release.title} size={150} />
            <span className="title">{release.title}</span>
          </Link>
          <span className="meta">
            {release.artist.name}
            {release.year ? `, ${release.year}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
