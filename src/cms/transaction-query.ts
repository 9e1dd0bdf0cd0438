import { type PostgresAdapter, sql } from '@payloadcms/db-postgres';
import type { PayloadRequest } from 'payload';
import type { SqlQuery } from '../services/policies/policy-snapshot.ts';

type SQLChunk = ReturnType<typeof sql.raw>;
type Executor = { execute(query: SQLChunk): Promise<{ rows: any[] }> };

/**
 * A `(text, params)` query function bound to the transaction Payload opened for this request, so a
 * hook's own writes commit or roll back with the operation that triggered it.
 *
 * db-postgres keeps one Drizzle transaction per `req.transactionID` in `payload.db.sessions`
 * (what its own getTransaction() reads). Without a transaction (none started, or transactions
 * disabled) this falls back to the pool: the write is then not atomic with Payload's, and start-up
 * reconciliation is what repairs a crash in between.
 */
export async function payloadTransactionQuery(req: PayloadRequest): Promise<SqlQuery> {
  const adapter = req.payload.db as unknown as PostgresAdapter;
  const transactionID = req.transactionID ? await req.transactionID : undefined;
  const session = transactionID === undefined ? undefined : adapter.sessions[String(transactionID)];
  const db = (session?.db ?? adapter.drizzle) as unknown as Executor;
  return async (text, params = []) => {
    const result = await db.execute(toDrizzleSql(text, params));
    return { rows: result.rows };
  };
}

/** `$1`-style placeholders → a Drizzle SQL object whose values travel as bound parameters. */
function toDrizzleSql(text: string, params: unknown[]): SQLChunk {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQLChunk[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    if (i % 2 === 0) {
      if (parts[i]) chunks.push(sql.raw(parts[i]));
    } else {
      const index = Number(parts[i]) - 1;
      if (index < 0 || index >= params.length) throw new Error(`no parameter for $${parts[i]}`);
      chunks.push(sql`${params[index]}`);
    }
  }
  return sql.join(chunks);
}
