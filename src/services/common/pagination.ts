import { BadUserInputError } from '../../errors/errors.ts';

export const MAX_PAGE_SIZE = 100;

export type PageArgs = { first: number; after?: string | null };

/** `first` is 0…100; anything over is refused rather than silently cut. */
export function checkFirst(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, field);
  }
  return first;
}

/** Cursors are opaque: base64url of the JSON of the sort key of the row they follow. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): unknown[] | null {
  if (cursor == null) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0) return key;
  } catch {
    // fall through: a cursor that is not ours
  }
  throw new BadUserInputError('Not a valid cursor.', field);
}

export type Page<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
};

/** Builds a connection from `first + 1` fetched rows, so that hasNextPage costs no extra query. */
export function toPage<T>(opts: {
  rows: T[];
  first: number;
  totalCount: number;
  hasPrevious: boolean;
  cursorOf: (row: T) => unknown[];
}): Page<T> {
  const rows = opts.rows.slice(0, opts.first);
  const edges = rows.map((node) => ({ cursor: encodeCursor(opts.cursorOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: opts.rows.length > opts.first,
      hasPreviousPage: opts.hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: opts.totalCount,
  };
}
