import { sql } from 'kysely';
import { anyInt, GENRE_COLUMNS, type GenreRow } from './catalog.rows.ts';
import { catalogQuery, runTemplate, type Sql } from './catalog-db.ts';

/** Which tracks' and releases' genres a statement asks for. */
export type GenreOwners = { trackIds: readonly number[]; releaseIds: readonly number[] };

export type OwnedGenreId = { owner: 'track' | 'release'; ownerId: number; genreId: number };

export class GenreService {
  constructor(private readonly sql: Sql) {}

  /** Every genre, by name. */
  async all(): Promise<GenreRow[]> {
    return runTemplate(this.sql, 'genres.all', {}, () =>
      catalogQuery.selectFrom('genre as g').select(GENRE_COLUMNS).orderBy('g.name').orderBy('g.id'),
    );
  }

  /**
   * The genre ids of tracks and of releases in one statement, read from the pivot tables alone
   * (GenreDirectory names them), so that one batch serves both kinds of owner.
   */
  async idsByOwners(owners: GenreOwners): Promise<OwnedGenreId[]> {
    return runTemplate(this.sql, 'genres.idsByOwners', { ...owners }, (v) => {
      const ofTracks = catalogQuery
        .selectFrom('track_genre')
        .select([sql.lit('track').as('owner'), 'track_id as ownerId', 'genre_id as genreId'])
        .where('track_id', '=', anyInt(v.trackIds));
      const ofReleases = catalogQuery
        .selectFrom('release_genre')
        .select([sql.lit('release').as('owner'), 'release_id as ownerId', 'genre_id as genreId'])
        .where('release_id', '=', anyInt(v.releaseIds));
      return ofTracks.unionAll(ofReleases);
    });
  }
}
