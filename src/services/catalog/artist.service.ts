import { sql } from 'kysely';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import { ARTIST_COLUMNS, type ArtistRow, anyInt } from './catalog.rows.ts';
import { catalogQuery, present, runTemplate, type Sql } from './catalog-db.ts';
import { cutPage, pageValues, sortKeyColumn } from './keyset.ts';
import { searchQuery, searchTerms, withSearch } from './search.ts';

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
    return runTemplate(this.sql, 'artists.byIds', { ids }, (v) =>
      catalogQuery.selectFrom('artist as a').select(ARTIST_COLUMNS).where('a.id', '=', anyInt(v.ids)),
    );
  }

  /** `artists(first, after, search)`: best match first with a search, else by name. */
  async list(opts: { first: number; after?: string | null; search?: string | null }): Promise<LazyPage<ArtistRow>> {
    const first = checkFirst(opts.first);
    const terms = opts.search ? searchTerms(opts.search) : {};
    const searched = Boolean(opts.search);
    const order = searched ? relevance(searchQuery(terms).rank('a')) : BY_NAME;
    const after = decodeKeyset(order, opts.after);
    const matchValues = present({ ...terms });
    const page = pageValues(matchValues, after, first);
    const matching = (v: Record<string, unknown>) =>
      catalogQuery.selectFrom('artist as a').$if(searched, (q) => q.where(searchQuery(v).match('a')));
    const rows = await runTemplate<ArtistRow & { sortKey: unknown }, Record<string, unknown>>(
      this.sql,
      `artists.page ${order.tag} ${Object.keys(page)}`,
      page,
      (v) =>
        withSearch(v)
          .selectFrom(
            matching(v)
              .select([...ARTIST_COLUMNS, sortKeyColumn({ ...order, sortKey: order.sortKey as string })])
              .as('s'),
          )
          .selectAll()
          .$call((q) => cutPage(q, order, v)),
    );
    const totalCount = once(async () => {
      const [row] = await runTemplate<{ n: number }, Record<string, unknown>>(
        this.sql,
        `artists.count ${Object.keys(matchValues)}`,
        matchValues,
        (v) =>
          withSearch(v)
            .selectFrom('artist as a')
            .select(sql<number>`count(*)::int`.as('n'))
            .$if(searched, (q) => q.where(searchQuery(v).match('a'))),
      );
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }
}
