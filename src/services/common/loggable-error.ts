/**
 * Database errors quote queries and rows in their message (`Key (email)=(…)`, MikroORM's
 * `insert into … values (…)`): only their class and codes are logged.
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & Record<string, unknown>;
  const sqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  if (sqlState || e.name.endsWith('Exception') || 'sqlState' in e) {
    return {
      type: e.name,
      code: sqlState ?? e.code,
      sqlState: e.sqlState,
      constraint: e.constraint,
      table: e.table,
      stack: e.stack
        ?.split('\n')
        .filter((l) => /^\s+at /.test(l))
        .join('\n'),
    };
  }
  return e;
}
