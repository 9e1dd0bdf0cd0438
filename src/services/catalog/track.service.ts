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
  TRACK_FILE_COLUMNS,
  type TrackColumnChoice,
  type TrackRow,
  type TrackRowWithRelations,
  tracksWithFiles,
  trackTableColumns,
} from './catalog.rows.ts';
import { type Aliased, catalogQuery, present, runTemplate, type Sql } from './catalog-db.ts';
import { cutPage, inKeysetOrder, pageValues, sortKeyColumn } from './keyset.ts';
import { searchQuery, searchTerms, withSearch } from './search.ts';

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

/** A statement's values (or their stand-ins: see `runTemplate`), the absent ones left out. */
type Values = Record<string, unknown>;

/** The tracks that match the filter's values (each condition only when its value is given). */
function trackMatches({ and, eb, exists, selectFrom }: ExpressionBuilder<Aliased<'track', 't'>, 't'>, v: Values) {
  const conditions: Expression<SqlBool>[] = [];
  if (v.words != null || v.bigrams != null) conditions.push(searchQuery(v).match('t'));
  if (v.artistId != null) conditions.push(eb('t.artist_id', '=', v.artistId as number));
  if (v.releaseId != null) conditions.push(eb('t.release_id', '=', v.releaseId as number));
  if (v.genre != null) {
    const ofGenre = selectFrom('track_genre as tg')
      .innerJoin('genre as g', 'g.id', 'tg.genre_id')
      .select(sql.lit(1).as('one'))
      .whereRef('tg.track_id', '=', 't.id')
      .where('g.slug', '=', v.genre as string);
    conditions.push(exists(ofGenre));
  }
  // The column is a smallint: a bound is compared as an int, so that any Int a client sends is one.
  if (v.yearFrom != null) conditions.push(eb('t.year', '>=', sql<number>`${v.yearFrom}::int`));
  if (v.yearTo != null) conditions.push(eb('t.year', '<=', sql<number>`${v.yearTo}::int`));
  return and(conditions);
}

/** What a page brings along with its tracks' keys and titles (see TrackService.list). */
export type TrackPageInclude = TrackColumnChoice & {
  artist?: boolean;
  release?: boolean;
  releaseGenres?: boolean;
  genres?: boolean;
};

/** The page's statement: its ids cut on the track table alone, then their columns and relations. */
function tracksPage(v: Values, order: KeysetOrder, include: TrackPageInclude) {
  const { sortKey } = order;
  // The page's ids first, ordered on the track table alone (ranking every match of a search is
  // the costly part: nothing else is joined until the page is cut), then the page's columns.
  const matches = catalogQuery
    .selectFrom('track as t')
    .select('t.id')
    .$if(sortKey != null, (q) => q.select(sortKeyColumn({ ...order, sortKey: sortKey as string })))
    .where((eb) => trackMatches(eb, v));
  const pageIds = catalogQuery
    .selectFrom(matches.as('s'))
    .selectAll()
    .$call((q) => cutPage(q, order, v));
  // Artists and releases by one primary-key lookup per row: LIMIT keeps the planner from
  // flattening them into a join, which it would answer by hashing every artist.
  return withSearch(v)
    .selectFrom(pageIds.as('s'))
    .innerJoin('track as t', 't.id', 's.id')
    .select(trackTableColumns(include))
    .$if(include.file === true, (q) => q.leftJoin('audio_file as f', 'f.track_id', 't.id').select(TRACK_FILE_COLUMNS))
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
}

export class TrackService {
  constructor(private readonly sql: Sql) {}

  async byIds(ids: readonly number[]): Promise<TrackRow[]> {
    return runTemplate(this.sql, 'tracks.byIds', { ids }, (v) =>
      tracksWithFiles().select(TRACK_COLUMNS).where('t.id', '=', anyInt(v.ids)),
    );
  }

  /**
   * `tracks(first, after, filter, orderBy)`: RELEVANCE is best match first with a search, else
   * newest. Rows carry their keys and title, and what `include` asks for: the track's other
   * columns (its audio file's are a join), and its artist, release and the genre ids of both, in
   * the same statement, so that the usual page is one round trip.
   */
  async list(opts: {
    first: number;
    after?: string | null;
    filter: TrackFilterArgs;
    order: TrackOrderValue;
    include?: TrackPageInclude;
  }): Promise<LazyPage<TrackRowWithRelations>> {
    const first = checkFirst(opts.first);
    const { filter } = opts;
    const terms = filter.search ? searchTerms(filter.search) : null;
    const order =
      opts.order === 'title'
        ? TITLE
        : opts.order === 'popular'
          ? POPULAR
          : opts.order === 'relevance' && terms
            ? relevance(searchQuery(terms).rank('t'))
            : NEWEST_TRACKS;
    const after = decodeKeyset(order, opts.after);
    const include = opts.include ?? {};
    const matchValues = present({
      ...terms,
      artistId: filter.artistId,
      releaseId: filter.releaseId,
      genre: filter.genre,
      yearFrom: filter.yearFrom,
      yearTo: filter.yearTo,
    });
    const page = pageValues(matchValues, after, first);
    const includes = Object.entries(include).flatMap(([key, wanted]) => (wanted ? [key] : []));
    const rows = await runTemplate<TrackRowWithRelations & { sortKey?: unknown }, Values>(
      this.sql,
      `tracks.page ${order.tag} ${Object.keys(page)} ${includes}`,
      page,
      (v) => tracksPage(v, order, include),
    );
    if (includes.length) for (const row of rows) foldJoinedRow(row);
    const totalCount = once(async () => {
      const [row] = await runTemplate<{ n: number }, Values>(
        this.sql,
        `tracks.count ${Object.keys(matchValues)}`,
        matchValues,
        (v) =>
          withSearch(v)
            .selectFrom('track as t')
            .select(sql<number>`count(*)::int`.as('n'))
            .where((eb) => trackMatches(eb, v)),
      );
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }

  /** The tracks of each release, in track-number order. */
  async byReleases(releaseIds: readonly number[]): Promise<TrackRow[]> {
    return runTemplate(this.sql, 'tracks.byReleases', { releaseIds }, (v) =>
      tracksWithFiles()
        .select(TRACK_COLUMNS)
        .where('t.release_id', '=', anyInt(v.releaseIds))
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
    const values = present({ artistIds: opts.artistIds, afterId: after?.id, limit: opts.first + 1 });
    const rows = await runTemplate<TrackRow, Values>(this.sql, `tracks.byArtists ${Object.keys(values)}`, values, (v) =>
      catalogQuery
        .selectFrom(sql<{ id: number }>`unnest(${v.artistIds}::int[])`.as<'owner'>(sql`owner(id)`))
        .crossJoinLateral(() =>
          tracksWithFiles()
            .select(TRACK_COLUMNS)
            .whereRef('t.artist_id', '=', sql.ref('owner.id'))
            .$if(v.afterId != null, (q) => q.where('t.id', '<', v.afterId as number))
            .orderBy('t.id', 'desc')
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
      'tracks.countsByArtists',
      { artistIds },
      (v) =>
        catalogQuery
          .selectFrom('track')
          .select(['artist_id as id', sql<number>`count(*)::int`.as('n')])
          .where('artist_id', '=', anyInt(v.artistIds))
          .groupBy('artist_id'),
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
