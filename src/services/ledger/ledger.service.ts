import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.ts';
import { BadUserInputError, NotFoundError } from '../../errors/errors.ts';
import { readIndexed } from './builder.ts';
import {
  type Checkpoint,
  type CheckpointRow,
  COLUMNS,
  checkpointCovering,
  checkpointOfSize,
  type InTransaction,
  LedgerForkError,
  latestCheckpoint,
  signCheckpoint,
  toCheckpoint,
} from './checkpoints.ts';
import { ENTRY_COLUMNS, type EntryRow, leafOf } from './leaf.ts';
import { completeNodes, consistencyRanges, inclusionRanges, type Range, rangeHash } from './merkle.ts';
import { type KantaraFields, signReceipt } from './receipts.ts';
import { ledgerKeys } from './signing-keys.ts';
import { emSql, type Sql, valuesList } from './sql.ts';
import { rangeHashes } from './tree-store.ts';

export type InclusionProof = { leafIndex: number; treeSize: number; path: string[] };

/** What the API serves of the verifiable ledger: checkpoints, proofs against them, signed receipts. */
export class LedgerService {
  private readonly sql: Sql;
  private readonly tx: InTransaction;

  constructor(
    private readonly em: EntityManager,
    private readonly config: Config,
  ) {
    this.sql = emSql(em);
    this.tx = (work) => em.fork().transactional((t) => work(emSql(t)));
  }

  private get keys() {
    return ledgerKeys(this.config);
  }

  /** The latest checkpoint; signed now when none exists yet (a database the server never started on). */
  async checkpoint(): Promise<Checkpoint> {
    return (await latestCheckpoint(this.sql)) ?? ((await signCheckpoint(this.tx, this.keys, { wait: true })) as Checkpoint);
  }

  /**
   * `to` must be the size of a stored checkpoint (the root the proof leads to is signed); `from`
   * may be any size up to it, so that a member who saved a checkpoint gets a proof even if its row
   * has gone from the database since.
   */
  async consistencyProof(from: number, to: number): Promise<string[]> {
    if (from < 0 || from > to) {
      await this.storedSize(to, 'to');
      throw new BadUserInputError('`from` must be a tree size from 0 to `to`.', 'from');
    }
    return (await this.provenAt(to, 'to', consistencyRanges(from, to))).hashes.map((h) => h.toString('base64'));
  }

  /** Entries of a member only: `subject` is the caller's pseudonym (not found and not theirs look alike). */
  async entry(eventId: string, subject: string): Promise<EntryRow> {
    const rows = await this.indexed(() =>
      this.sql<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
          WHERE e.id = ? AND e.subject = ?`,
        [eventId, subject],
      ),
    );
    if (!rows[0]) throw new NotFoundError();
    return rows[0];
  }

  /** The entries `read` returns, every one with its index (see readIndexed). */
  private indexed(read: () => Promise<EntryRow[]>): Promise<EntryRow[]> {
    return readIndexed(this.em, read, (row) => row.ledger_index);
  }

  /** The proof against the checkpoint of `treeSize`, or against the latest (signed now if none covers the entry). */
  async inclusionProof(entry: EntryRow, treeSize?: number | null): Promise<{ proof: InclusionProof; checkpoint: Checkpoint }> {
    const index = entry.ledger_index;
    if (treeSize == null) {
      const checkpoint = await checkpointCovering(this.sql, this.tx, this.keys, index);
      const path = await this.provenHashes(checkpoint, inclusionRanges(index, checkpoint.size));
      return { proof: { leafIndex: index, treeSize: checkpoint.size, path: path.map((h) => h.toString('base64')) }, checkpoint };
    }
    if (treeSize <= index) {
      await this.storedSize(treeSize, 'treeSize');
      throw new BadUserInputError('That checkpoint was signed before this entry was written.', 'treeSize');
    }
    const proven = await this.provenAt(treeSize, 'treeSize', inclusionRanges(index, treeSize));
    return {
      proof: { leafIndex: index, treeSize, path: proven.hashes.map((h) => h.toString('base64')) },
      checkpoint: proven.checkpoint,
    };
  }

  /** The entry as a signed consent receipt (compact JWS) with its leaf, inclusion proof and checkpoint. */
  async receipt(entry: EntryRow, kantara: KantaraFields): Promise<string> {
    const { proof, checkpoint } = await this.inclusionProof(entry);
    return signReceipt(this.keys.current, { kantara, leaf: leafOf(entry), proof, checkpoint: checkpoint.signedNote });
  }

  /** Every entry of a member as a receipt, all against one checkpoint (the data export). */
  async receiptsOf(
    subject: string,
    kantaraOf: (entry: EntryRow) => KantaraFields,
  ): Promise<{ receiptId: string; jws: string }[]> {
    const entries = await this.indexed(() =>
      this.sql<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
          WHERE e.subject = ? ORDER BY e.ledger_index`,
        [subject],
      ),
    );
    const last = entries[entries.length - 1];
    if (!last) return [];
    const checkpoint = await checkpointCovering(this.sql, this.tx, this.keys, last.ledger_index);
    const receipts = [];
    for (const entry of entries) {
      const { proof } = await this.inclusionProof(entry, checkpoint.size);
      const jws = await signReceipt(this.keys.current, {
        kantara: kantaraOf(entry),
        leaf: leafOf(entry),
        proof,
        checkpoint: checkpoint.signedNote,
      });
      receipts.push({ receiptId: entry.id, jws });
    }
    return receipts;
  }

  /**
   * The hashes of a proof, read together with the checkpoint's root from the same stored nodes:
   * a proof is only served when those nodes still lead to the root that was signed.
   */
  private async provenHashes(checkpoint: Checkpoint, ranges: Range[]): Promise<Buffer[]> {
    const [root, ...hashes] = await rangeHashes(this.sql, [[0, checkpoint.size], ...ranges]);
    if (checkpoint.size > 0 && !root?.equals(checkpoint.root)) throw new LedgerForkError(checkpoint.size);
    return hashes;
  }

  /**
   * The checkpoint of `size` and the hashes of a proof against it, in one statement (a proof is a
   * round trip, not two), checked like provenHashes.
   */
  private async provenAt(size: number, field: string, ranges: Range[]): Promise<{ checkpoint: Checkpoint; hashes: Buffer[] }> {
    const all: Range[] = [[0, size], ...ranges];
    const refs = [...new Map(all.flatMap((r) => completeNodes(r)).map((n) => [`${n.level}/${n.idx}`, n])).values()];
    if (refs.length === 0) return { checkpoint: await this.storedSize(size, field), hashes: [] };
    const rows = await this.sql<CheckpointRow & { hashes: Buffer[] }>(
      `SELECT ${COLUMNS},
              ARRAY(SELECT n.hash FROM (VALUES ${valuesList(refs.length, 3)}) AS w (level, idx, ord)
                      JOIN ledger_node n ON n.level = w.level::smallint AND n.idx = w.idx::int ORDER BY w.ord::int) AS hashes
         FROM ledger_checkpoint WHERE tree_size = ?`,
      [...refs.flatMap((r, i) => [r.level, r.idx, i]), size],
    );
    const row = rows[0];
    if (!row) throw new BadUserInputError('No checkpoint of that tree size was signed.', field);
    if (row.hashes.length !== refs.length) throw new Error(`the ledger tree lacks nodes under size ${size}`);
    const found = new Map(refs.map((r, i) => [`${r.level}/${r.idx}`, row.hashes[i] as Buffer]));
    const [root, ...hashes] = all.map((r) => rangeHash(r, (n) => found.get(`${n.level}/${n.idx}`) as Buffer));
    const checkpoint = toCheckpoint(row);
    if (!root?.equals(checkpoint.root)) throw new LedgerForkError(size);
    return { checkpoint, hashes };
  }

  private async storedSize(size: number, field: string): Promise<Checkpoint> {
    const checkpoint = size >= 0 ? await checkpointOfSize(this.sql, size) : null;
    if (!checkpoint) throw new BadUserInputError('No checkpoint of that tree size was signed.', field);
    return checkpoint;
  }
}
