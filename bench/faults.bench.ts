import { randomBytes } from 'node:crypto';
import { graphqlRequest, type Outcome, send, startLoad } from '../test/support/load.ts';
import { startOwnPostgres, startOwnRedis } from '../test/support/own-services.ts';
import { freePort, scratchDataDir, startService, waitForReady } from '../test/support/process.ts';
import { type BenchResult, quantile } from './support.ts';

/**
 * TARGETS.md's fault rows, timed: Mixx started as `npm start` does, 50 connections, its own
 * PostgreSQL and Redis (stopped and started here, never the machine's shared ones).
 * - PostgreSQL restart: from the stop to /readyz 503 (target ≤ 2 s), and from the database
 *   accepting connections again to /readyz 200 and to the first good answer (target ≤ 5 s).
 * - SIGTERM: from the signal to exit 0, with the responses cut (target: none).
 * - Redis gone: from the kill to the warning, and from its return to counters shared again.
 */
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const CONNECTIONS = 50;
const POLL_MS = 25;

export async function faultsBench(): Promise<BenchResult[]> {
  return [await postgresRestart(), await sigterm(), await redisGone()];
}

type Server = Awaited<ReturnType<typeof startServer>>;

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = startService({
    PORT: String(port),
    MIXX_DATA_DIR: scratchDataDir(),
    MIXX_SECRET: SECRET,
    MIXX_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  await waitForReady(url, started);
  return { url, started };
}

async function stopServer(server: Server): Promise<void> {
  if (server.started.child.exitCode !== null) return;
  server.started.child.kill('SIGTERM');
  await server.started.exited;
}

const succeeded = (o: Outcome) =>
  o.kind === 'answered' && o.status === 200 && !(o.body as { errors?: unknown[] } | undefined)?.errors;

async function pollUntil(test: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (!(await test())) {
    if (performance.now() - started > timeoutMs) throw new Error(`faults bench: nothing changed in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return performance.now() - started;
}

const statusOf = (url: string) =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );

function stats(outcomes: Outcome[], seconds: number) {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return { rps: outcomes.length / seconds, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) };
}

async function postgresRestart(): Promise<BenchResult> {
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const server = await startServer({ DATABASE_URL: pg.url, REDIS_URL: redis.url });
  const pid = server.started.child.pid;
  const load = startLoad({
    url: server.url,
    connections: CONNECTIONS,
    next: () => graphqlRequest('{ policy(kind: TERMS) { id version } }'),
  });
  try {
    await load.waitFor({ count: 1000, test: succeeded });
    const stopAt = Date.now();
    const stopping = pg.stop();
    const to503 = await pollUntil(async () => (await statusOf(`${server.url}/readyz`)) === 503);
    await stopping;
    await new Promise((r) => setTimeout(r, 3_000));
    await pg.start();
    const backAt = Date.now();
    const to200 = await pollUntil(async () => (await statusOf(`${server.url}/readyz`)) === 200);
    await pollUntil(() => load.since(backAt).some(succeeded));
    const firstGood =
      Math.min(
        ...load
          .since(backAt)
          .filter(succeeded)
          .map((o) => o.at),
      ) - backAt;
    const failed = load.outcomes.filter((o) => o.at >= stopAt && o.at < backAt && !succeeded(o));
    const failures = stats(failed, (backAt - stopAt) / 1000);
    return {
      name: 'faults: PostgreSQL restart (failed requests)',
      ...failures,
      note:
        `/readyz 503 ${to503.toFixed(0)} ms after the stop (target ≤ 2000); ` +
        `/readyz 200 ${to200.toFixed(0)} ms, first good answer ${firstGood} ms after the database is back (target ≤ 5000); ` +
        `${failed.length} clean failures meanwhile; same process: ${server.started.child.exitCode === null && server.started.child.pid === pid}`,
    };
  } finally {
    await load.stop();
    await stopServer(server);
    await redis.stop();
    await pg.destroy();
  }
}

async function sigterm(): Promise<BenchResult> {
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const server = await startServer({ DATABASE_URL: pg.url, REDIS_URL: redis.url, MIXX_DEMO_CATALOG: 'true' });
  const catalog = graphqlRequest(
    '{ tracks(first: 50, orderBy: NEWEST) { edges { node { id title artist { name } release { title genres { name } } } } } }',
  );
  const load = startLoad({ url: server.url, connections: CONNECTIONS, next: () => catalog });
  try {
    await load.waitFor({ count: 2000, test: succeeded });
    const signalAt = Date.now();
    const started = performance.now();
    server.started.child.kill('SIGTERM');
    let refusedAfter: number | undefined;
    const exited = server.started.exited.then((code) => ({ code, ms: performance.now() - started }));
    while (refusedAfter === undefined && server.started.child.exitCode === null) {
      const probe = await send(false, new URL(server.url), graphqlRequest('{ __typename }'));
      if (probe.kind === 'refused') refusedAfter = performance.now() - started;
    }
    const { code, ms } = await exited;
    await load.stop();
    const before = load.outcomes.filter((o) => o.at < signalAt && o.at >= signalAt - 5_000);
    const after = load.since(signalAt);
    const cut = load.outcomes.filter((o) => o.kind === 'cut').length;
    const answered = after.filter((o) => o.kind === 'answered');
    return {
      name: 'faults: SIGTERM under load (5 s before)',
      ...stats(before, 5),
      note:
        `exit ${code} ${ms.toFixed(0)} ms after SIGTERM (bound: 10 s drain, 20 s forced exit); ` +
        `new connections refused after ${refusedAfter?.toFixed(0) ?? '?'} ms; ` +
        `${answered.length} answered after the signal (${answered.filter((o) => o.status === 503).length} with 503), ${cut} cut (target 0)`,
    };
  } finally {
    await load.stop();
    await stopServer(server);
    await redis.stop();
    await pg.destroy();
  }
}

async function redisGone(): Promise<BenchResult> {
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const server = await startServer({ DATABASE_URL: pg.url, REDIS_URL: redis.url, LOG_LEVEL: 'info' });
  const email = () => `bench-${randomBytes(4).toString('hex')}@example.org`;
  const load = startLoad({
    url: server.url,
    connections: CONNECTIONS,
    next: (i) =>
      i % 10 === 0
        ? graphqlRequest('mutation($e: String!) { login(email: $e, password: "not the password") { token } }', { e: email() })
        : graphqlRequest('{ policy(kind: TERMS) { id version } }'),
  });
  const answeredCleanly = (o: Outcome) => o.kind === 'answered' && o.status !== undefined && o.status < 500;
  try {
    await load.waitFor({ count: 1000, test: answeredCleanly });
    const goneAt = Date.now();
    await redis.stop();
    const toWarning = await pollUntil(() => server.started.output().includes('Redis does not answer'));
    await new Promise((r) => setTimeout(r, 3_000));
    const backAt = Date.now();
    await redis.start();
    const toShared = await pollUntil(() => server.started.output().includes('Redis answers again'));
    const during = load.outcomes.filter((o) => o.at >= goneAt && o.at < backAt);
    const bad = load.outcomes.filter((o) => !answeredCleanly(o)).length;
    return {
      name: 'faults: Redis gone (requests meanwhile)',
      ...stats(during, (backAt - goneAt) / 1000),
      note: `warning ${toWarning.toFixed(0)} ms after the kill; shared again ${toShared.toFixed(0)} ms after its return; ${bad} requests failed (target 0)`,
    };
  } finally {
    await load.stop();
    await stopServer(server);
    await redis.stop();
    await pg.destroy();
  }
}
