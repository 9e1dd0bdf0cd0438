import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JavaScript build script
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';

/**
 * One fresh database per run, dropped after: on TEST_DATABASE_URL or DATABASE_URL when set, else on
 * the local PostgreSQL when it answers, else on an embedded one started for the run.
 */
export default async function setup(project: TestProject) {
  if (process.env.MIXX_TEST_NO_BUILD !== '1') buildIfNeeded();
  let stopEmbedded: (() => Promise<void>) | undefined;
  let scratch: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl && (await answers('postgres://postgres@127.0.0.1:5432/postgres'))) {
    serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
  }
  if (!serverUrl) {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mixx-test-pg-'));
    chmodSync(scratch, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: scratch, port: 54339, log: createLogger('warn') });
    stopEmbedded = embedded.stop;
    serverUrl = embedded.url;
    process.stderr.write('tests: no PostgreSQL server configured or answering on 5432: using an embedded one\n');
  }
  const name = `mixx_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = withDatabase(serverUrl, 'postgres');
  await query(admin, `CREATE DATABASE "${name}"`);
  project.provide('databaseUrl', withDatabase(serverUrl, name));
  project.provide('serverUrl', admin);

  return async () => {
    await query(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e) =>
      process.stderr.write(`could not drop ${name}: ${e}\n`),
    );
    await stopEmbedded?.();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
  }
}
