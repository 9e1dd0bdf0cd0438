import { BadUserInputError } from '../../errors/errors.ts';

/**
 * The one keyset pagination of every connection. Rows are ordered by a sort key and then the id,
 * and a cursor holds the order's tag, the sort key and the id, as base64url JSON. A cursor is
 * accepted only by the connection and order that issued it and only with values of the right
 * types; anything else is BAD_USER_INPUT on `after`. Rows added later never shift a page that a
 * client is reading, unlike OFFSET.
 */
export type KeysetOrder = {
  /** Written into cursors; distinguishes connections and their orders. */
  tag: string;
  /** The SQL of the sort key before the id, or null when the id alone orders. */
  sortKey: string | null;
  sortType: 'int' | 'text' | 'real' | 'timestamp';
  idType: 'int' | 'uuid' | 'text';
  descending: boolean;
};

export type Keyset<Id = number | string> = { sortKey: string | number | null; id: Id };

export const MAX_PAGE_SIZE = 100;

/** `first` is 0…100; anything over is refused rather than silently cut. */
export function checkFirst(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, field);
  }
  return first;
}

const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isTimestamp = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));

const SORT_CHECKS: Record<KeysetOrder['sortType'], (v: unknown) => boolean> = {
  int: isInt,
  text: (v) => typeof v === 'string' && v.length <= 1000,
  real: (v) => typeof v === 'number' && Number.isFinite(v),
  timestamp: isTimestamp,
};
const ID_CHECKS: Record<KeysetOrder['idType'], (v: unknown) => boolean> = {
  int: isInt,
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  text: (v) => typeof v === 'string' && /^[A-Za-z0-9._-]{1,200}$/.test(v),
};

export function decodeKeyset<Id extends number | string = number>(
  order: KeysetOrder,
  after: string | null | undefined,
  field = 'after',
): Keyset<Id> | null {
  if (after == null) return null;
  let key: unknown;
  try {
    key = /^[A-Za-z0-9_-]{1,2000}$/.test(after) ? JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) : undefined;
  } catch {
    key = undefined;
  }
  const [tag, ...rest] = Array.isArray(key) ? key : [];
  const valid =
    tag === order.tag &&
    (order.sortKey == null
      ? rest.length === 1 && ID_CHECKS[order.idType](rest[0])
      : rest.length === 2 && SORT_CHECKS[order.sortType](rest[0]) && ID_CHECKS[order.idType](rest[1]));
  if (!valid) throw new BadUserInputError('Not a valid cursor for this list.', field);
  return order.sortKey == null
    ? { sortKey: null, id: rest[0] as Id }
    : { sortKey: rest[0] as string | number, id: rest[1] as Id };
}

export function encodeKeyset(order: KeysetOrder, row: { id: number | string; sortKey?: unknown }): string {
  const sortKey = row.sortKey instanceof Date ? row.sortKey.toISOString() : row.sortKey;
  return Buffer.from(JSON.stringify(order.sortKey == null ? [order.tag, row.id] : [order.tag, sortKey, row.id])).toString(
    'base64url',
  );
}

export type PageInfo = { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
export type Page<T> = { edges: { cursor: string; node: T }[]; pageInfo: PageInfo; totalCount: number };

/** A connection whose totalCount is counted only when a client selects it. */
export type LazyPage<T> = { edges: KeysetEdge<T>[]; pageInfo: PageInfo; totalCount: () => Promise<number> };

/** An edge whose cursor is encoded only when a client selects it. */
export class KeysetEdge<T> {
  constructor(
    readonly node: T,
    private readonly row: { id: number | string; sortKey?: unknown },
    private readonly order: KeysetOrder,
  ) {}

  get cursor(): string {
    return encodeKeyset(this.order, this.row);
  }

  /** The same edge (and cursor) over another representation of its node. */
  map<U>(fn: (node: T) => U): KeysetEdge<U> {
    return new KeysetEdge(fn(this.node), this.row, this.order);
  }
}

type KeyedRow = { id: number | string; sortKey?: unknown };

/** Builds a page from `first + 1` rows, so that hasNextPage costs no extra query. */
export function toLazyPage<T extends KeyedRow, U = T>(opts: {
  rows: T[];
  first: number;
  order: KeysetOrder;
  hasPrevious: boolean;
  totalCount: () => Promise<number>;
  map?: (row: T) => U;
}): LazyPage<U> {
  const count = Math.min(opts.rows.length, opts.first);
  const map = opts.map ?? ((row: T) => row as unknown as U);
  const edges = new Array<KeysetEdge<U>>(count);
  for (let i = 0; i < count; i++) edges[i] = new KeysetEdge(map(opts.rows[i] as T), opts.rows[i] as T, opts.order);
  return {
    edges,
    pageInfo: {
      hasNextPage: opts.rows.length > opts.first,
      hasPreviousPage: opts.hasPrevious,
      startCursor: count ? encodeKeyset(opts.order, opts.rows[0] as T) : null,
      endCursor: count ? encodeKeyset(opts.order, opts.rows[count - 1] as T) : null,
    },
    totalCount: opts.totalCount,
  };
}

/** The same page with its total already counted (for connections whose count is cheap). */
export function toPage<T extends KeyedRow, U = T>(opts: {
  rows: T[];
  first: number;
  order: KeysetOrder;
  hasPrevious: boolean;
  totalCount: number;
  map?: (row: T) => U;
}): Page<U> {
  const lazy = toLazyPage({ ...opts, totalCount: () => Promise.resolve(opts.totalCount) });
  return {
    edges: lazy.edges.map((e) => ({ cursor: e.cursor, node: e.node })),
    pageInfo: lazy.pageInfo,
    totalCount: opts.totalCount,
  };
}

/** Once-only, shared count: several selections of totalCount in one response run one query. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= fn();
    return result;
  };
}
