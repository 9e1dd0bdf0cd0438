import type { Keyset, KeysetOrder } from '../common/keyset.ts';
import type { Params } from './catalog-db.ts';

/** The catalog's SQL for the common keyset pagination (`src/services/common/keyset.ts`). */

const CASTS = { int: 'int', text: 'text', real: 'real', timestamp: 'timestamptz' } as const;

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
