import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type Mixx, type StartOptions, startMixx } from '../../src/mixx.ts';
import { UNSPENDABLE_COST_BUDGET } from './process.ts';

export type TestMixx = Mixx & {
  /** Every log line written so far, parsed. */
  logLines: () => Record<string, unknown>[];
  gql: <T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GqlResult<T>>;
};

export type GqlResult<T> = {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
  headers: Headers;
};

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Mixx in this process, on the run's database, on a free port, with its logs kept for inspection. */
export async function startTestMixx(
  opts: {
    env?: Record<string, string>;
    withAdmin?: boolean;
    throttleLimits?: StartOptions['throttleLimits'];
    /** A fixed port (default: any free one), for tests whose PUBLIC_URL must name it (OAuth's issuer). */
    port?: number;
  } = {},
): Promise<TestMixx> {
  const lines: string[] = [];
  const config = loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    MIXX_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mixx-test-data-')),
    MIXX_SECRET: TEST_SECRET,
    MIXX_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'info',
    ...UNSPENDABLE_COST_BUDGET,
    // Every document compiled from its first run, so that each test's operations run as repeated ones do.
    MIXX_COMPILE_AFTER_RUNS: '1',
    ...opts.env,
  });
  const log = createLogger('info', { write: (line: string) => void lines.push(line) });
  const mixx = await startMixx({
    config,
    log,
    port: opts.port ?? 0,
    host: '127.0.0.1',
    withAdmin: opts.withAdmin,
    throttleLimits: opts.throttleLimits,
  });
  return { ...mixx, gql: gqlClient(mixx.url), logLines: () => lines.map((l) => JSON.parse(l)) };
}

/** POSTs GraphQL to `url`/graphql: a Mixx started in this process, as a process, or behind a proxy. */
export function gqlClient(url: string): TestMixx['gql'] {
  return async (query, variables, headers) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: any[] };
    return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
  };
}

/** A port free right now on 127.0.0.1: for tests whose PUBLIC_URL must be the server's own address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
