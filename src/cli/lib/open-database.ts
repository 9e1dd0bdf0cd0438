import pg from 'pg';
import type { Config } from '../../config.ts';
import { startEmbeddedPostgres } from '../../database/embedded-postgres.ts';
import { migrateOrm, withMigrationLock } from '../../database/migrate.ts';
import { openOrm } from '../../database/orm.ts';
import type { Logger } from '../../log.ts';

/**
 * The server's database for a command-line tool, found as the server finds it: DATABASE_URL, or
 * the embedded PostgreSQL under MIXX_DATA_DIR (the running server's, when one is up; else started
 * for the command). The ORM's migrations run first, so a tool works on a fresh data folder too.
 */
export async function openServerDatabase(config: Config, log: Logger): Promise<{ url: string; close: () => Promise<void> }> {
  let url = config.databaseUrl;
  let close = async () => {};
  if (!url) {
    const running = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/mixx`;
    if (await answers(running)) {
      url = running;
    } else {
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
      url = embedded.url;
      close = embedded.stop;
    }
  }
  try {
    const orm = await openOrm({ url, log, poolMax: 2 });
    try {
      await withMigrationLock(url, () => migrateOrm(orm));
    } finally {
      await orm.close(true);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
