import type { EntityManager } from '@mikro-orm/postgresql';
import { APPEND_LOCK, type Sql } from './sql.ts';

/**
 * Appending is in two steps. A request's transaction inserts its entry with no ledger index
 * (`src/services/consent/ledger.ts`), as a plain insert: it takes no lock, so appends commit in
 * parallel. After commit, the ledger builder (`builder.ts`) gives entries their gapless indexes
 * and subtree hashes, in batches, in transactions of its own under the append lock.
 */

/** Serialises index assignment until the caller's transaction ends. */
export async function lockLedger(sql: Sql): Promise<void> {
  await sql('SELECT pg_advisory_xact_lock(?)', [APPEND_LOCK]);
}

/** The index the next entry gets: the committed tree's size (under the lock). */
export const NEXT_LEDGER_INDEX = '(SELECT coalesce(max(idx) + 1, 0) FROM ledger_node WHERE level = 0)';

/** The transactions that appended: the builder wakes when one of them commits. */
const appendedIn = new WeakSet<object>();

/** Marks the caller's transaction (a knex transaction, which is a function). */
export function markAppended(em: EntityManager): void {
  const transaction: object | undefined = em.getTransactionContext();
  if (transaction) appendedIn.add(transaction);
}

export const appendedInTransaction = (transaction: unknown): boolean =>
  (typeof transaction === 'object' || typeof transaction === 'function') && transaction !== null && appendedIn.has(transaction);
