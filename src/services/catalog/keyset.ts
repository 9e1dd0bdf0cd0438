import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Keyset, KeysetOrder } from '../common/keyset.ts';
import { present } from './catalog-db.ts';

/**
 * The catalog's SQL for the common keyset pagination (`src/services/common/keyset.ts`), over a
 * relation `s` with columns `sortKey` (when the order has one) and `id`.
 */

const CASTS = { int: 'int', text: 'text', real: 'real', timestamp: 'timestamptz' } as const;

/** The order's sort key as a column named `sortKey`, for the select that `s` comes from. */
export const sortKeyColumn = (order: KeysetOrder & { sortKey: string }) => sql.raw<unknown>(order.sortKey).as('sortKey');

/** Condition for the rows after the cursor. */
function afterCondition(order: KeysetOrder, after: Keyset): RawBuilder<SqlBool> {
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

/** A page's values: its match's, its cursor's (when it has one), and one row more than the page (is there a next?). */
export const pageValues = (match: Record<string, unknown>, after: Keyset | null, first: number) =>
  present({ ...match, afterSortKey: after?.sortKey, afterId: after?.id, limit: first + 1 });

/** The rows of `s` after the cursor of `v` (see pageValues), in the order, one page (and one row) long. */
export function cutPage<QB extends SelectQueryBuilder<any, any, any>>(
  qb: QB,
  order: KeysetOrder,
  v: Record<string, unknown>,
): QB {
  const after =
    v.afterId == null ? qb : qb.where(afterCondition(order, { sortKey: v.afterSortKey as never, id: v.afterId as never }));
  return inKeysetOrder(after as QB, order).limit(v.limit as number) as QB;
}
