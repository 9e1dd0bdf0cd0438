import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { groupBy } from '../common/group-by.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import { anyInt, RELEASE_COLUMNS, type ReleaseRow } from './catalog.rows.ts';
import { type Aliased, catalogQuery, present, runTemplate, type Sql } from './catalog-db.ts';
import { cutPage, pageValues, sortKeyColumn } from './keyset.ts';
import { searchQuery, searchTerms, withSearch } from './search.ts';

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

/** A statement's values (or their stand-ins: see `runTemplate`), the absent ones left out. */
type Values = Record<string, unknown>;

/** The releases that match the filter's values (each condition only when its value is given). */
function releaseMatches({ and, eb, exists, selectFrom }: ExpressionBuilder<Aliased<'release', 'r'>, 'r'>, v: Values) {
  const conditions: Expression<SqlBool>[] = [];
  if (v.words != null || v.bigrams != null) conditions.push(searchQuery(v).match('r'));
  if (v.artistId != null) conditions.push(eb('r.artist_id', '=', v.artistId as number));
  if (v.genre != null) {
    const ofGenre = selectFrom('release_genre as rg')
      .innerJoin('genre as g', 'g.id', 'rg.genre_id')
      .select(sql.lit(1).as('one'))
      .whereRef('rg.release_id', '=', 'r.id')
      .where('g.slug', '=', v.genre as string);
    conditions.push(exists(ofGenre));
  }
  // The column is a smallint: a bound is compared as an int, so that any Int a client sends is one.
  if (v.yearFrom != null) conditions.push(eb('r.year', '>=', sql<number>`${v.yearFrom}::int`));
  if (v.yearTo != null) conditions.push(eb('r.year', '<=', sql<number>`${v.yearTo}::int`));
  return and(conditions);
}

export class ReleaseService {
  constructor(private readonly sql: Sql) {}

  async byIds(ids: readonly number[]): Promise<ReleaseRow[]> {
    return runTemplate(this.sql, 'releases.byIds', { ids }, (v) =>
      catalogQuery.selectFrom('release as r').select(RELEASE_COLUMNS).where('r.id', '=', anyInt(v.ids)),
    );
  }

  /** `releases(first, after, filter)`: best match first with a search, else newest. */
  async list(opts: { first: number; after?: string | null; filter: ReleaseFilterArgs }): Promise<LazyPage<ReleaseRow>> {
    const first = checkFirst(opts.first);
    const { filter } = opts;
    const terms = filter.search ? searchTerms(filter.search) : null;
    const order = terms ? relevance(searchQuery(terms).rank('r')) : NEWEST;
    const after = decodeKeyset(order, opts.after);
    const matchValues = present({
      ...terms,
      artistId: filter.artistId,
      genre: filter.genre,
      yearFrom: filter.yearFrom,
      yearTo: filter.yearTo,
    });
    const page = pageValues(matchValues, after, first);
    const rows = await runTemplate<ReleaseRow & { sortKey?: unknown }, Values>(
      this.sql,
      `releases.page ${order.tag} ${Object.keys(page)}`,
      page,
      (v) => {
        const { sortKey } = order;
        const matches = catalogQuery
          .selectFrom('release as r')
          .select(RELEASE_COLUMNS)
          .$if(sortKey != null, (q) => q.select(sortKeyColumn({ ...order, sortKey: sortKey as string })))
          .where((eb) => releaseMatches(eb, v));
        return withSearch(v)
          .selectFrom(matches.as('s'))
          .selectAll()
          .$call((q) => cutPage(q, order, v));
      },
    );
    const totalCount = once(async () => {
      const [row] = await runTemplate<{ n: number }, Values>(
        this.sql,
        `releases.count ${Object.keys(matchValues)}`,
        matchValues,
        (v) =>
          withSearch(v)
            .selectFrom('release as r')
            .select(sql<number>`count(*)::int`.as('n'))
            .where((eb) => releaseMatches(eb, v)),
      );
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
    const values = present({
      artistIds: opts.artistIds,
      afterSortKey: after?.sortKey,
      afterId: after?.id,
      limit: opts.first + 1,
    });
    const rows = await runTemplate<ReleaseRow & { sortKey: number }, Values>(
      this.sql,
      `releases.byArtists ${Object.keys(values)}`,
      values,
      (v) =>
        catalogQuery
          .selectFrom(sql<{ id: number }>`unnest(${v.artistIds}::int[])`.as<'owner'>(sql`owner(id)`))
          .crossJoinLateral(() =>
            catalogQuery
              .selectFrom('release as r')
              .select([...RELEASE_COLUMNS, year.as('sortKey')])
              .whereRef('r.artist_id', '=', sql.ref('owner.id'))
              .$if(v.afterId != null, (q) => q.where(sql<SqlBool>`(${year}, r.id) < (${v.afterSortKey}::int, ${v.afterId})`))
              .orderBy(year, 'desc')
              .orderBy('r.id', 'desc')
              .limit(v.limit as number)
              .as('x'),
          )
          .selectAll('x'),
    );
    return { rows: groupBy(rows, (r) => r.artistId), hasPrevious: after != null };
  }

  async countsByArtists(artistIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await runTemplate<{ id: number; n: number }, { artistIds: readonly number[] }>(
      this.sql,
      'releases.countsByArtists',
      { artistIds },
      (v) =>
        catalogQuery
          .selectFrom('release')
          .select(['artist_id as id', sql<number>`count(*)::int`.as('n')])
          .where('artist_id', '=', anyInt(v.artistIds))
          .groupBy('artist_id'),
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
