import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Throttle } from '../src/services/security/throttle.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis | undefined;
const prefix = `mixx-test-${randomBytes(4).toString('hex')}:`;

beforeAll(async () => {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await probe.connect();
    redis = probe;
  } catch {
    probe.disconnect();
    if (process.env.CI === 'true') throw new Error(`CI needs Redis at ${url}`);
    process.stderr.write(`Redis throttle test skipped: nothing answers at ${url}\n`);
  }
});
afterAll(async () => {
  const keys = (await redis?.keys(`${prefix}*`)) ?? [];
  if (keys.length) await redis?.del(...keys);
  redis?.disconnect();
});

const options = {
  secret: 'redis-test-secret-0123456789-abcdefghijklmnop',
  redisUrl: url,
  prefix,
  limits: {
    login: { pair: { points: 2, seconds: 5 }, client: { points: 100, seconds: 5 }, account: { points: 100, seconds: 5 } },
  },
};

it('shares the day salt and the counters between instances, under keyed hashes only', async ({ skip }) => {
  if (!redis) return skip();
  const one = new Throttle(options);
  const two = new Throttle(options);
  try {
    expect(await one.ready()).toBe(true);
    expect(await two.ready()).toBe(true);
    const email = `redis-${Date.now()}@example.org`;
    // Two instances asked at once agree on the salt: one SET NX wins, both read it.
    const [clientOne, clientTwo] = await Promise.all([one.clientKey('203.0.113.77'), two.clientKey('203.0.113.77')]);
    expect(clientOne).toEqual(clientTwo);
    expect(clientOne.current).not.toBe(clientOne.previous);
    await one.attempt('login', { account: email, client: clientOne });
    await two.attempt('login', { account: email, client: clientTwo });
    await expect(one.attempt('login', { account: email, client: clientOne })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    await expect(two.attempt('login', { account: email, client: clientTwo })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });

    const keys = await (redis as Redis).keys(`${prefix}*`);
    expect(keys.some((k) => k.startsWith(`${prefix}login:pair:`))).toBe(true);
    expect(keys.filter((k) => k.startsWith(`${prefix}salt:`))).toHaveLength(2);
    const joined = keys.join('\n');
    expect(joined).not.toContain('203.0.113.77');
    expect(joined).not.toContain(email);
    expect(joined).not.toContain('@');
    // The shared salt expires at the end of the next day, when it has served as yesterday's.
    const today = new Date().toISOString().slice(0, 10);
    const ttl = await (redis as Redis).ttl(`${prefix}salt:${today}`);
    expect(ttl).toBeGreaterThan(86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(2 * 86_400);
  } finally {
    await one.close();
    await two.close();
  }
});
