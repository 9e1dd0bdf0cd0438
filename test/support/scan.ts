import type pg from 'pg';

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
    for (const r of rows) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name} holds ${r.needle}`);
  }
  return hits;
}
