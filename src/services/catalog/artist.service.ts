import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import { ARTIST_COLUMNS, type ArtistRow } from './catalog.rows.ts';
import { Params, type Sql } from './catalog-db.ts';
import { afterCondition, orderByClause } from './keyset.ts';
import { searchQuery } from './search.ts';

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
    return this.sql<ArtistRow>(`SELECT ${ARTIST_COLUMNS} FROM artist a WHERE a.id = ANY($1::int[])`, [ids]);
  }

  /** `artists(first, after, search)`: best match first with a search, else by name. */
  async list(opts: { first: number; after?: string | null; search?: string | null }): Promise<LazyPage<ArtistRow>> {
    const first = checkFirst(opts.first);
    const p = new Params();
    const search = opts.search ? searchQuery(p, opts.search) : null;
    const withSearch = search ? `WITH ${search.cte} ` : '';
    const where = search ? `WHERE ${search.match('a')}` : '';
    const countValues = [...p.values];
    const order = search ? relevance(search.rank('a')) : BY_NAME;
    const after = decodeKeyset(order, opts.after);
    const outer = after ? `WHERE ${afterCondition(order, after, p)}` : '';
    const rows = await this.sql<ArtistRow & { sortKey: unknown }>(
      `${withSearch}SELECT * FROM (SELECT ${ARTIST_COLUMNS}, ${order.sortKey} AS "sortKey" FROM artist a ${where}) s ${outer} ORDER BY ${orderByClause(order)} LIMIT ${p.add(first + 1)}`,
      p.values,
    );
    const totalCount = once(async () => {
      const [row] = await this.sql<{ n: number }>(`${withSearch}SELECT count(*)::int AS n FROM artist a ${where}`, countValues);
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }
}
