import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The members area's SQL beyond what the entities express, every value a parameter, run on the
 * EntityManager given (inside its transaction, where it has one).
 */
const run = <T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

/**
 * Locks the member's row until the transaction ends, for changes of one member one at a time.
 * FOR NO KEY UPDATE, not FOR UPDATE: rows that point at the member (an acceptance, a download)
 * can still be inserted meanwhile, so a transaction that holds the ledger's lock and inserts one
 * never waits for a member's lock while the member's lock waits for the ledger (a deadlock).
 */
export async function lockMember(em: EntityManager, memberId: string): Promise<boolean> {
  return (await run(em, 'SELECT 1 FROM member WHERE id = ? FOR NO KEY UPDATE', [memberId])).length > 0;
}

/** Locks the member's row (as lockMember) and lists every address mail went to for them: theirs and their tokens'. */
export async function lockAndListAddresses(em: EntityManager, memberId: string): Promise<string[]> {
  const own = await run<{ email: string }>(em, 'SELECT email FROM member WHERE id = ? FOR NO KEY UPDATE', [memberId]);
  const sentTo = await run<{ email: string }>(em, 'SELECT DISTINCT email FROM member_token WHERE member_id = ?', [memberId]);
  return [...own, ...sentTo].map((r) => r.email);
}
