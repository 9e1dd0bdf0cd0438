import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { type Mixx, type StartOptions, startMixx } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

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
    /** A port chosen ahead (process.ts's freePort), for tests whose PUBLIC_URL must be the server's own address. */
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
  const gql: TestMixx['gql'] = async (query, variables, headers) => {
    const response = await fetch(`${mixx.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: any[] };
    return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
  };
  return { ...mixx, gql, logLines: () => lines.map((l) => JSON.parse(l)) };
}
