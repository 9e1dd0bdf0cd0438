import type { EntityManager } from '@mikro-orm/postgresql';

/** Runs one statement with `$1`-style parameters and returns its rows. */
export type Sql = <T = Record<string, unknown>>(text: string, values?: readonly unknown[]) => Promise<T[]>;

type PgConnection = { query: (config: { name?: string; text: string; values?: unknown[] }) => Promise<{ rows: any[] }> };
type KnexClient = { acquireConnection: () => Promise<PgConnection>; releaseConnection: (c: PgConnection) => Promise<void> };

const statementNames = new Map<string, string>();

/** Each distinct SQL text gets one name, so every pooled connection parses and plans it once. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `mixx_catalog_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Catalog reads go to node-postgres directly, on the ORM's own pool, as named prepared statements:
 * the hot pages map rows to plain objects, so the ORM's identity map, hydration and client-side
 * parameter inlining would be pure cost there. Writes and anything transactional stay with the ORM
 * (or a client of their own). The SQL texts are built from fixed fragments only: every value
 * travels as a parameter.
 */
export function catalogSql(em: EntityManager): Sql {
  const client = (em.getKnex() as unknown as { client: KnexClient }).client;
  return async <T>(text: string, values: readonly unknown[] = []) => {
    const connection = await client.acquireConnection();
    try {
      const result = await connection.query({ name: statementName(text), text, values: values as unknown[] });
      return result.rows as T[];
    } finally {
      await client.releaseConnection(connection);
    }
  };
}

/** Collects parameters while a statement is assembled: `p.add(value)` returns its placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
