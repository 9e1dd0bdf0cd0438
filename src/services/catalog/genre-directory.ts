import type { GenreRow } from './catalog.rows.ts';
import type { Sql } from './catalog-db.ts';
import { GenreService } from './genre.service.ts';

/** A genre with its place in PostgreSQL's `ORDER BY name, id` over all genres. */
export type RankedGenre = GenreRow & { rank: number };

/**
 * Every genre by id, held for the life of the process, so that pages can name their genres by id
 * and have them answered without a statement or a join.
 *
 * This is safe because a genre row never changes once written: the importer and the synthesizer
 * only insert genres (`ON CONFLICT DO NOTHING`), nothing renames one, and one is deleted only when
 * no track or release names it. A cached id is therefore never stale, at most missing; a missing id
 * reloads the whole table (genres number in the tens or hundreds), which also recomputes `rank`,
 * so that lists sort exactly as SQL would, under the database's collation, without comparing
 * strings in JavaScript.
 */
export class GenreDirectory {
  #byId = new Map<number, RankedGenre>();
  #reloading: Promise<void> | undefined;

  readonly #genres: GenreService;

  constructor(sql: Sql) {
    this.#genres = new GenreService(sql);
  }

  /**
   * Resolves once every id given is known. A reload already under way may have read the table
   * before a new genre was written, so a second, fresh one follows when an id is still missing; an
   * id missing after that no longer exists, and `sorted` leaves it out.
   */
  async ensure(ids: readonly number[]): Promise<void> {
    for (let attempt = 0; attempt < 2 && ids.some((id) => !this.#byId.has(id)); attempt++) await this.#reload();
  }

  /**
   * The known genres among these ids, in name order. An insertion by rank: lists hold a few
   * genres, and Array#sort allocates a work array each call (a tenth of the catalog page's garbage).
   */
  sorted(ids: readonly number[]): RankedGenre[] {
    // Sized once (a first push makes room for seventeen), cut to the genres known.
    const genres: RankedGenre[] = new Array(ids.length);
    let known = 0;
    for (const id of ids) {
      const genre = this.#byId.get(id);
      if (!genre) continue;
      let at = known++;
      while (at > 0 && (genres[at - 1] as RankedGenre).rank > genre.rank) {
        genres[at] = genres[at - 1] as RankedGenre;
        at--;
      }
      genres[at] = genre;
    }
    if (known < genres.length) genres.length = known;
    return genres;
  }

  get(id: number): RankedGenre | undefined {
    return this.#byId.get(id);
  }

  /** One reload at a time, shared by every request that waits on it. */
  #reload(): Promise<void> {
    this.#reloading ??= this.#genres
      .all()
      .then((rows) => {
        this.#byId = new Map(rows.map((row, rank) => [row.id, { ...row, rank }]));
      })
      .finally(() => {
        this.#reloading = undefined;
      });
    return this.#reloading;
  }
}
