import { GENRE_COLUMNS, type GenreRow } from './catalog.rows.ts';
import type { Sql } from './catalog-db.ts';

/** Which tracks' and releases' genres a statement asks for. */
export type GenreOwners = { trackIds: readonly number[]; releaseIds: readonly number[] };

export type OwnedGenreId = { owner: 'track' | 'release'; ownerId: number; genreId: number };

export class GenreService {
  constructor(private readonly sql: Sql) {}

  /** Every genre, by name. */
  async all(): Promise<GenreRow[]> {
    return this.sql<GenreRow>(`SELECT ${GENRE_COLUMNS} FROM genre g ORDER BY g.name, g.id`);
  }

  /**
   * The genre ids of tracks and of releases in one statement, read from the pivot tables alone
   * (GenreDirectory names them), so that one batch serves both kinds of owner.
   */
  async idsByOwners(owners: GenreOwners): Promise<OwnedGenreId[]> {
    return this.sql<OwnedGenreId>(
      `SELECT 'track' AS owner, track_id AS "ownerId", genre_id AS "genreId" FROM track_genre WHERE track_id = ANY($1::int[])
       UNION ALL
       SELECT 'release', release_id, genre_id FROM release_genre WHERE release_id = ANY($2::int[])`,
      [owners.trackIds, owners.releaseIds],
    );
  }
}
