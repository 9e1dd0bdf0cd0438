import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

let mixx: TestMixx;
beforeAll(async () => {
  mixx = await startTestMixx({ withAdmin: false });
});
afterAll(() => mixx?.close());

it('passes every MUST audit of the GraphQL-over-HTTP spec (graphql-http)', async () => {
  const results = await Promise.all(
    serverAudits({ url: `${mixx.url}/graphql` }).map(async (audit) => ({ ...(await audit.fn()), name: audit.name })),
  );
  const tally = { ok: 0, warn: 0, notice: 0, error: 0 } as Record<string, number>;
  for (const r of results) tally[r.status] = (tally[r.status] ?? 0) + 1;
  process.stderr.write(`graphql-http audit: ${JSON.stringify(tally)}\n`);
  const failedMusts = results
    .filter((r) => r.status === 'error' && r.name.startsWith('MUST'))
    .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
  expect(failedMusts).toEqual([]);
  expect(tally.ok).toBeGreaterThan(40);
});
