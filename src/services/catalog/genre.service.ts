import { GENRE_COLUMNS, type GenreRow } from './catalog.rows.ts';
import type { Sql } from './catalog-db.ts';

export type OwnedGenreRow = GenreRow & { ownerId: number };

export class GenreService {
  constructor(private readonly sql: Sql) {}

  /** Every genre, by name. */
  async all(): Promise<GenreRow[]> {
    return this.sql<GenreRow>(`SELECT ${GENRE_COLUMNS} FROM genre g ORDER BY g.name, g.id`);
  }

  async byIds(ids: readonly number[]): Promise<GenreRow[]> {
    return this.sql<GenreRow>(`SELECT ${GENRE_COLUMNS} FROM genre g WHERE g.id = ANY($1::int[])`, [ids]);
  }

  /**
   * The genres of tracks and of releases in one statement. Owners are told apart by sign: a
   * track's id as it is, a release's negated (ids are positive), so that one loader batches both.
   */
  async byOwners(owners: readonly number[]): Promise<OwnedGenreRow[]> {
    const tracks = owners.filter((o) => o > 0);
    const releases = owners.filter((o) => o < 0).map((o) => -o);
    return this.sql<OwnedGenreRow>(
      `SELECT tg.track_id AS "ownerId", ${GENRE_COLUMNS} FROM track_genre tg JOIN genre g ON g.id = tg.genre_id
       WHERE tg.track_id = ANY($1::int[])
       UNION ALL
       SELECT -rg.release_id AS "ownerId", ${GENRE_COLUMNS} FROM release_genre rg JOIN genre g ON g.id = rg.genre_id
       WHERE rg.release_id = ANY($2::int[])
       ORDER BY name, id`,
      [tracks, releases],
    );
  }

  async byTracks(trackIds: readonly number[]): Promise<OwnedGenreRow[]> {
    return this.sql<OwnedGenreRow>(
      `SELECT tg.track_id AS "ownerId", ${GENRE_COLUMNS} FROM track_genre tg JOIN genre g ON g.id = tg.genre_id
       WHERE tg.track_id = ANY($1::int[]) ORDER BY g.name, g.id`,
      [trackIds],
    );
  }

  async byReleases(releaseIds: readonly number[]): Promise<OwnedGenreRow[]> {
    return this.sql<OwnedGenreRow>(
      `SELECT rg.release_id AS "ownerId", ${GENRE_COLUMNS} FROM release_genre rg JOIN genre g ON g.id = rg.genre_id
       WHERE rg.release_id = ANY($1::int[]) ORDER BY g.name, g.id`,
      [releaseIds],
    );
  }
}
