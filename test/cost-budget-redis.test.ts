import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CostBudgets } from '../src/services/security/cost-budget.ts';

/** The cost budgets' Lua script on a real Redis: one atomic step per charge, shared by every instance. */
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `mixx-test-${randomBytes(4).toString('hex')}:`;
const secret = 'redis-test-secret-0123456789-abcdefghijklmnop';
let redis: Redis | undefined;
const connections: Redis[] = [];

beforeAll(async () => {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await probe.connect();
    redis = probe;
  } catch {
    probe.disconnect();
    if (process.env.CI === 'true') throw new Error(`CI needs Redis at ${url}`);
    process.stderr.write(`Redis cost budget test skipped: nothing answers at ${url}\n`);
  }
});
afterAll(async () => {
  const keys = (await redis?.keys(`${prefix}*`)) ?? [];
  if (keys.length) await redis?.del(...keys);
  redis?.disconnect();
  for (const c of connections) c.disconnect();
});

function instance(budget = { maximumAvailable: 1000, restoreRate: 0.001 }) {
  const connection = new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  connections.push(connection);
  return new CostBudgets({ secret, budget, redis: connection, prefix });
}

it('charges one bucket from two instances at once, exactly', async ({ skip }) => {
  if (!redis) return skip();
  const budget = { maximumAvailable: 1000, restoreRate: 0.001 };
  const [one, two] = [instance(budget), instance(budget)];
  const caller = { key: `v:${randomBytes(6).toString('base64url')}`, budget };
  // 100 charges of 15 against 1,000 points, half on each instance: exactly 66 fit.
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? one : two).take(caller, 15)));
  expect(results.filter((r) => r.isTaken)).toHaveLength(66);
  expect(await one.peek(caller)).toEqual({ ...budget, currentlyAvailable: 10 });
  const refused = results.find((r) => !r.isTaken);
  expect(refused).toMatchObject({ isTaken: false, status: { currentlyAvailable: expect.any(Number) } });
  // (15 - 10) points at 0.001 a second.
  expect(await two.take(caller, 15)).toMatchObject({ isTaken: false, waitSeconds: 5000 });

  expect(await two.give(caller, 500)).toEqual({ ...budget, currentlyAvailable: 510 });
  const key = `${prefix}cost:${caller.key}`;
  // It expires when it would be full again: 490 points at 0.001 a second.
  const ttl = await (redis as Redis).pttl(key);
  expect(ttl).toBeGreaterThan(489_000_000);
  expect(ttl).toBeLessThanOrEqual(491_000_000);
  // A bucket refunded to full is absent: absent is full.
  expect(await one.give(caller, 10_000)).toEqual({ ...budget, currentlyAvailable: 1000 });
  expect(await (redis as Redis).exists(key)).toBe(0);
});

it('refills at restoreRate on Redis time', async ({ skip }) => {
  if (!redis) return skip();
  const budget = { maximumAvailable: 100, restoreRate: 1000 };
  const one = instance(budget);
  const caller = { key: `v:${randomBytes(6).toString('base64url')}`, budget };
  expect(await one.take(caller, 100)).toMatchObject({ isTaken: true, status: { currentlyAvailable: 0 } });
  await new Promise((r) => setTimeout(r, 150));
  expect(await one.peek(caller)).toEqual({ ...budget, currentlyAvailable: 100 });
});

it('keeps budgets in memory while Redis does not answer, and says so', async () => {
  const down = new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  down.on('error', () => {});
  connections.push(down);
  let failures = 0;
  const budget = { maximumAvailable: 100, restoreRate: 0.001 };
  const budgets = new CostBudgets({ secret, budget, redis: down, prefix, onRedisFailed: () => failures++ });
  const caller = { key: 'v:offline', budget };
  expect(await budgets.take(caller, 60)).toMatchObject({ isTaken: true, status: { currentlyAvailable: 40 } });
  expect(await budgets.take(caller, 60)).toMatchObject({ isTaken: false });
  expect(failures).toBe(1);
});
