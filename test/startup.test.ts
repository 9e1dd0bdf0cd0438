import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, scratchDataDir, startService, waitForReady } from './support/process.ts';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function termsVersionId(url: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ policy(kind: TERMS) { id version } }' }),
  });
  const body = (await res.json()) as any;
  return body.data.policy.id;
}

describe('npm start', () => {
  it('comes up on an embedded PostgreSQL with no DATABASE_URL, keeps its data across a restart, and exits 0 on SIGTERM', async () => {
    const dataDir = scratchDataDir();
    dataDirs.push(dataDir);
    const env = {
      PORT: String(await freePort()),
      MIXX_PG_PORT: String(await freePort()),
      MIXX_DATA_DIR: dataDir,
      MIXX_DEMO_CATALOG: 'false',
      LOG_LEVEL: 'warn',
    };
    const url = `http://127.0.0.1:${env.PORT}`;

    const first = startService(env);
    await waitForReady(url, first);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/admin/login`)).status).toBe(200);
    const id = await termsVersionId(url);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startService(env);
    await waitForReady(url, second);
    expect(await termsVersionId(url)).toBe(id);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 300_000);

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['MIXX_PG_PORT', { MIXX_PG_PORT: '70000' }],
    ['MIXX_FREE_DOWNLOADS_PER_DAY', { MIXX_FREE_DOWNLOADS_PER_DAY: '-1' }],
    ['MIXX_TRUST_PROXY', { MIXX_TRUST_PROXY: 'perhaps' }],
    ['MIXX_GRAPHIQL', { MIXX_GRAPHIQL: 'perhaps' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/mixx' }],
    ['MIXX_SECRET', { MIXX_ENV: 'production', DATABASE_URL: 'postgres://127.0.0.1/x' }],
  ])('stops at start-up naming %s when its value is bad', async (name, bad) => {
    const dataDir = scratchDataDir();
    dataDirs.push(dataDir);
    const started = startService({ MIXX_DATA_DIR: dataDir, ...bad });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(new RegExp(`invalid configuration: ${name}:`));
  });
});
