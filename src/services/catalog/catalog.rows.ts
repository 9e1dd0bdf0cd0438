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
  year: number | null;
  durationMs: number;
  bitrateKbps: number | null;
  sizeBytes: number;
  downloadCount: number;
};

export const GENRE_COLUMNS = 'g.id, g.name, g.slug';

export const ARTIST_COLUMNS = 'a.id, a.name, a.slug, a.bio';

export const RELEASE_COLUMNS = 'r.id, r.artist_id AS "artistId", r.title, r.slug, r.year, r.cover_key AS "coverKey"';

export const TRACK_COLUMNS =
  't.id, t.artist_id AS "artistId", t.release_id AS "releaseId", t.title, t.track_number AS "trackNumber", t.year, ' +
  'coalesce(f.duration_ms, 0) AS "durationMs", f.bitrate_kbps AS "bitrateKbps", coalesce(f.size_bytes, 0)::float8 AS "sizeBytes", ' +
  't.download_count AS "downloadCount"';

/** A track with its audio file: one row each (audio_file.track_id is unique). */
export const TRACK_FROM = 'track t LEFT JOIN audio_file f ON f.track_id = t.id';

/** A track row that brought its artist, release and genre ids along (see TrackService.list's `include`). */
export type TrackRowWithRelations = TrackRow & {
  artist?: ArtistRow;
  release?: (ReleaseRow & { genreIds?: number[] }) | null;
  genreIds?: number[];
};

/** The genre ids of one owner, for a column of its row: an index-only scan of the pivot's key. */
export function genreIdsOf(pivot: 'track_genre' | 'release_genre', ownerColumn: string, ownerId: string): string {
  return `ARRAY(SELECT x.genre_id FROM ${pivot} x WHERE x.${ownerColumn} = ${ownerId})`;
}

/** Columns of the joined artist (`ja`) and release (`jr`), prefixed so that they do not clash. */
export const JOINED_ARTIST_COLUMNS = 'ja.name AS "ja_name", ja.slug AS "ja_slug", ja.bio AS "ja_bio"';
export const JOINED_RELEASE_COLUMNS =
  'jr.artist_id AS "jr_artist_id", jr.title AS "jr_title", jr.slug AS "jr_slug", jr.year AS "jr_year", jr.cover_key AS "jr_cover_key"';

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
