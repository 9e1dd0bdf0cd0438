import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashClientAddress } from '../src/services/privacy/client-address.ts';
import { Throttle } from '../src/services/security/throttle.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis | undefined;

beforeAll(async () => {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await probe.connect();
    redis = probe;
  } catch {
    probe.disconnect();
    process.stderr.write(`Redis throttle test skipped: nothing answers at ${url}\n`);
  }
});
afterAll(() => redis?.disconnect());

it('keeps shared counters in Redis under keyed hashes only, never an address or an e-mail', async ({ skip }) => {
  if (!redis) return skip();
  const prefix = `mixx:login:pair:`;
  const options = {
    secret: 'redis-test-secret-0123456789-abcdefghijklmnop',
    redisUrl: url,
    limits: {
      login: { pair: { points: 2, seconds: 5 }, client: { points: 100, seconds: 5 }, account: { points: 100, seconds: 5 } },
    },
  };
  const throttle = new Throttle(options);
  expect(await throttle.ready()).toBe(true);
  const email = `redis-${Date.now()}@example.org`;
  const client = hashClientAddress('203.0.113.77');
  try {
    await throttle.attempt('login', { account: email, client });
    await throttle.attempt('login', { account: email, client });
    await expect(throttle.attempt('login', { account: email, client })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    // A second instance sharing Redis sees the same counter.
    const other = new Throttle(options);
    expect(await other.ready()).toBe(true);
    await expect(other.attempt('login', { account: email, client })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    await other.close();

    const keys = await (redis as Redis).keys('mixx:*');
    expect(keys.some((k) => k.startsWith(prefix))).toBe(true);
    const joined = keys.join('\n');
    expect(joined).not.toContain('203.0.113.77');
    expect(joined).not.toContain(email);
    expect(joined).not.toContain('@');
  } finally {
    await throttle.close();
  }
});
