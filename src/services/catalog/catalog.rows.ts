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
