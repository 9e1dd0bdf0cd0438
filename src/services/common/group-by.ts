/**
 * Rows grouped by a key, each group in the rows' order (Node 20 has no `Map.groupBy`; this is its
 * shape, so that it can give way to it on Node 21+).
 */
export function groupBy<T, K>(rows: Iterable<T>, keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
