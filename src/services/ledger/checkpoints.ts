import { ISO_UTC } from './leaf.ts';
import { checkpointBody, signNote } from './note.ts';
import type { LedgerKeys } from './signing-keys.ts';
import { SIGNER_LOCK, type Sql } from './sql.ts';
import { rangeHashes, treeSize } from './tree-store.ts';

export type Checkpoint = { size: number; root: Buffer; keyVersion: number; signedNote: string; issuedAt: Date };

/** Runs `work` in a transaction of its own (the signer's advisory lock lasts until it ends). */
export type InTransaction = <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;

/** The tree the database holds does not extend the last checkpoint: it was rewritten. */
export class LedgerForkError extends Error {
  constructor(readonly size: number) {
    super(`the ledger's tree no longer has the root of its checkpoint of size ${size}: refusing to sign a rewritten history`);
    this.name = 'LedgerForkError';
  }
}

export type CheckpointRow = { tree_size: number; root_hash: Buffer; key_version: number; signed_note: string; issued_at: string };
export const COLUMNS = `tree_size, root_hash, key_version, signed_note, ${ISO_UTC('issued_at')} AS issued_at`;
export const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  size: r.tree_size,
  root: r.root_hash,
  keyVersion: r.key_version,
  signedNote: r.signed_note,
  issuedAt: new Date(r.issued_at),
});

export async function latestCheckpoint(sql: Sql): Promise<Checkpoint | null> {
  const rows = await sql<CheckpointRow>(`SELECT ${COLUMNS} FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function checkpointOfSize(sql: Sql, size: number): Promise<Checkpoint | null> {
  const rows = await sql<CheckpointRow>(`SELECT ${COLUMNS} FROM ledger_checkpoint WHERE tree_size = ?`, [size]);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function allCheckpoints(sql: Sql): Promise<Checkpoint[]> {
  return (await sql<CheckpointRow>(`SELECT ${COLUMNS} FROM ledger_checkpoint ORDER BY tree_size`)).map(toCheckpoint);
}

/**
 * Signs a checkpoint of the committed tree when it is larger than the last one (or when there is
 * none, at size 0). One signer at a time across instances: `wait: false` gives up at once when
 * another holds the lock (the timer), `wait: true` waits for it (a proof asked for a new entry).
 * Before signing, the tree must still have the last checkpoint's root, as a CT log checks that
 * its new tree head extends the old one. Returns the latest checkpoint, or null when it gave up.
 */
export async function signCheckpoint(tx: InTransaction, keys: LedgerKeys, opts: { wait: boolean }): Promise<Checkpoint | null> {
  return tx(async (sql) => {
    if (opts.wait) await sql('SELECT pg_advisory_xact_lock(?)', [SIGNER_LOCK]);
    else if (!(await sql<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(?) AS ok', [SIGNER_LOCK]))[0]?.ok) return null;
    const [size, latest] = [await treeSize(sql), await latestCheckpoint(sql)];
    // Checked on every call, grown or not, so that the timer keeps reporting a fork.
    if (latest && latest.size > 0) {
      if (size < latest.size) throw new LedgerForkError(latest.size);
      const [then] = await rangeHashes(sql, [[0, latest.size]]);
      if (!then?.equals(latest.root)) throw new LedgerForkError(latest.size);
    }
    if (latest && latest.size >= size) return latest;
    const rootHash = (await rangeHashes(sql, [[0, size]]))[0] as Buffer;
    const key = keys.current;
    const signedNote = signNote(checkpointBody({ origin: keys.origin, size, root: rootHash }), {
      name: keys.origin,
      keyHash: key.keyHash,
      privateKey: key.privateKey,
    });
    const rows = await sql<CheckpointRow>(
      `INSERT INTO ledger_checkpoint (tree_size, root_hash, key_version, signed_note) VALUES (?, ?, ?, ?) RETURNING ${COLUMNS}`,
      [size, rootHash, key.version, signedNote],
    );
    return toCheckpoint(rows[0] as CheckpointRow);
  });
}

/** The latest checkpoint if it covers entry `index`; else one signed now (waiting for the signer). */
export async function checkpointCovering(sql: Sql, tx: InTransaction, keys: LedgerKeys, index: number): Promise<Checkpoint> {
  const latest = await latestCheckpoint(sql);
  if (latest && latest.size > index) return latest;
  const signed = await signCheckpoint(tx, keys, { wait: true });
  if (!signed || signed.size <= index) throw new Error(`no checkpoint covers ledger entry ${index}`);
  return signed;
}
