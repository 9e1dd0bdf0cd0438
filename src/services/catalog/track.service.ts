import { groupBy } from '../common/group-by.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type LazyPage, once, toLazyPage } from '../common/keyset.ts';
import {
  foldJoinedRow,
  genreIdsOf,
  JOINED_ARTIST_COLUMNS,
  JOINED_RELEASE_COLUMNS,
  TRACK_COLUMNS,
  TRACK_FROM,
  type TrackRow,
  type TrackRowWithRelations,
} from './catalog.rows.ts';
import { Params, type Sql } from './catalog-db.ts';
import { afterCondition, orderByClause } from './keyset.ts';
import { searchQuery } from './search.ts';

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

/** In track-number order: disc, number (unnumbered last), title. */
const RELEASE_ORDER = 't.release_id, t.disc_number NULLS FIRST, t.track_number NULLS LAST, t.title_key, t.id';

export class TrackService {
  constructor(private readonly sql: Sql) {}

  async byIds(ids: readonly number[]): Promise<TrackRow[]> {
    return this.sql<TrackRow>(`SELECT ${TRACK_COLUMNS} FROM ${TRACK_FROM} WHERE t.id = ANY($1::int[])`, [ids]);
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
    const p = new Params();
    const conditions: string[] = [];
    const search = filter.search ? searchQuery(p, filter.search) : null;
    const withSearch = search ? `WITH ${search.cte} ` : '';
    if (search) conditions.push(search.match('t'));
    if (filter.artistId != null) conditions.push(`t.artist_id = ${p.add(filter.artistId)}`);
    if (filter.releaseId != null) conditions.push(`t.release_id = ${p.add(filter.releaseId)}`);
    if (filter.genre != null) {
      conditions.push(
        `EXISTS (SELECT 1 FROM track_genre tg JOIN genre g ON g.id = tg.genre_id WHERE tg.track_id = t.id AND g.slug = ${p.add(filter.genre)})`,
      );
    }
    // The column is a smallint: a bound is compared as an int, so that any Int a client sends is one.
    if (filter.yearFrom != null) conditions.push(`t.year >= ${p.add(filter.yearFrom)}::int`);
    if (filter.yearTo != null) conditions.push(`t.year <= ${p.add(filter.yearTo)}::int`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const countValues = [...p.values];

    const order =
      opts.order === 'title'
        ? TITLE
        : opts.order === 'popular'
          ? POPULAR
          : opts.order === 'relevance' && search
            ? relevance(search.rank('t'))
            : NEWEST_TRACKS;
    const after = decodeKeyset(order, opts.after);
    const sortKey = order.sortKey ? `, ${order.sortKey} AS "sortKey"` : '';
    const outer = after ? `WHERE ${afterCondition(order, after, p)}` : '';
    // The page's ids first, ordered on the track table alone (ranking every match of a search is
    // the costly part: nothing else is joined until the page is cut), then the page's columns.
    const pageIds = `SELECT * FROM (SELECT t.id${sortKey} FROM track t ${where}) s ${outer} ORDER BY ${orderByClause(order)} LIMIT ${p.add(first + 1)}`;
    // Artists and releases by one primary-key lookup per row: LIMIT keeps the planner from
    // flattening them into a join, which it would answer by hashing every artist.
    const include = opts.include ?? {};
    const joined = [
      include.artist
        ? [JOINED_ARTIST_COLUMNS, 'CROSS JOIN LATERAL (SELECT * FROM artist a WHERE a.id = t.artist_id LIMIT 1) ja']
        : null,
      include.release
        ? [
            include.releaseGenres
              ? `${JOINED_RELEASE_COLUMNS}, ${genreIdsOf('release_genre', 'release_id', 'jr.id')} AS "jr_genre_ids"`
              : JOINED_RELEASE_COLUMNS,
            'LEFT JOIN LATERAL (SELECT * FROM release r WHERE r.id = t.release_id LIMIT 1) jr ON true',
          ]
        : null,
      include.genres ? [`${genreIdsOf('track_genre', 'track_id', 't.id')} AS "jt_genre_ids"`, ''] : null,
    ].filter((j) => j != null);
    const rows = await this.sql<TrackRow & { sortKey?: unknown }>(
      `${withSearch}SELECT ${TRACK_COLUMNS}${order.sortKey ? ', s."sortKey"' : ''}${joined.map((j) => `, ${j[0]}`).join('')}
       FROM (${pageIds}) s JOIN track t ON t.id = s.id LEFT JOIN audio_file f ON f.track_id = t.id ${joined.map((j) => j[1]).join(' ')}
       ORDER BY ${orderByClause(order)}`,
      p.values,
    );
    if (joined.length) for (const row of rows) foldJoinedRow(row);
    const totalCount = once(async () => {
      const [row] = await this.sql<{ n: number }>(`${withSearch}SELECT count(*)::int AS n FROM track t ${where}`, countValues);
      return row.n;
    });
    return toLazyPage({ rows, first, order, hasPrevious: after != null, totalCount });
  }

  /** The tracks of each release, in track-number order. */
  async byReleases(releaseIds: readonly number[]): Promise<TrackRow[]> {
    return this.sql<TrackRow>(
      `SELECT ${TRACK_COLUMNS} FROM ${TRACK_FROM} WHERE t.release_id = ANY($1::int[]) ORDER BY ${RELEASE_ORDER}`,
      [releaseIds],
    );
  }

  /** One page of newest tracks for each artist, in one statement; `artistId` tells whose row it is. */
  async pagesByArtists(opts: {
    artistIds: readonly number[];
    first: number;
    after?: string | null;
  }): Promise<{ rows: Map<number, TrackRow[]>; hasPrevious: boolean }> {
    const after = decodeKeyset(NEWEST_TRACKS, opts.after);
    const p = new Params();
    const ids = p.add(opts.artistIds);
    const afterSql = after ? `AND t.id < ${p.add(after.id)}` : '';
    const rows = await this.sql<TrackRow>(
      `SELECT x.* FROM unnest(${ids}::int[]) AS owner(id) CROSS JOIN LATERAL (
         SELECT ${TRACK_COLUMNS} FROM ${TRACK_FROM} WHERE t.artist_id = owner.id ${afterSql} ORDER BY t.id DESC LIMIT ${p.add(opts.first + 1)}
       ) x`,
      p.values,
    );
    return { rows: groupBy(rows, (r) => r.artistId), hasPrevious: after != null };
  }

  async countsByArtists(artistIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.sql<{ id: number; n: number }>(
      'SELECT artist_id AS id, count(*)::int AS n FROM track WHERE artist_id = ANY($1::int[]) GROUP BY artist_id',
      [artistIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
