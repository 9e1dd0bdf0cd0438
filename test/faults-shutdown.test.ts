import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultStack, stopFaultStack } from './support/fault-stack.ts';
import { graphqlRequest, type Load, send, startLoad, uncleanReason } from './support/load.ts';
import type { OwnPostgres, OwnRedis } from './support/own-services.ts';
import type { Started } from './support/process.ts';

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
  ({ pg, redis, mixx, url } = await startFaultStack({
    // A catalog to list, so that answers have bodies worth cutting.
    MIXX_DEMO_CATALOG: 'true',
  }));
}, 300_000);

afterAll(() => stopFaultStack({ pg, redis, mixx, load }, 'SIGKILL'), 120_000);

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
