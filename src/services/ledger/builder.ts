import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../log.ts';
import { appendedInTransaction, lockLedger, NEXT_LEDGER_INDEX } from './append.ts';
import { ENTRY_COLUMNS, type EntryRow, leafOf } from './leaf.ts';
import { hashLeaf, leftSiblingsOf, type NodeRef, nodesCompletedBy } from './merkle.ts';
import { emSql, type Sql } from './sql.ts';
import { insertNodes, nodeHashes } from './tree-store.ts';

/** How long a builder waits after a wake-up before it runs (see LedgerBuilder). */
const WAKE_DELAY_MS = 100;

/** Entries indexed per transaction: ≤ 2 nodes each, 3 parameters a node, well under PostgreSQL's 65,535. */
const BATCH = 1_000;

/** The complete subtrees on the right edge of a tree of `size` leaves: every left sibling the next leaves need. */
function rightEdge(size: number): NodeRef[] {
  const refs: NodeRef[] = [];
  for (let level = 0; size >> level; level++) if ((size >> level) & 1) refs.push({ level, idx: (size >> level) - 1 });
  return refs;
}

const key = (ref: NodeRef) => `${ref.level}/${ref.idx}`;

/** The right edge of a tree (see `rightEdge`) with its hashes: what the next leaves are hashed with. */
export type Edge = { size: number; hashes: Map<string, Buffer> };

/**
 * One batch, in the caller's transaction: the entries without an index, in the order they were
 * written (`append_seq`), get the next gapless indexes; their leaves are hashed here (canonical
 * JSON) and stored with every subtree they complete. `edge` is the right edge the last batch left
 * (a builder keeps it): it saves reading it when the tree is still the size that batch made.
 * Returns how many entries it indexed, and the new right edge.
 */
export async function indexPending(
  sql: Sql,
  opts: { batch?: number; edge?: Edge | null } = {},
): Promise<{ indexed: number; edge: Edge | null }> {
  await lockLedger(sql);
  const entries = await sql<EntryRow>(
    `WITH next AS (
       SELECT id, ${NEXT_LEDGER_INDEX} - 1 + row_number() OVER (ORDER BY append_seq) AS ledger_index
         FROM consent_event WHERE ledger_index IS NULL ORDER BY append_seq LIMIT ${opts.batch ?? BATCH}),
     e AS (UPDATE consent_event c SET ledger_index = next.ledger_index FROM next WHERE c.id = next.id RETURNING c.*)
     SELECT ${ENTRY_COLUMNS} FROM e LEFT JOIN policy_version v ON v.id = e.policy_version_id ORDER BY e.ledger_index`,
  );
  const first = entries[0];
  if (!first) return { indexed: 0, edge: opts.edge ?? null };
  const from = first.ledger_index;
  const kept = opts.edge?.size === from ? opts.edge.hashes : null;
  const stored = kept ? (ref: NodeRef) => kept.get(key(ref)) as Buffer : await nodeHashes(sql, rightEdge(from));
  const made = new Map<string, Buffer>();
  const nodes = entries.flatMap((entry) => {
    const siblings = leftSiblingsOf(entry.ledger_index).map((ref) => made.get(key(ref)) ?? stored(ref));
    const completed = nodesCompletedBy(entry.ledger_index, hashLeaf(Buffer.from(leafOf(entry))), siblings);
    for (const node of completed) made.set(key(node), node.hash);
    return completed;
  });
  await insertNodes(sql, nodes);
  // The new right edge: each of its subtrees was made now, or was on the old edge.
  const size = from + entries.length;
  const hashes = new Map(rightEdge(size).map((ref) => [key(ref), made.get(key(ref)) ?? stored(ref)]));
  return { indexed: entries.length, edge: { size, hashes } };
}

/** Is any entry waiting for its index? (A read of the partial index of those entries.) */
export async function hasUnindexed(sql: Sql): Promise<boolean> {
  const rows = await sql<{ waiting: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM consent_event WHERE ledger_index IS NULL) AS waiting',
  );
  return rows[0]?.waiting === true;
}

/**
 * Indexes every entry committed without one, batch by batch, each in a transaction of its own
 * (waiting for the lock while another builder holds it). What a reader calls when an entry it
 * must show has no index yet.
 */
export async function indexAll(em: EntityManager, edge: Edge | null = null): Promise<{ indexed: number; edge: Edge | null }> {
  let indexed = 0;
  let last = edge;
  for (;;) {
    const batch = await em.fork().transactional((t) => indexPending(emSql(t), { edge: last }));
    indexed += batch.indexed;
    last = batch.edge;
    if (batch.indexed < BATCH) return { indexed, edge: last };
  }
}

/**
 * What `read` returns, once every entry in it has an index: when one has none yet (it was just
 * appended), the ledger is indexed first and `read(true)` reads again (past any cache).
 */
export async function readIndexed<T>(
  em: EntityManager,
  read: (again: boolean) => Promise<T[]>,
  indexOf: (row: T) => number | null | undefined,
): Promise<T[]> {
  const rows = await read(false);
  if (rows.every((row) => indexOf(row) != null)) return rows;
  await indexAll(em);
  return read(true);
}

/**
 * The server's builder: wakes when a transaction that appended commits (a MikroORM transaction
 * event), and every `sweepSeconds` for entries another instance left (it stopped between its
 * commit and its build). One run at a time per process; wake-ups during a run start one more. A
 * run starts WAKE_DELAY_MS after its first wake-up, so that under load one batch (one commit)
 * indexes the appends of many transactions.
 */
export class LedgerBuilder {
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  /** A commit woke it: there is something to index (a sweep asks the database first). */
  #appended = false;
  #edge: Edge | null = null;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly em: EntityManager,
    private readonly log: Logger,
    sweepSeconds: number,
  ) {
    em.getEventManager().registerSubscriber({
      afterTransactionCommit: async (args) => {
        if (!appendedInTransaction(args.transaction)) return;
        this.#appended = true;
        this.wake();
      },
    });
    this.#timer = setInterval(() => this.wake(), sweepSeconds * 1000);
    this.#timer.unref();
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = new Promise((resolve) => setTimeout(resolve, WAKE_DELAY_MS))
      .then(() => this.#run())
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  async #run(): Promise<void> {
    const appended = this.#appended;
    this.#appended = false;
    try {
      if (appended || (await hasUnindexed(emSql(this.em.fork())))) this.#edge = (await indexAll(this.em, this.#edge)).edge;
    } catch (err) {
      this.#edge = null;
      // The entries stay recorded, and wait for the next run; readers that need them build too.
      const e = err as Error;
      this.log.error({ msg: 'ledger entries not indexed', err: { name: e?.name, message: e?.message } });
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }
}
