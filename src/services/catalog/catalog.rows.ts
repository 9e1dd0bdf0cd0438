import { sql } from 'kysely';
import { catalogQuery } from './catalog-db.ts';

/** The catalog's rows as the read queries return them: plain objects, keys are database ids. */

export type GenreRow = { id: number; name: string; slug: string };

export type ArtistRow = { id: number; name: string; slug: string; bio: string | null };

export type ReleaseRow = {
  id: number;
  artistId: number;
  title: string;
  slug: string;
  year: number | null;
  coverKey: string | null;
};

export type TrackRow = {
  id: number;
  artistId: number;
  releaseId: number | null;
  title: string;
  trackNumber: number | null;
  durationMs: number;
  bitrateKbps: number | null;
  sizeBytes: number;
  downloadCount: number;
};

/** Each table's columns as its rows carry them, for `catalogQuery`'s `select`. */
export const GENRE_COLUMNS = ['g.id', 'g.name', 'g.slug'] as const;

export const ARTIST_COLUMNS = ['a.id', 'a.name', 'a.slug', 'a.bio'] as const;

export const RELEASE_COLUMNS = [
  'r.id',
  'r.artist_id as artistId',
  'r.title',
  'r.slug',
  'r.year',
  'r.cover_key as coverKey',
] as const;

/** The columns every track row has: its keys and title. */
const TRACK_KEY_COLUMNS = ['t.id', 't.artist_id as artistId', 't.release_id as releaseId', 't.title'] as const;

/** The columns of its audio file (`f`, left-joined: one row each, audio_file.track_id is unique). */
export const TRACK_FILE_COLUMNS = [
  sql<number>`coalesce(f.duration_ms, 0)`.as('durationMs'),
  'f.bitrate_kbps as bitrateKbps',
  sql<number>`coalesce(f.size_bytes, 0)::float8`.as('sizeBytes'),
] as const;

/** A track's columns with its audio file's: a whole `TrackRow`. */
export const TRACK_COLUMNS = [
  ...TRACK_KEY_COLUMNS,
  't.track_number as trackNumber',
  ...TRACK_FILE_COLUMNS,
  't.download_count as downloadCount',
] as const;

/**
 * The columns of a track that a page reads only when its selection names them: a page of
 * titles parses a third of the columns and joins no audio file (issue 16's profile).
 */
export type TrackColumnChoice = { trackNumber?: boolean; file?: boolean; downloadCount?: boolean };

/** A track row with only the chosen columns besides its keys and title (the others are undefined). */
export type TrackPageRow = Pick<TrackRow, 'id' | 'artistId' | 'releaseId' | 'title'> & Partial<TrackRow>;

/** The track table's columns of `choice` (its audio file's, `TRACK_FILE_COLUMNS`, need the join). */
export function trackTableColumns(choice: TrackColumnChoice) {
  return [
    ...TRACK_KEY_COLUMNS,
    ...(choice.trackNumber ? (['t.track_number as trackNumber'] as const) : []),
    ...(choice.downloadCount ? (['t.download_count as downloadCount'] as const) : []),
  ];
}

/** Tracks with their audio files, to select `TRACK_COLUMNS` from. */
export const tracksWithFiles = () => catalogQuery.selectFrom('track as t').leftJoin('audio_file as f', 'f.track_id', 't.id');

/** `column = ANY(ids)`'s right side, for a list of integer keys sent as one parameter. */
export const anyInt = (ids: readonly number[]) => sql<number>`any(${ids}::int[])`;

/** A track row that brought its artist, release and genre ids along (see TrackService.list's `include`). */
export type TrackRowWithRelations = TrackPageRow & {
  artist?: ArtistRow;
  release?: (ReleaseRow & { genreIds?: number[] }) | null;
  genreIds?: number[];
};

/** The genre ids of one owner, for a column of its row: an index-only scan of the pivot's key. */
export function genreIdsOf(pivot: 'track_genre' | 'release_genre', ownerColumn: string, ownerId: string) {
  return sql<number[]>`ARRAY(SELECT x.genre_id FROM ${sql.table(pivot)} x WHERE x.${sql.ref(ownerColumn)} = ${sql.ref(ownerId)})`;
}

/** Columns of the joined artist (`ja`) and release (`jr`), prefixed so that they do not clash. */
export const JOINED_ARTIST_COLUMNS = ['ja.name as ja_name', 'ja.slug as ja_slug', 'ja.bio as ja_bio'] as const;
export const JOINED_RELEASE_COLUMNS = [
  'jr.artist_id as jr_artist_id',
  'jr.title as jr_title',
  'jr.slug as jr_slug',
  'jr.year as jr_year',
  'jr.cover_key as jr_cover_key',
] as const;

/** Folds the prefixed columns of a joined row into its artist and release rows. */
export function foldJoinedRow(row: Record<string, any>): TrackRowWithRelations {
  if ('ja_name' in row) {
    row.artist = { id: row.artistId, name: row.ja_name, slug: row.ja_slug, bio: row.ja_bio };
  }
  if ('jr_title' in row) {
    row.release =
      row.releaseId == null
        ? null
        : {
            id: row.releaseId,
            artistId: row.jr_artist_id,
            title: row.jr_title,
            slug: row.jr_slug,
            year: row.jr_year,
            coverKey: row.jr_cover_key,
            genreIds: row.jr_genre_ids,
          };
  }
  if ('jt_genre_ids' in row) row.genreIds = row.jt_genre_ids;
  return row as TrackRowWithRelations;
}
