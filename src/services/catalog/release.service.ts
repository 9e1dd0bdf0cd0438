import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { groupBy } from '../common/group-by.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import { anyInt, RELEASE_COLUMNS, type ReleaseRow } from './catalog.rows.ts';
import { type Aliased, catalogQuery, runQuery, type Sql, withCte } from './catalog-db.ts';
import { afterCondition, inKeysetOrder, sortKeyColumn } from './keyset.ts';
import { SEARCH_CTE, searchQuery } from './search.ts';

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
    return runQuery(this.sql, catalogQuery.selectFrom('release as r').select(RELEASE_COLUMNS).where('r.id', '=', anyInt(ids)));
  }

  /** `releases(first, after, filter)`: best match first with a search, else newest. */
  async list(opts: { first: number; after?: string | null; filter: ReleaseFilterArgs }): Promise<LazyPage<ReleaseRow>> {
    const first = checkFirst(opts.first);
    const { filter } = opts;
    const search = filter.search ? searchQuery(filter.search) : null;
    const { genre, yearFrom, yearTo } = filter;
    const matching = ({ and, eb, exists, selectFrom }: ExpressionBuilder<Aliased<'release', 'r'>, 'r'>) => {
      const conditions: Expression<SqlBool>[] = [];
      if (search) conditions.push(search.match('r'));
      if (filter.artistId != null) conditions.push(eb('r.artist_id', '=', filter.artistId));
      if (genre != null) {
        const ofGenre = selectFrom('release_genre as rg')
          .innerJoin('genre as g', 'g.id', 'rg.genre_id')
          .select(sql.lit(1).as('one'))
          .whereRef('rg.release_id', '=', 'r.id')
          .where('g.slug', '=', genre);
        conditions.push(exists(ofGenre));
      }
      // The column is a smallint: a bound is compared as an int, so that any Int a client sends is one.
      if (yearFrom != null) conditions.push(eb('r.year', '>=', sql<number>`${yearFrom}::int`));
      if (yearTo != null) conditions.push(eb('r.year', '<=', sql<number>`${yearTo}::int`));
      return and(conditions);
    };
    const top = search ? withCte(SEARCH_CTE, search.cte) : catalogQuery;

    const order = search ? relevance(search.rank('r')) : NEWEST;
    const after = decodeKeyset(order, opts.after);
    const { sortKey } = order;
    const matches = catalogQuery
      .selectFrom('release as r')
      .select(RELEASE_COLUMNS)
      .$if(sortKey != null, (q) => q.select(sortKeyColumn({ ...order, sortKey: sortKey as string })))
      .where(matching);
    const page = top
      .selectFrom(matches.as('s'))
      .selectAll()
      .$if(after != null, (q) => q.where(afterCondition(order, after as NonNullable<typeof after>)))
      .$call((q) => inKeysetOrder(q, order))
      .limit(first + 1);
    const rows = await runQuery<ReleaseRow & { sortKey?: unknown }>(this.sql, page);
    const totalCount = once(async () => {
      const count = top.selectFrom('release as r').select(sql<number>`count(*)::int`.as('n')).where(matching);
      const [row] = await runQuery<{ n: number }>(this.sql, count);
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
    const year = sql<number>`coalesce(r.year, 0)`;
    const query = catalogQuery
      .selectFrom(sql<{ id: number }>`unnest(${opts.artistIds}::int[])`.as<'owner'>(sql`owner(id)`))
      .crossJoinLateral(() =>
        catalogQuery
          .selectFrom('release as r')
          .select([...RELEASE_COLUMNS, year.as('sortKey')])
          .whereRef('r.artist_id', '=', sql.ref('owner.id'))
          .$if(after != null, (q) => {
            const { sortKey, id } = after as NonNullable<typeof after>;
            return q.where(sql<SqlBool>`(${year}, r.id) < (${sortKey}::int, ${id})`);
          })
          .orderBy(year, 'desc')
          .orderBy('r.id', 'desc')
          .limit(opts.first + 1)
          .as('x'),
      )
      .selectAll('x');
    const rows = await runQuery<ReleaseRow & { sortKey: number }>(this.sql, query);
    return { rows: groupBy(rows, (r) => r.artistId), hasPrevious: after != null };
  }

  async countsByArtists(artistIds: readonly number[]): Promise<Map<number, number>> {
    const query = catalogQuery
      .selectFrom('release')
      .select(['artist_id as id', sql<number>`count(*)::int`.as('n')])
      .where('artist_id', '=', anyInt(artistIds))
      .groupBy('artist_id');
    const rows = await runQuery<{ id: number; n: number }>(this.sql, query);
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
