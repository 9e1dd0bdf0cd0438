import { sql } from 'kysely';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import { ARTIST_COLUMNS, type ArtistRow, anyInt } from './catalog.rows.ts';
import { catalogQuery, runQuery, type Sql, withCte } from './catalog-db.ts';
import { afterCondition, inKeysetOrder, sortKeyColumn } from './keyset.ts';
import { SEARCH_CTE, searchQuery } from './search.ts';

/** By name, accents and case ignored. */
const BY_NAME: KeysetOrder = { tag: 'an', sortKey: 'a.sort_key', sortType: 'text', idType: 'int', descending: false };
const relevance = (rank: string): KeysetOrder => ({
  tag: 'ar',
  sortKey: rank,
  sortType: 'real',
  idType: 'int',
  descending: true,
});

export class ArtistService {
  constructor(private readonly sql: Sql) {}

  async byIds(ids: readonly number[]): Promise<ArtistRow[]> {
    return runQuery(this.sql, catalogQuery.selectFrom('artist as a').select(ARTIST_COLUMNS).where('a.id', '=', anyInt(ids)));
  }

  /** `artists(first, after, search)`: best match first with a search, else by name. */
  async list(opts: { first: number; after?: string | null; search?: string | null }): Promise<LazyPage<ArtistRow>> {
    const first = checkFirst(opts.first);
    const search = opts.search ? searchQuery(opts.search) : null;
    const top = search ? withCte(SEARCH_CTE, search.cte) : catalogQuery;
    const order = search ? relevance(search.rank('a')) : BY_NAME;
    const after = decodeKeyset(order, opts.after);
    const matches = catalogQuery
      .selectFrom('artist as a')
      .select([...ARTIST_COLUMNS, sortKeyColumn({ ...order, sortKey: order.sortKey as string })])
      .$if(search != null, (q) => q.where((search as NonNullable<typeof search>).match('a')));
    const page = top
      .selectFrom(matches.as('s'))
      .selectAll()
      .$if(after != null, (q) => q.where(afterCondition(order, after as NonNullable<typeof after>)))
      .$call((q) => inKeysetOrder(q, order))
      .limit(first + 1);
    const rows = await runQuery<ArtistRow & { sortKey: unknown }>(this.sql, page);
    const totalCount = once(async () => {
      const count = top
        .selectFrom('artist as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .$if(search != null, (q) => q.where((search as NonNullable<typeof search>).match('a')));
      const [row] = await runQuery<{ n: number }>(this.sql, count);
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }
}
