import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultStack, stopFaultStack } from './support/fault-stack.ts';
import { graphqlRequest, type Load, type Outcome, startLoad, uncleanReason } from './support/load.ts';
import type { OwnPostgres, OwnRedis } from './support/own-services.ts';
import type { Started } from './support/process.ts';

/**
 * The database goes away under load and comes back: Mixx says so on /readyz, answers every request
 * meanwhile with a clean error, and serves again by itself, in the same process. The PostgreSQL and
 * the Redis are this test's own: it stops them.
 */
let pg: OwnPostgres;
let redis: OwnRedis;
let mixx: Started;
let url: string;
let load: Load | undefined;

beforeAll(async () => {
  ({ pg, redis, mixx, url } = await startFaultStack({}));
}, 300_000);

afterAll(() => stopFaultStack({ pg, redis, mixx, load }), 120_000);

const QUERIES = [
  '{ policy(kind: TERMS) { id version } }',
  '{ tracks(first: 20, orderBy: NEWEST) { totalCount edges { node { id title } } } }',
  '{ ledgerCheckpoint { size rootHash } }',
];

const readyz = () =>
  fetch(`${url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

async function until(what: string, test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${mixx.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const succeeded = (o: Outcome) =>
  o.kind === 'answered' && o.status === 200 && !(o.body as { errors?: unknown[] } | undefined)?.errors;

it('turns /readyz to 503, answers cleanly meanwhile, and serves again once its PostgreSQL is back', async () => {
  const pid = mixx.child.pid;
  load = startLoad({ url, connections: 50, next: (i) => graphqlRequest(QUERIES[i % QUERIES.length] as string) });
  await load.waitFor({ count: 200, test: succeeded });

  const stoppedAt = Date.now();
  await pg.stop();
  await until('/readyz turns 503', async () => (await readyz()) === 503, 60_000);
  // Requests go on failing while it is down, each with a clean error and none left hanging.
  const downFrom = Date.now();
  await load.waitFor({ from: downFrom, count: 200, test: (o) => !succeeded(o) });
  await new Promise((r) => setTimeout(r, 3_000));

  const restartedAt = Date.now();
  await pg.start();
  await until('/readyz turns 200', async () => (await readyz()) === 200, 60_000);
  await load.waitFor({ from: Date.now(), count: 300, test: succeeded, timeoutMs: 60_000 });
  const recoveredFrom = Date.now();
  await load.waitFor({ from: recoveredFrom, count: 300, test: () => true });
  await load.stop();

  const outage = load.outcomes.filter((o) => o.at >= stoppedAt && o.at < restartedAt);
  const failures = outage.filter((o) => !succeeded(o));
  expect(failures.length).toBeGreaterThan(0);
  expect(failures.map((o) => uncleanReason(o)).filter(Boolean)).toEqual([]);
  // Once it serves again, it serves every request.
  expect(
    load
      .since(recoveredFrom)
      .filter((o) => !succeeded(o))
      .map((o) => uncleanReason(o) ?? `${o.status} ${o.text?.slice(0, 200)}`),
  ).toEqual([]);
  expect(mixx.child.exitCode).toBeNull();
  expect(mixx.child.pid).toBe(pid);
  expect(mixx.output()).not.toMatch(/Unhandled|uncaught|"level":"fatal"/i);
  // The outage is logged as one, not as an error line (with a stack) per failed request.
  const errorLines = mixx
    .output()
    .split('\n')
    .filter((line) => line.includes('"level":"error"'));
  expect(errorLines.some((line) => line.includes('the database does not answer'))).toBe(true);
  expect(errorLines.length).toBeLessThan(30);
}, 300_000);
