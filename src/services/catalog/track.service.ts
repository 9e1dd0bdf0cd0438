import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { groupBy } from '../common/group-by.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import {
  anyInt,
  foldJoinedRow,
  genreIdsOf,
  JOINED_ARTIST_COLUMNS,
  JOINED_RELEASE_COLUMNS,
  TRACK_COLUMNS,
  type TrackRow,
  type TrackRowWithRelations,
  tracksWithFiles,
} from './catalog.rows.ts';
import { type Aliased, catalogQuery, runQuery, type Sql, withCte } from './catalog-db.ts';
import { afterCondition, inKeysetOrder, sortKeyColumn } from './keyset.ts';
import { SEARCH_CTE, searchQuery } from './search.ts';

export type TrackOrderValue = 'relevance' | 'title' | 'newest' | 'popular';

/** Filters with ids already resolved to database keys. */
export type TrackFilterArgs = {
  search?: string | null;
  artistId?: number | null;
  releaseId?: number | null;
  genre?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
};

/** Newest: the order tracks were added in, which is the order of their ids. */
export const NEWEST_TRACKS: KeysetOrder = { tag: 'tn', sortKey: null, sortType: 'int', idType: 'int', descending: true };
const TITLE: KeysetOrder = { tag: 'tt', sortKey: 't.title_key', sortType: 'text', idType: 'int', descending: false };
const POPULAR: KeysetOrder = { tag: 'tp', sortKey: 't.download_count', sortType: 'int', idType: 'int', descending: true };
/** Best match first: the sort key is the search's rank. */
const relevance = (rank: string): KeysetOrder => ({
  tag: 'tr',
  sortKey: rank,
  sortType: 'real',
  idType: 'int',
  descending: true,
});

export class TrackService {
  constructor(private readonly sql: Sql) {}

  async byIds(ids: readonly number[]): Promise<TrackRow[]> {
    return runQuery(this.sql, tracksWithFiles().select(TRACK_COLUMNS).where('t.id', '=', anyInt(ids)));
  }

  /**
   * `tracks(first, after, filter, orderBy)`: RELEVANCE is best match first with a search, else
   * newest. `include` brings each track's artist, release and the genre ids of both along in the
   * same statement, so that the usual page is one round trip.
   */
  async list(opts: {
    first: number;
    after?: string | null;
    filter: TrackFilterArgs;
    order: TrackOrderValue;
    include?: { artist?: boolean; release?: boolean; releaseGenres?: boolean; genres?: boolean };
  }): Promise<LazyPage<TrackRowWithRelations>> {
    const first = checkFirst(opts.first);
    const { filter } = opts;
    const search = filter.search ? searchQuery(filter.search) : null;
    const { genre, yearFrom, yearTo } = filter;
    const matching = ({ and, eb, exists, selectFrom }: ExpressionBuilder<Aliased<'track', 't'>, 't'>) => {
      const conditions: Expression<SqlBool>[] = [];
      if (search) conditions.push(search.match('t'));
      if (filter.artistId != null) conditions.push(eb('t.artist_id', '=', filter.artistId));
      if (filter.releaseId != null) conditions.push(eb('t.release_id', '=', filter.releaseId));
      if (genre != null) {
        const ofGenre = selectFrom('track_genre as tg')
          .innerJoin('genre as g', 'g.id', 'tg.genre_id')
          .select(sql.lit(1).as('one'))
          .whereRef('tg.track_id', '=', 't.id')
          .where('g.slug', '=', genre);
        conditions.push(exists(ofGenre));
      }
      // The column is a smallint: a bound is compared as an int, so that any Int a client sends is one.
      if (yearFrom != null) conditions.push(eb('t.year', '>=', sql<number>`${yearFrom}::int`));
      if (yearTo != null) conditions.push(eb('t.year', '<=', sql<number>`${yearTo}::int`));
      return and(conditions);
    };
    // A search's query is computed once, in a common table expression of the whole statement.
    const top = search ? withCte(SEARCH_CTE, search.cte) : catalogQuery;

    const order =
      opts.order === 'title'
        ? TITLE
        : opts.order === 'popular'
          ? POPULAR
          : opts.order === 'relevance' && search
            ? relevance(search.rank('t'))
            : NEWEST_TRACKS;
    const after = decodeKeyset(order, opts.after);
    const { sortKey } = order;
    // The page's ids first, ordered on the track table alone (ranking every match of a search is
    // the costly part: nothing else is joined until the page is cut), then the page's columns.
    const matches = catalogQuery
      .selectFrom('track as t')
      .select('t.id')
      .$if(sortKey != null, (q) => q.select(sortKeyColumn({ ...order, sortKey: sortKey as string })))
      .where(matching);
    const pageIds = catalogQuery
      .selectFrom(matches.as('s'))
      .selectAll()
      .$if(after != null, (q) => q.where(afterCondition(order, after as NonNullable<typeof after>)))
      .$call((q) => inKeysetOrder(q, order))
      .limit(first + 1);
    // Artists and releases by one primary-key lookup per row: LIMIT keeps the planner from
    // flattening them into a join, which it would answer by hashing every artist.
    const include = opts.include ?? {};
    const page = top
      .selectFrom(pageIds.as('s'))
      .innerJoin('track as t', 't.id', 's.id')
      .leftJoin('audio_file as f', 'f.track_id', 't.id')
      .select(TRACK_COLUMNS)
      .$if(sortKey != null, (q) => q.select(sql.ref('s.sortKey').as('sortKey')))
      .$if(include.artist === true, (q) =>
        q
          .crossJoinLateral((eb) =>
            eb.selectFrom('artist as a').selectAll().whereRef('a.id', '=', 't.artist_id').limit(sql.lit(1)).as('ja'),
          )
          .select(JOINED_ARTIST_COLUMNS),
      )
      .$if(include.release === true, (q) =>
        q
          .leftJoinLateral(
            (eb) => eb.selectFrom('release as r').selectAll().whereRef('r.id', '=', 't.release_id').limit(sql.lit(1)).as('jr'),
            (join) => join.onTrue(),
          )
          .select(JOINED_RELEASE_COLUMNS)
          .$if(include.releaseGenres === true, (q) =>
            q.select(genreIdsOf('release_genre', 'release_id', 'jr.id').as('jr_genre_ids')),
          ),
      )
      .$if(include.genres === true, (q) => q.select(genreIdsOf('track_genre', 'track_id', 't.id').as('jt_genre_ids')))
      .$call((q) => inKeysetOrder(q, order));
    const rows = await runQuery<TrackRow & { sortKey?: unknown }>(this.sql, page);
    if (include.artist || include.release || include.genres) for (const row of rows) foldJoinedRow(row);
    const totalCount = once(async () => {
      const count = top.selectFrom('track as t').select(sql<number>`count(*)::int`.as('n')).where(matching);
      const [row] = await runQuery<{ n: number }>(this.sql, count);
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }

  /** The tracks of each release, in track-number order. */
  async byReleases(releaseIds: readonly number[]): Promise<TrackRow[]> {
    return runQuery(
      this.sql,
      tracksWithFiles()
        .select(TRACK_COLUMNS)
        .where('t.release_id', '=', anyInt(releaseIds))
        .orderBy('t.release_id')
        .orderBy('t.disc_number', (o) => o.nullsFirst())
        .orderBy('t.track_number', (o) => o.nullsLast())
        .orderBy('t.title_key')
        .orderBy('t.id'),
    );
  }

  /** One page of newest tracks for each artist, in one statement; `artistId` tells whose row it is. */
  async pagesByArtists(opts: {
    artistIds: readonly number[];
    first: number;
    after?: string | null;
  }): Promise<{ rows: Map<number, TrackRow[]>; hasPrevious: boolean }> {
    const after = decodeKeyset(NEWEST_TRACKS, opts.after);
    const query = catalogQuery
      .selectFrom(sql<{ id: number }>`unnest(${opts.artistIds}::int[])`.as<'owner'>(sql`owner(id)`))
      .crossJoinLateral(() =>
        tracksWithFiles()
          .select(TRACK_COLUMNS)
          .whereRef('t.artist_id', '=', sql.ref('owner.id'))
          .$if(after != null, (q) => q.where('t.id', '<', (after as NonNullable<typeof after>).id))
          .orderBy('t.id', 'desc')
          .limit(opts.first + 1)
          .as('x'),
      )
      .selectAll('x');
    const rows = await runQuery<TrackRow>(this.sql, query);
    return { rows: groupBy(rows, (r) => r.artistId), hasPrevious: after != null };
  }

  async countsByArtists(artistIds: readonly number[]): Promise<Map<number, number>> {
    const query = catalogQuery
      .selectFrom('track')
      .select(['artist_id as id', sql<number>`count(*)::int`.as('n')])
      .where('artist_id', '=', anyInt(artistIds))
      .groupBy('artist_id');
    const rows = await runQuery<{ id: number; n: number }>(this.sql, query);
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
