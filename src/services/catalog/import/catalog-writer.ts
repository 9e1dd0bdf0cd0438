import type { StoredFile } from './media-store.ts';
import { identityKey } from './names.ts';
import type { AudioInfo } from './read-audio.ts';
import { firstFreeSlug, slugify } from './slug.ts';

/** A node-postgres client (or anything with its `query`): the import runs on a connection of its own. */
export type Queryable = { query: (text: string, values?: unknown[]) => Promise<{ rows: any[]; rowCount: number | null }> };

export type WriteOutcome = 'added' | 'updated' | 'unchanged';

export type TrackInput = {
  /** The file's path relative to the imported folder, with `/` separators: the track's key. */
  sourcePath: string;
  info: AudioInfo;
  stored: StoredFile;
  coverKey: string | null;
  sourceSize: number;
  sourceMtimeMs: number;
};

/**
 * Upserts of the catalog from imported files, each file in one transaction, so that an interrupted
 * import leaves only whole tracks and can simply be run again. Nothing is written when nothing
 * changed: a re-import of the same files changes no row.
 */
export class CatalogWriter {
  constructor(private readonly db: Queryable) {}

  /** The size and modification time recorded when the file was last imported, for a quick check. */
  async recordedSource(sourcePath: string): Promise<{ size: number; mtimeMs: number; storageKey: string } | null> {
    const { rows } = await this.db.query(
      `SELECT f.source_size::float8 AS size, f.source_mtime_ms::float8 AS "mtimeMs", f.storage_key AS "storageKey"
         FROM track t JOIN audio_file f ON f.track_id = t.id WHERE t.source_path = $1`,
      [sourcePath],
    );
    return rows[0] ?? null;
  }

  async writeTrack(input: TrackInput): Promise<WriteOutcome> {
    await this.db.query('BEGIN');
    try {
      // The commit does not wait for the WAL flush (12 ms a file here, most of an import's time): a
      // database crash can lose the last few files' rows, never corrupt them, and since a file is
      // recorded only by its committed row, the next run imports those files again.
      await this.db.query('SET LOCAL synchronous_commit = off');
      const outcome = await this.write(input);
      await this.db.query('COMMIT');
      return outcome;
    } catch (error) {
      await this.db.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  private async write({ sourcePath, info, stored, coverKey, sourceSize, sourceMtimeMs }: TrackInput): Promise<WriteOutcome> {
    const artistId = await this.artistId(info.artist);
    const releaseArtistId =
      identityKey(info.releaseArtist) === identityKey(info.artist) ? artistId : await this.artistId(info.releaseArtist);
    const releaseId = info.release
      ? await this.releaseId({ artistId: releaseArtistId, title: info.release, year: info.year, coverKey })
      : null;

    const values = [info.title, artistId, releaseId, info.trackNumber, info.discNumber, info.year];
    const { rows: existing } = await this.db.query(
      'SELECT id, artist_id, release_id FROM track WHERE source_path = $1 FOR UPDATE',
      [sourcePath],
    );
    let trackId: number;
    let changed = false;
    let outcome: WriteOutcome;
    if (existing.length === 0) {
      const { rows } = await this.db.query(
        `INSERT INTO track (title, artist_id, release_id, track_number, disc_number, year, source_path)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [...values, sourcePath],
      );
      trackId = rows[0].id;
      outcome = 'added';
    } else {
      trackId = existing[0].id;
      const updated = await this.db.query(
        `UPDATE track SET title = $1, artist_id = $2, release_id = $3, track_number = $4, disc_number = $5, year = $6, updated_at = now()
         WHERE id = $7 AND (title, artist_id, release_id, track_number, disc_number, year)
           IS DISTINCT FROM ($1::text, $2::int, $3::int, $4::smallint, $5::smallint, $6::smallint)`,
        [...values, trackId],
      );
      changed = (updated.rowCount ?? 0) > 0;
      outcome = 'unchanged';
    }

    changed = (await this.writeAudioFile(trackId, stored, info)) || changed;
    await this.db.query(
      `UPDATE audio_file SET source_size = $2, source_mtime_ms = $3
       WHERE track_id = $1 AND (source_size, source_mtime_ms) IS DISTINCT FROM ($2::bigint, $3::bigint)`,
      [trackId, sourceSize, Math.trunc(sourceMtimeMs)],
    );
    changed = (await this.writeTrackGenres(trackId, info.genres)) || changed;

    const before = existing[0] as { artist_id: number; release_id: number | null } | undefined;
    const releases = new Set([releaseId, before?.release_id].filter((id): id is number => id != null));
    for (const id of releases) await this.refreshReleaseGenres(id);
    // What the track left behind (its former release, artists) goes when nothing else names it.
    const formerArtists = new Set<number>();
    if (before && before.artist_id !== artistId) formerArtists.add(before.artist_id);
    if (before?.release_id != null && before.release_id !== releaseId) {
      const releaseArtist = await this.dropReleaseIfEmpty(before.release_id);
      if (releaseArtist != null && releaseArtist !== artistId && releaseArtist !== releaseArtistId)
        formerArtists.add(releaseArtist);
    }
    for (const id of formerArtists) await this.dropArtistIfUnused(id);
    return outcome === 'added' ? 'added' : changed ? 'updated' : 'unchanged';
  }

  /** The artist of this name in any normalization and case (the first spelling seen names it). */
  private async artistId(name: string): Promise<number> {
    const key = identityKey(name);
    const { rows } = await this.db.query('SELECT id FROM artist WHERE match_key = $1', [key]);
    if (rows[0]) return rows[0].id;
    const base = slugify(name);
    const taken = await this.db.query(`SELECT slug FROM artist WHERE slug = $1 OR slug LIKE $1 || '-%'`, [base]);
    const slug = firstFreeSlug(base, new Set(taken.rows.map((r) => r.slug)));
    const inserted = await this.db.query('INSERT INTO artist (name, slug, match_key) VALUES ($1, $2, $3) RETURNING id', [
      name,
      slug,
      key,
    ]);
    return inserted.rows[0].id;
  }

  private async releaseId(opts: {
    artistId: number;
    title: string;
    year: number | null;
    coverKey: string | null;
  }): Promise<number> {
    const key = identityKey(opts.title);
    const { rows } = await this.db.query('SELECT id FROM release WHERE artist_id = $1 AND match_key = $2', [opts.artistId, key]);
    if (rows[0]) {
      // A release takes the first year and cover any of its files names.
      await this.db.query(
        `UPDATE release SET year = coalesce(year, $2), cover_key = coalesce(cover_key, $3), updated_at = now()
         WHERE id = $1 AND ((year IS NULL AND $2::smallint IS NOT NULL) OR (cover_key IS NULL AND $3::text IS NOT NULL))`,
        [rows[0].id, opts.year, opts.coverKey],
      );
      return rows[0].id;
    }
    const base = slugify(opts.title);
    const taken = await this.db.query(`SELECT slug FROM release WHERE artist_id = $1 AND (slug = $2 OR slug LIKE $2 || '-%')`, [
      opts.artistId,
      base,
    ]);
    const slug = firstFreeSlug(base, new Set(taken.rows.map((r) => r.slug)));
    const inserted = await this.db.query(
      'INSERT INTO release (artist_id, title, slug, year, cover_key, match_key) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [opts.artistId, opts.title, slug, opts.year, opts.coverKey, key],
    );
    return inserted.rows[0].id;
  }

  private async writeAudioFile(trackId: number, stored: StoredFile, info: AudioInfo): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO audio_file (track_id, storage_key, sha256, size_bytes, duration_ms, bitrate_kbps)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (track_id) DO UPDATE SET storage_key = EXCLUDED.storage_key, sha256 = EXCLUDED.sha256,
         size_bytes = EXCLUDED.size_bytes, duration_ms = EXCLUDED.duration_ms, bitrate_kbps = EXCLUDED.bitrate_kbps, updated_at = now()
       WHERE (audio_file.storage_key, audio_file.sha256, audio_file.size_bytes, audio_file.duration_ms, audio_file.bitrate_kbps)
         IS DISTINCT FROM (EXCLUDED.storage_key, EXCLUDED.sha256, EXCLUDED.size_bytes, EXCLUDED.duration_ms, EXCLUDED.bitrate_kbps)`,
      [trackId, stored.storageKey, stored.sha256, stored.sizeBytes, info.durationMs, info.bitrateKbps],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Genres are keyed by slug: "Hip Hop" and "hip-hop" are one genre, named as first seen. */
  private async writeTrackGenres(trackId: number, names: string[]): Promise<boolean> {
    const bySlug = new Map<string, string>();
    for (const name of names) if (!bySlug.has(slugify(name))) bySlug.set(slugify(name), name);
    const slugs = [...bySlug.keys()];
    if (slugs.length) {
      await this.db.query(
        `INSERT INTO genre (name, slug) SELECT x.name, x.slug FROM unnest($1::text[], $2::text[]) AS x(name, slug)
         WHERE NOT EXISTS (SELECT 1 FROM genre g WHERE g.slug = x.slug) ON CONFLICT (slug) DO NOTHING`,
        [[...bySlug.values()], slugs],
      );
    }
    const removed = await this.db.query(
      'DELETE FROM track_genre tg USING genre g WHERE tg.track_id = $1 AND g.id = tg.genre_id AND NOT (g.slug = ANY($2::text[]))',
      [trackId, slugs],
    );
    const added = await this.db.query(
      `INSERT INTO track_genre (track_id, genre_id) SELECT $1, id FROM genre WHERE slug = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [trackId, slugs],
    );
    return (removed.rowCount ?? 0) + (added.rowCount ?? 0) > 0;
  }

  /** A release's genres are those of its tracks. */
  private async refreshReleaseGenres(releaseId: number): Promise<void> {
    await this.db.query(
      `DELETE FROM release_genre rg WHERE rg.release_id = $1 AND NOT EXISTS (
         SELECT 1 FROM track t JOIN track_genre tg ON tg.track_id = t.id WHERE t.release_id = $1 AND tg.genre_id = rg.genre_id)`,
      [releaseId],
    );
    await this.db.query(
      `INSERT INTO release_genre (release_id, genre_id)
       SELECT DISTINCT $1::int, tg.genre_id FROM track t JOIN track_genre tg ON tg.track_id = t.id WHERE t.release_id = $1
       ON CONFLICT DO NOTHING`,
      [releaseId],
    );
  }

  /** The dropped release's artist, or null when the release stays. */
  private async dropReleaseIfEmpty(releaseId: number): Promise<number | null> {
    const { rows } = await this.db.query(
      'DELETE FROM release r WHERE r.id = $1 AND NOT EXISTS (SELECT 1 FROM track t WHERE t.release_id = r.id) RETURNING r.artist_id',
      [releaseId],
    );
    return rows[0]?.artist_id ?? null;
  }

  private async dropArtistIfUnused(artistId: number): Promise<void> {
    await this.db.query(
      `DELETE FROM artist a WHERE a.id = $1
         AND NOT EXISTS (SELECT 1 FROM track t WHERE t.artist_id = a.id)
         AND NOT EXISTS (SELECT 1 FROM release r WHERE r.artist_id = a.id)`,
      [artistId],
    );
  }
}
