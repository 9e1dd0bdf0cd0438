import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * One query runner for the ledger's SQL, `?` placeholders: on the request's EntityManager (inside
 * its transaction, if any) for the server, on a plain pg client for the operator command and the
 * benchmark. The ledger's statements never pass arrays (knex would expand them): lists are spelled
 * out as VALUES.
 */
export type Sql = <T = Record<string, any>>(text: string, params?: unknown[]) => Promise<T[]>;

export const emSql =
  (em: EntityManager): Sql =>
  (text, params = []) =>
    em.getConnection().execute(text, params as any[], 'all', em.getTransactionContext());

export const pgSql =
  (client: pg.ClientBase): Sql =>
  async <T>(text: string, params: unknown[] = []) => {
    let n = 0;
    return (
      await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  };

/** `(?, ?), (?, ?)` for rows of `width` values. */
export const valuesList = (rows: number, width: number): string =>
  Array.from({ length: rows }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');

/** Advisory lock keys (any constants, distinct from the migration lock in src/database/migrate.ts). */
export const APPEND_LOCK = 7_301_955_101;
export const SIGNER_LOCK = 7_301_955_102;
