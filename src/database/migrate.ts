import pg from 'pg';
import type { Orm } from './orm.ts';

const MIGRATION_LOCK = 7_301_955_001; // any constant: serialises migrations of instances starting together

/**
 * Both schemas from committed migrations, idempotently and one instance at a time:
 * `cms` must exist before MikroORM looks, MikroORM's `public` first, then Payload's `cms`.
 */
export async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS cms');
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

export async function migrateOrm(orm: Orm): Promise<void> {
  await orm.getMigrator().up();
}

/** Runs `work` in one transaction on a connection of its own, with `$1`-style parameters. */
export async function inTransaction<T>(
  url: string,
  work: (query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }>) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await work((sql, params) => client.query(sql, params as unknown[]));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
