import { ENTRY_COLUMNS, type EntryRow, leafOf } from './leaf.ts';
import { hashLeaf, nodesCompletedBy } from './merkle.ts';
import { APPEND_LOCK, type Sql } from './sql.ts';
import { insertNodes } from './tree-store.ts';

/**
 * Appending to the tree, in the caller's transaction: the advisory lock serialises appends until
 * that transaction ends, so the next index (the committed tree's size) is gapless and the left
 * siblings a new leaf completes are committed. The lock must be taken in a statement of its own
 * before the insert: a statement's snapshot is taken when it starts, and would miss the append that
 * committed while it waited.
 */
export async function lockLedger(sql: Sql): Promise<void> {
  await sql('SELECT pg_advisory_xact_lock(?)', [APPEND_LOCK]);
}

/** The value of `ledger_index` for the entry being inserted (under the lock). */
export const NEXT_LEDGER_INDEX = '(SELECT coalesce(max(idx) + 1, 0) FROM ledger_node WHERE level = 0)';

/**
 * The final SELECT of an append statement whose `WITH` has a CTE named `entry` (`INSERT …
 * RETURNING *`, at most one row): the entry with its policy version, and the stored left siblings
 * its leaf completes (node (l, (index >> l) - 1) while the l+1 lowest bits of the index are ones).
 */
export const SELECT_APPENDED = `SELECT ${ENTRY_COLUMNS},
    ARRAY(SELECT n.hash FROM generate_series(0, 30) AS l
            JOIN ledger_node n ON n.level = l AND n.idx = (e.ledger_index >> l) - 1
           WHERE (e.ledger_index::bigint + 1) % (1::bigint << (l + 1)) = 0 ORDER BY l) AS left_siblings
  FROM entry e LEFT JOIN policy_version v ON v.id = e.policy_version_id`;

/** Runs an append statement (see SELECT_APPENDED) and stores the leaf and every subtree it completes. */
export async function appendEntry(sql: Sql, statement: string, params: unknown[]): Promise<EntryRow | null> {
  const rows = await sql<EntryRow & { left_siblings: Buffer[] }>(statement, params);
  if (rows.length > 1) throw new Error('a ledger append statement wrote more than one entry');
  const row = rows[0];
  if (!row) return null;
  await insertNodes(sql, nodesCompletedBy(row.ledger_index, hashLeaf(Buffer.from(leafOf(row))), row.left_siblings));
  return row;
}
