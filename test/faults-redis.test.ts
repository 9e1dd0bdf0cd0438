import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultStack, stopFaultStack } from './support/fault-stack.ts';
import { graphqlRequest, type Load, type Outcome, send, startLoad, uncleanReason } from './support/load.ts';
import type { OwnPostgres, OwnRedis } from './support/own-services.ts';
import type { Started } from './support/process.ts';

/**
 * REDIS_URL's Redis goes away under load (docs/operations.md): Mixx goes on serving, counts rate
 * limits in memory per instance with a warning, and shares them through Redis again once it is back.
 */
let pg: OwnPostgres;
let redis: OwnRedis;
let mixx: Started;
let url: string;
let load: Load | undefined;
const prefix = 'mixx-faults:';

beforeAll(async () => {
  ({ pg, redis, mixx, url } = await startFaultStack({ MIXX_REDIS_PREFIX: prefix, MIXX_TRUST_PROXY: '1', LOG_LEVEL: 'info' }));
}, 300_000);

afterAll(() => stopFaultStack({ pg, redis, mixx, load }), 120_000);

/** Wrong passwords for one address from one client (a documentation address, as a proxy passes it). */
async function guesses(n: number): Promise<(string | undefined)[]> {
  const email = `guessed-${randomBytes(4).toString('hex')}@example.org`;
  const client = `203.0.113.${1 + ((randomBytes(1)[0] as number) % 200)}`;
  const codes: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const outcome = await send(
      false,
      new URL(url),
      graphqlRequest(
        'mutation($e: String!) { login(email: $e, password: "not the password at all") { token } }',
        { e: email },
        {
          'x-forwarded-for': client,
        },
      ),
    );
    codes.push((outcome.body as { errors?: { extensions?: { code?: string } }[] })?.errors?.[0]?.extensions?.code);
  }
  return codes;
}

const TEN_THEN_LIMITED = [...Array(10).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED'];

async function redisKeys(): Promise<string[]> {
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return await client.keys(`${prefix}*`);
  } finally {
    client.disconnect();
  }
}

async function until(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${mixx.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fine = (o: Outcome) => o.kind === 'answered' && o.status === 200 && uncleanReason(o) === undefined;

it('falls back to counting in memory with a warning while Redis is gone, and shares again once it is back', async () => {
  load = startLoad({ url, connections: 50, next: () => graphqlRequest('{ policy(kind: TERMS) { id version } }') });
  await load.waitFor({ count: 200, test: fine });
  expect(await guesses(11)).toEqual(TEN_THEN_LIMITED);
  expect((await redisKeys()).some((k) => k.startsWith(`${prefix}login:pair:`))).toBe(true);

  const goneAt = Date.now();
  await redis.stop();
  await until('the warning', () => mixx.output().includes('Redis does not answer: rate limits count per instance until it does'));
  // Limits still hold, counted in this process.
  expect(await guesses(11)).toEqual(TEN_THEN_LIMITED);
  await load.waitFor({ from: Date.now(), count: 200, test: fine });

  const backAt = Date.now();
  await redis.start();
  await until('Redis shared again', () => mixx.output().includes('Redis answers again'));
  expect(await guesses(11)).toEqual(TEN_THEN_LIMITED);
  const keys = await redisKeys();
  expect(keys.some((k) => k.startsWith(`${prefix}login:pair:`))).toBe(true);
  expect(keys.filter((k) => k.startsWith(`${prefix}salt:`))).toHaveLength(2);
  expect(keys.join('\n')).not.toContain('203.0.113.');
  await load.waitFor({ from: Date.now(), count: 200, test: fine });
  await load.stop();

  // Not one request failed for Redis' sake, before, during or after.
  expect(load.outcomes.filter((o) => !fine(o)).map((o) => uncleanReason(o) ?? `${o.status} ${o.text?.slice(0, 200)}`)).toEqual(
    [],
  );
  expect(load.since(goneAt).filter((o) => o.at < backAt).length).toBeGreaterThan(0);
  expect(mixx.output()).not.toMatch(/Unhandled error event|"level":"(error|fatal)"/);
  expect(mixx.child.exitCode).toBeNull();
}, 300_000);
