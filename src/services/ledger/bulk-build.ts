import { lockLedger } from './append.ts';
import { ENTRY_COLUMNS, type EntryRow, leafOf } from './leaf.ts';
import { hashLeaf } from './merkle.ts';
import type { Sql } from './sql.ts';
import { insertNodes, treeSize } from './tree-store.ts';

const BATCH = 5_000;

/**
 * Builds the tree over entries that have none yet, in one transaction under the append lock:
 * entries written before the tree existed (see the ledger migration), or a synthetic ledger made in
 * bulk (the benchmark). Leaves are hashed here (canonical JSON); the levels above in SQL, one
 * statement per level. Returns how many leaves it added.
 */
export async function buildMissingTree(sql: Sql, onProgress?: (done: number) => void): Promise<number> {
  await lockLedger(sql);
  const from = await treeSize(sql);
  let next = from;
  for (;;) {
    const entries = await sql<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
        WHERE e.ledger_index >= ? ORDER BY e.ledger_index LIMIT ${BATCH}`,
      [next],
    );
    if (!entries.length) break;
    const leaves = entries.map((entry, i) => {
      if (entry.ledger_index !== next + i)
        throw new Error(`ledger entry ${next + i} is missing: the tree cannot be built over a gap`);
      return { level: 0, idx: entry.ledger_index, hash: hashLeaf(Buffer.from(leafOf(entry))) };
    });
    await insertNodes(sql, leaves);
    next += entries.length;
    onProgress?.(next - from);
  }
  if (next === from) return 0;
  await buildUpperLevels(sql, from, next);
  return next - from;
}

/**
 * The subtrees above leaves [from, to) that are complete at size `to`, in SQL, one statement per
 * level: the parents that cover at least one new leaf, idx >= floor(from / 2^level).
 */
export async function buildUpperLevels(sql: Sql, from: number, to: number): Promise<void> {
  for (let level = 1; 2 ** level <= to; level++) {
    await sql(
      `INSERT INTO ledger_node (level, idx, hash)
       SELECT ?, a.idx / 2, sha256(decode('01', 'hex') || a.hash || b.hash)
         FROM ledger_node a JOIN ledger_node b ON b.level = a.level AND b.idx = a.idx + 1
        WHERE a.level = ? AND a.idx % 2 = 0 AND a.idx >= ?`,
      [level, level - 1, 2 * Math.floor(from / 2 ** level)],
    );
  }
}
