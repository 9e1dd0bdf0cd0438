import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The members area's SQL beyond what the entities express, every value a parameter, run on the
 * EntityManager given (inside its transaction, where it has one).
 */
const run = <T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

/** Locks the member's row and lists every address mail went to for them: theirs and their tokens'. */
export async function lockAndListAddresses(em: EntityManager, memberId: string): Promise<string[]> {
  const own = await run<{ email: string }>(em, 'SELECT email FROM member WHERE id = ? FOR UPDATE', [memberId]);
  const sentTo = await run<{ email: string }>(em, 'SELECT DISTINCT email FROM member_token WHERE member_id = ?', [memberId]);
  return [...own, ...sentTo].map((r) => r.email);
}
