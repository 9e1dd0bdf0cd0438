import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Keyset, KeysetOrder } from '../common/keyset.ts';

/**
 * The catalog's SQL for the common keyset pagination (`src/services/common/keyset.ts`), over a
 * relation `s` with columns `sortKey` (when the order has one) and `id`.
 */

const CASTS = { int: 'int', text: 'text', real: 'real', timestamp: 'timestamptz' } as const;

/** The order's sort key as a column named `sortKey`, for the select that `s` comes from. */
export const sortKeyColumn = (order: KeysetOrder & { sortKey: string }) => sql.raw<unknown>(order.sortKey).as('sortKey');

/** Condition for the rows after the cursor. */
export function afterCondition(order: KeysetOrder, after: Keyset): RawBuilder<SqlBool> {
  const op = sql.raw(order.descending ? '<' : '>');
  if (order.sortKey == null) return sql<SqlBool>`s.id ${op} ${after.id}`;
  const cast = sql.raw(CASTS[order.sortType]);
  return sql<SqlBool>`(s."sortKey", s.id) ${op} (${after.sortKey}::${cast}, ${after.id})`;
}

/** Orders `s` by the order's sort key, then by id. */
export function inKeysetOrder<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, order: KeysetOrder): QB {
  const dir = order.descending ? 'desc' : 'asc';
  const bySortKey = order.sortKey == null ? qb : qb.orderBy(sql.ref('s.sortKey'), dir);
  return bySortKey.orderBy(sql.ref('s.id'), dir) as QB;
}
