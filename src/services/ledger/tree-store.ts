import { completeNodes, EMPTY_ROOT, type NodeRef, type Range, rangeHash } from './merkle.ts';
import { type Sql, valuesList } from './sql.ts';

/** The queries of the stored tree (`ledger_node`): every read is one statement of O(log n) index lookups. */

/** The number of leaves the committed tree holds. */
export async function treeSize(sql: Sql): Promise<number> {
  const rows = await sql<{ size: number }>('SELECT coalesce(max(idx) + 1, 0)::int AS size FROM ledger_node WHERE level = 0');
  return rows[0]?.size ?? 0;
}

const key = (r: NodeRef) => `${r.level}/${r.idx}`;

/** The stored hashes of these nodes; a node that is not stored is an error (the tree is broken). */
export async function nodeHashes(sql: Sql, refs: NodeRef[]): Promise<(ref: NodeRef) => Buffer> {
  const unique = [...new Map(refs.map((r) => [key(r), r])).values()];
  const found = new Map<string, Buffer>();
  if (unique.length) {
    const rows = await sql<{ level: number; idx: number; hash: Buffer }>(
      `SELECT n.level, n.idx, n.hash FROM ledger_node n
         JOIN (VALUES ${valuesList(unique.length, 2)}) AS w (level, idx) ON n.level = w.level::smallint AND n.idx = w.idx::int`,
      unique.flatMap((r) => [r.level, r.idx]),
    );
    for (const row of rows) found.set(key(row), row.hash);
  }
  return (ref) => {
    const hash = found.get(key(ref));
    if (!hash) throw new Error(`the ledger tree lacks node (${ref.level}, ${ref.idx})`);
    return hash;
  };
}

/** The hashes of these ranges of leaves, read in one statement. */
export async function rangeHashes(sql: Sql, ranges: Range[]): Promise<Buffer[]> {
  const node = await nodeHashes(
    sql,
    ranges.flatMap((r) => completeNodes(r)),
  );
  return ranges.map((r) => rangeHash(r, node));
}

export async function rootOf(sql: Sql, size: number): Promise<Buffer> {
  return size === 0 ? EMPTY_ROOT : ((await rangeHashes(sql, [[0, size]]))[0] as Buffer);
}

export async function insertNodes(sql: Sql, nodes: (NodeRef & { hash: Buffer })[]): Promise<void> {
  if (!nodes.length) return;
  await sql(
    `INSERT INTO ledger_node (level, idx, hash) VALUES ${valuesList(nodes.length, 3)}`,
    nodes.flatMap((n) => [n.level, n.idx, n.hash]),
  );
}
