import { groupBy } from '../common/group-by.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import { RELEASE_COLUMNS, type ReleaseRow } from './catalog.rows.ts';
import { Params, type Sql } from './catalog-db.ts';
import { afterCondition, orderByClause } from './keyset.ts';
import { searchQuery } from './search.ts';

export type ReleaseFilterArgs = {
  search?: string | null;
  artistId?: number | null;
  genre?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
};

const NEWEST: KeysetOrder = { tag: 'rn', sortKey: null, sortType: 'int', idType: 'int', descending: true };
const relevance = (rank: string): KeysetOrder => ({
  tag: 'rr',
  sortKey: rank,
  sortType: 'real',
  idType: 'int',
  descending: true,
});
/** An artist's discography: latest year first, undated last. */
export const DISCOGRAPHY: KeysetOrder = {
  tag: 'ry',
  sortKey: 'coalesce(r.year, 0)',
  sortType: 'int',
  idType: 'int',
  descending: true,
};

export class ReleaseService {
  constructor(private readonly sql: Sql) {}

  async byIds(ids: readonly number[]): Promise<ReleaseRow[]> {
    return this.sql<ReleaseRow>(`SELECT ${RELEASE_COLUMNS} FROM release r WHERE r.id = ANY($1::int[])`, [ids]);
  }

  /** `releases(first, after, filter)`: best match first with a search, else newest. */
  async list(opts: { first: number; after?: string | null; filter: ReleaseFilterArgs }): Promise<LazyPage<ReleaseRow>> {
    const first = checkFirst(opts.first);
    const { filter } = opts;
    const p = new Params();
    const conditions: string[] = [];
    const search = filter.search ? searchQuery(p, filter.search) : null;
    const withSearch = search ? `WITH ${search.cte} ` : '';
    if (search) conditions.push(search.match('r'));
    if (filter.artistId != null) conditions.push(`r.artist_id = ${p.add(filter.artistId)}`);
    if (filter.genre != null) {
      conditions.push(
        `EXISTS (SELECT 1 FROM release_genre rg JOIN genre g ON g.id = rg.genre_id WHERE rg.release_id = r.id AND g.slug = ${p.add(filter.genre)})`,
      );
    }
    // The column is a smallint: a bound is compared as an int, so that any Int a client sends is one.
    if (filter.yearFrom != null) conditions.push(`r.year >= ${p.add(filter.yearFrom)}::int`);
    if (filter.yearTo != null) conditions.push(`r.year <= ${p.add(filter.yearTo)}::int`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const countValues = [...p.values];

    const order = search ? relevance(search.rank('r')) : NEWEST;
    const after = decodeKeyset(order, opts.after);
    const sortKey = order.sortKey ? `, ${order.sortKey} AS "sortKey"` : '';
    const outer = after ? `WHERE ${afterCondition(order, after, p)}` : '';
    const rows = await this.sql<ReleaseRow & { sortKey?: unknown }>(
      `${withSearch}SELECT * FROM (SELECT ${RELEASE_COLUMNS}${sortKey} FROM release r ${where}) s ${outer} ORDER BY ${orderByClause(order)} LIMIT ${p.add(first + 1)}`,
      p.values,
    );
    const totalCount = once(async () => {
      const [row] = await this.sql<{ n: number }>(`${withSearch}SELECT count(*)::int AS n FROM release r ${where}`, countValues);
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }

  /** One page of each artist's discography, in one statement. */
  async pagesByArtists(opts: {
    artistIds: readonly number[];
    first: number;
    after?: string | null;
  }): Promise<{ rows: Map<number, (ReleaseRow & { sortKey: number })[]>; hasPrevious: boolean }> {
    const after = decodeKeyset(DISCOGRAPHY, opts.after);
    const p = new Params();
    const ids = p.add(opts.artistIds);
    const afterSql = after ? `AND (coalesce(r.year, 0), r.id) < (${p.add(after.sortKey)}::int, ${p.add(after.id)})` : '';
    const rows = await this.sql<ReleaseRow & { sortKey: number }>(
      `SELECT x.* FROM unnest(${ids}::int[]) AS owner(id) CROSS JOIN LATERAL (
         SELECT ${RELEASE_COLUMNS}, coalesce(r.year, 0) AS "sortKey" FROM release r
         WHERE r.artist_id = owner.id ${afterSql}
         ORDER BY coalesce(r.year, 0) DESC, r.id DESC LIMIT ${p.add(opts.first + 1)}
       ) x`,
      p.values,
    );
    return { rows: groupBy(rows, (r) => r.artistId), hasPrevious: after != null };
  }

  async countsByArtists(artistIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.sql<{ id: number; n: number }>(
      'SELECT artist_id AS id, count(*)::int AS n FROM release WHERE artist_id = ANY($1::int[]) GROUP BY artist_id',
      [artistIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
