import type pg from 'pg';

/**
 * Where the server writes its own host: a ledger checkpoint's origin is PUBLIC_URL's host, which in
 * tests is often 127.0.0.1. That is the server's address, not a client's, so a scan for loopback
 * client addresses passes over it (a forwarded client address is still looked for there).
 */
export const SERVER_HOST_COLUMNS = ['public.ledger_checkpoint.signed_note'];
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Every text-like column of every table in both schemas that contains one of the needles. */
export async function findAnywhere(db: pg.Client, needles: string[]): Promise<string[]> {
  const { rows: columns } = await db.query(
    `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema IN ('public', 'cms') AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'uuid', 'inet', 'cidr', 'ARRAY')`,
  );
  const hits: string[] = [];
  for (const c of columns) {
    const { rows } = await db.query(
      `SELECT n.needle FROM unnest($1::text[]) AS n(needle)
        WHERE EXISTS (SELECT 1 FROM "${c.table_schema}"."${c.table_name}" WHERE "${c.column_name}"::text ILIKE '%' || n.needle || '%')`,
      [needles],
    );
    const column = `${c.table_schema}.${c.table_name}.${c.column_name}`;
    for (const r of rows) {
      if (SERVER_HOST_COLUMNS.includes(column) && LOOPBACK.has(r.needle)) continue;
      hits.push(`${column} holds ${r.needle}`);
    }
  }
  return hits;
}
