import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphqlRequest, type Load, send, startLoad, uncleanReason } from './support/load.ts';
import { TEST_SECRET } from './support/mixx.ts';
import { type OwnPostgres, type OwnRedis, startOwnPostgres, startOwnRedis } from './support/own-services.ts';
import { freePort, type Started, scratchDataDir, startService, waitForReady } from './support/process.ts';

/**
 * SIGTERM under load: every response already begun arrives whole, connections opened afterwards
 * are refused, and the process exits 0 by itself (its drain bound, after which it would exit 1).
 */
let pg: OwnPostgres;
let redis: OwnRedis;
let mixx: Started;
let url: string;
let load: Load | undefined;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  mixx = startService({
    PORT: String(port),
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    MIXX_DATA_DIR: scratchDataDir(),
    MIXX_SECRET: TEST_SECRET,
    // A catalog to list, so that answers have bodies worth cutting.
    MIXX_DEMO_CATALOG: 'true',
    LOG_LEVEL: 'warn',
  });
  await waitForReady(url, mixx);
}, 300_000);

afterAll(async () => {
  await load?.stop();
  if (mixx && mixx.child.exitCode === null) {
    mixx.child.kill('SIGKILL');
    await mixx.exited;
  }
  await redis?.stop();
  await pg?.destroy();
}, 120_000);

const CATALOG =
  '{ tracks(first: 50, orderBy: NEWEST) { totalCount edges { cursor node { id title durationSeconds artist { id name } release { id title genres { name } } genres { name } } } } }';
// A sign-in hashes its password for tens of milliseconds: some are always in flight.
const LOGIN = 'mutation($e: String!) { login(email: $e, password: "not the password at all") { token } }';

it('lets every begun response finish, refuses new connections, and exits 0 on SIGTERM under load', async () => {
  load = startLoad({
    url,
    connections: 50,
    next: (i) =>
      i % 5 === 0
        ? graphqlRequest(LOGIN, { e: `nobody-${randomBytes(4).toString('hex')}@example.org` })
        : graphqlRequest(CATALOG),
  });
  await load.waitFor({ count: 500, test: (o) => o.kind === 'answered' && o.status === 200 });
  const catalog = load.outcomes.find((o) => o.kind === 'answered' && (o.text?.length ?? 0) > 5_000);
  expect(catalog, 'a catalog answer of some size').toBeDefined();

  const signalledAt = Date.now();
  mixx.child.kill('SIGTERM');
  // A new connection after the signal is refused, while the load still runs.
  let refused = false;
  const deadline = Date.now() + 30_000;
  while (!refused && Date.now() < deadline) {
    const probe = await send(false, new URL(url), graphqlRequest('{ __typename }'));
    refused = probe.kind === 'refused';
    if (!refused) await new Promise((r) => setTimeout(r, 20));
  }
  expect(await mixx.exited).toBe(0);
  await load.stop();

  expect(refused).toBe(true);
  const outcomes = load.outcomes;
  expect(outcomes.filter((o) => o.kind === 'cut')).toEqual([]);
  // Answers before and during the drain are whole and clean; the rest are refused, not answered with internals.
  const answered = outcomes.filter((o) => o.kind === 'answered');
  expect(answered.map((o) => (o.status === 503 ? undefined : uncleanReason(o))).filter(Boolean)).toEqual([]);
  expect(outcomes.some((o) => o.at >= signalledAt && o.kind === 'refused')).toBe(true);
  expect(mixx.output()).not.toMatch(/shutdown took too long|went on with requests still running|"level":"(error|fatal)"/);
}, 300_000);
