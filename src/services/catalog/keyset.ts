import { BadUserInputError } from '../../errors/errors.ts';
import { checkFirst, decodeCursor, encodeCursor, type Page } from '../common/pagination.ts';
import type { Params } from './catalog-db.ts';

/**
 * Keyset pagination: rows are ordered by a sort key and then the id, and a cursor holds both (and
 * the order's tag, so that a cursor of one order is refused by another). Rows added later never
 * shift a page that a client is reading, unlike OFFSET.
 */
export type KeysetOrder = {
  /** Written into cursors; distinguishes orders. */
  tag: string;
  /** The SQL of the sort key before the id, or null when the id alone orders. */
  sortKey: string | null;
  sortType: 'int' | 'text' | 'real';
  descending: boolean;
};

export type Keyset = { sortKey: string | number | null; id: number };

/** A connection whose totalCount is counted only when a client selects it. */
export type LazyPage<T> = Omit<Page<T>, 'totalCount' | 'edges'> & { edges: KeysetEdge<T>[]; totalCount: () => Promise<number> };

const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647;

export function decodeKeyset(order: KeysetOrder, after: string | null | undefined, field = 'after'): Keyset | null {
  const key = decodeCursor(after, field);
  if (!key) return null;
  const [tag, ...rest] = key;
  const valid =
    tag === order.tag &&
    (order.sortKey == null
      ? rest.length === 1 && isInt(rest[0])
      : rest.length === 2 &&
        isInt(rest[1]) &&
        (order.sortType === 'text'
          ? typeof rest[0] === 'string'
          : order.sortType === 'int'
            ? isInt(rest[0])
            : Number.isFinite(rest[0])));
  if (!valid) throw new BadUserInputError('Not a valid cursor for this list.', field);
  return order.sortKey == null
    ? { sortKey: null, id: rest[0] as number }
    : { sortKey: rest[0] as string | number, id: rest[1] as number };
}

export function encodeKeyset(order: KeysetOrder, row: { id: number; sortKey?: unknown }): string {
  return encodeCursor(order.sortKey == null ? [order.tag, row.id] : [order.tag, row.sortKey, row.id]);
}

const CASTS = { int: 'int', text: 'text', real: 'real' } as const;

/** `WHERE` condition for the rows after the cursor, over a relation `s` with columns `sortKey` and `id`. */
export function afterCondition(order: KeysetOrder, after: Keyset, p: Params): string {
  const op = order.descending ? '<' : '>';
  if (order.sortKey == null) return `s.id ${op} ${p.add(after.id)}`;
  return `(s."sortKey", s.id) ${op} (${p.add(after.sortKey)}::${CASTS[order.sortType]}, ${p.add(after.id)})`;
}

export function orderByClause(order: KeysetOrder): string {
  const dir = order.descending ? 'DESC' : 'ASC';
  return order.sortKey == null ? `s.id ${dir}` : `s."sortKey" ${dir}, s.id ${dir}`;
}

/** An edge whose cursor is encoded only when a client selects it. */
export class KeysetEdge<T> {
  constructor(
    readonly node: T,
    private readonly row: { id: number; sortKey?: unknown },
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

/** Builds a page from `first + 1` rows, so that hasNextPage costs no extra query. */
export function toLazyPage<T extends { id: number; sortKey?: unknown }, U = T>(opts: {
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
  for (let i = 0; i < count; i++) edges[i] = new KeysetEdge(map(opts.rows[i]), opts.rows[i], opts.order);
  return {
    edges,
    pageInfo: {
      hasNextPage: opts.rows.length > opts.first,
      hasPreviousPage: opts.hasPrevious,
      startCursor: count ? encodeKeyset(opts.order, opts.rows[0]) : null,
      endCursor: count ? encodeKeyset(opts.order, opts.rows[count - 1]) : null,
    },
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

export { checkFirst };
