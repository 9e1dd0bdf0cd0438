import { GENRE_COLUMNS, type GenreRow } from './catalog.rows.ts';
import type { Sql } from './catalog-db.ts';

export type OwnedGenreId = { ownerId: number; genreId: number };

export class GenreService {
  constructor(private readonly sql: Sql) {}

  /** Every genre, by name. */
  async all(): Promise<GenreRow[]> {
    return this.sql<GenreRow>(`SELECT ${GENRE_COLUMNS} FROM genre g ORDER BY g.name, g.id`);
  }

  /**
   * The genre ids of tracks and of releases in one statement, read from the pivot tables alone
   * (GenreDirectory names them). Owners are told apart by sign: a track's id as it is, a release's
   * negated (ids are positive), so that one loader batches both.
   */
  async idsByOwners(owners: readonly number[]): Promise<OwnedGenreId[]> {
    const tracks = owners.filter((o) => o > 0);
    const releases = owners.filter((o) => o < 0).map((o) => -o);
    return this.sql<OwnedGenreId>(
      `SELECT track_id AS "ownerId", genre_id AS "genreId" FROM track_genre WHERE track_id = ANY($1::int[])
       UNION ALL
       SELECT -release_id, genre_id FROM release_genre WHERE release_id = ANY($2::int[])`,
      [tracks, releases],
    );
  }
}
