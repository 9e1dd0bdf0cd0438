import { useId } from 'react';
import { Link } from 'wouter';
import type { TrackRowFragment } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useDownload } from './download.ts';

export const TrackRow = graphql(`
  fragment TrackRow on Track {
    id
    title
    durationSeconds
    artist { id name }
    release { id title }
  }
`);

const minutes = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** Tracks as a table, each with its Download button; `isRanked` numbers the rows (charts). */
export function TrackList(props: { tracks: TrackRowFragment[]; caption: string; isRanked?: boolean }) {
  const download = useDownload();
  const id = useId();
  if (props.tracks.length === 0) return <p>No tracks here yet.</p>;
  return (
    <table className="tracks">
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.isRanked && <th scope="col">Rank</th>}
          <th scope="col">Title</th>
          <th scope="col">Artist</th>
          <th scope="col">Release</th>
          <th scope="col">Length</th>
          <th scope="col">
            <span className="visually-hidden">Download</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.tracks.map((track, index) => (
          <tr key={track.id}>
            {props.isRanked && <td>{index + 1}</td>}
            <th scope="row" id={`${id}-${index}`}>
              {track.title}
            </th>
            <td>
              <Link href={`/artists/${track.artist.id}`}>{track.artist.name}</Link>
            </td>
            <td>{track.release && <Link href={`/releases/${track.release.id}`}>{track.release.title}</Link>}</td>
            <td>{minutes(track.durationSeconds)}</td>
            <td>
              <button type="button" aria-describedby={`${id}-${index}`} onClick={() => download(track)}>
                Download
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
