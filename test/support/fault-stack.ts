import type { Load } from './load.ts';
import { TEST_SECRET } from './mixx.ts';
import { type OwnPostgres, type OwnRedis, startOwnPostgres, startOwnRedis } from './own-services.ts';
import { freePort, type Started, scratchDataDir, startService, waitForReady } from './process.ts';

export type FaultStack = { pg: OwnPostgres; redis: OwnRedis; mixx: Started; url: string };

/**
 * `npm start` as a process on a PostgreSQL and a redis-server of its own (never the machine's
 * shared ones, which the fault tests stop), with a scratch data folder; `env` adds to or overrides
 * the rest. Resolves once /readyz answers.
 */
export async function startFaultStack(env: Record<string, string>): Promise<FaultStack> {
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const mixx = startService({
    PORT: String(port),
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    MIXX_DATA_DIR: scratchDataDir(),
    MIXX_SECRET: TEST_SECRET,
    MIXX_DEMO_CATALOG: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  await waitForReady(url, mixx);
  return { pg, redis, mixx, url };
}

/** Stops the load, the process (if it still runs, with `signal`), its Redis and its PostgreSQL. */
export async function stopFaultStack(
  stack: Partial<FaultStack> & { load?: Load },
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  await stack.load?.stop();
  if (stack.mixx && stack.mixx.child.exitCode === null) {
    stack.mixx.child.kill(signal);
    await stack.mixx.exited;
  }
  await stack.redis?.stop();
  await stack.pg?.destroy();
}
