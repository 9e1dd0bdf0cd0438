import type pg from 'pg';

/**
 * Runs a statement that must be refused (an append-only table's UPDATE, DELETE or TRUNCATE) inside
 * a transaction that is always rolled back: should the refusal ever regress, the test fails and
 * the shared tables of the run stay whole. Resolves with the error, or rejects when none came.
 */
export async function refused(db: pg.Client, sql: string, params: unknown[] = []): Promise<Error> {
  await db.query('BEGIN');
  try {
    await db.query(sql, params);
  } catch (error) {
    return error as Error;
  } finally {
    await db.query('ROLLBACK');
  }
  throw new Error(`not refused: ${sql}`);
}
