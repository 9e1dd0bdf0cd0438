import { createPublicKey } from 'node:crypto';
import { allCheckpoints, type Checkpoint } from './checkpoints.ts';
import { ENTRY_COLUMNS, type EntryRow, leafOf } from './leaf.ts';
import { hashLeaf, nodesCompletedBy, rangeHash } from './merkle.ts';
import { parseCheckpointBody, parseNote, verifyNote } from './note.ts';
import type { LedgerKeys } from './signing-keys.ts';
import { type Sql, valuesList } from './sql.ts';
import { treeSize } from './tree-store.ts';

export type VerifyReport = { entries: number; checkpoints: number; problem: string | null };

const BATCH = 5_000;

/**
 * `npm run ledger:verify`: recomputes every leaf from its entry and every subtree from the leaves,
 * compares them with the stored tree, and checks each stored checkpoint's signature and root
 * against the recomputed tree. Stops at the first disagreement, in ledger order, and names it.
 * Trusts nothing in the database but the entries themselves: the signed note is what counts for
 * a checkpoint, not its root_hash column.
 */
export async function verifyLedger(sql: Sql, keys: LedgerKeys, onProgress?: (done: number) => void): Promise<VerifyReport> {
  const checkpoints = await allCheckpoints(sql);
  const storedLeaves = await treeSize(sql);
  const frontier: Buffer[] = [];
  let next = 0;
  let checkpointAt = 0;
  let lastGood = 0;
  const report = (problem: string): VerifyReport => ({ entries: next, checkpoints: checkpoints.length, problem });

  const checkReached = (): string | null => {
    for (; checkpointAt < checkpoints.length && (checkpoints[checkpointAt] as Checkpoint).size <= next; checkpointAt++) {
      const checkpoint = checkpoints[checkpointAt] as Checkpoint;
      const signed = signedRoot(checkpoint, keys);
      if (typeof signed === 'string') return signed;
      const root = rangeHash([0, checkpoint.size], (ref) => frontier[ref.level] as Buffer);
      if (!root.equals(signed)) {
        return `the checkpoint of size ${checkpoint.size} (issued ${checkpoint.issuedAt.toISOString()}) does not match the ledger: an entry among ${lastGood}–${checkpoint.size - 1} was changed`;
      }
      lastGood = checkpoint.size;
    }
    return null;
  };

  const initial = checkReached();
  if (initial) return report(initial);
  for (;;) {
    const entries = await sql<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
        WHERE e.ledger_index >= ? ORDER BY e.ledger_index LIMIT ${BATCH}`,
      [next],
    );
    if (!entries.length) break;
    const last = (entries[entries.length - 1] as EntryRow).ledger_index;
    const stored = await storedNodesEndingIn(sql, next, last + 1);
    for (const entry of entries) {
      if (entry.ledger_index !== next) return report(`entry ${next} is missing from the ledger`);
      const nodes = nodesCompletedBy(next, hashLeaf(Buffer.from(leafOf(entry))), frontier);
      for (const node of nodes) {
        const kept = stored.get(`${node.level}/${node.idx}`);
        if (!kept?.equals(node.hash)) {
          const [from, to] = [node.idx * 2 ** node.level, (node.idx + 1) * 2 ** node.level - 1];
          return report(
            node.level === 0
              ? `entry ${next} (id ${entry.id}) does not match its leaf in the tree`
              : `the tree's hash over entries ${from}–${to} does not match them`,
          );
        }
        frontier[node.level] = node.hash;
      }
      next++;
      const reached = checkReached();
      if (reached) return report(reached);
    }
    onProgress?.(next);
  }
  if (storedLeaves > next) return report(`entry ${next} is missing from the ledger (the tree has ${storedLeaves} leaves)`);
  const beyond = checkpoints[checkpointAt];
  if (beyond) return report(`entry ${next} is missing from the ledger (a checkpoint of size ${beyond.size} covers it)`);
  return { entries: next, checkpoints: checkpoints.length, problem: null };
}

/** The root a checkpoint's signed note states, or what is wrong with the note. */
function signedRoot(checkpoint: Checkpoint, keys: LedgerKeys): Buffer | string {
  const what = `the checkpoint of size ${checkpoint.size}`;
  const key = keys.all[checkpoint.keyVersion - 1];
  if (!key) return `${what} names key version ${checkpoint.keyVersion}, which MIXX_LEDGER_KEY_VERSION does not reach`;
  const publicKey = createPublicKey(key.privateKey);
  if (!verifyNote(checkpoint.signedNote, { name: keys.origin, keyHash: key.keyHash, publicKey })) {
    return `${what} does not carry a valid signature of ${keys.origin} (key ${key.kid})`;
  }
  const body = parseCheckpointBody((parseNote(checkpoint.signedNote) as { body: string }).body);
  if (!body || body.origin !== keys.origin || body.size !== checkpoint.size)
    return `${what} signs another tree than its row says`;
  return body.root;
}

/** The stored nodes whose last leaf is in [from, to), keyed `level/idx`. */
async function storedNodesEndingIn(sql: Sql, from: number, to: number): Promise<Map<string, Buffer>> {
  const ranges: [number, number, number][] = [];
  for (let level = 0; 2 ** level <= to; level++) {
    const lo = Math.ceil((from + 1) / 2 ** level) - 1;
    const hi = Math.floor(to / 2 ** level) - 1;
    if (lo <= hi) ranges.push([level, lo, hi]);
  }
  const rows = await sql<{ level: number; idx: number; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash FROM (VALUES ${valuesList(ranges.length, 3)}) AS r (level, lo, hi)
       JOIN ledger_node n ON n.level = r.level::smallint AND n.idx BETWEEN r.lo::int AND r.hi::int`,
    ranges.flat(),
  );
  return new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash]));
}
