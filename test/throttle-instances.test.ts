import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { TEST_SECRET } from './support/mixx.ts';
import { freePort, type Started, scratchDataDir, startService, waitForReady } from './support/process.ts';

/**
 * Two Mixx processes on one PostgreSQL and one Redis count a client's attempts as one: they share
 * the day's salt through Redis, so the same address has the same key on both. They charge one
 * query cost budget per client too (20 points here, refilled at 0.001 a second: none during the test).
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `mixx-test-${randomBytes(4).toString('hex')}:`;
let redis: Redis | undefined;
const instances: { url: string; started: Started }[] = [];

beforeAll(async () => {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    redis = probe;
  } catch {
    probe.disconnect();
    if (process.env.CI === 'true') throw new Error(`CI needs Redis at ${redisUrl}`);
    process.stderr.write(`two-instance throttle test skipped: nothing answers at ${redisUrl}\n`);
    return;
  }
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const started = startService({
      PORT: String(port),
      DATABASE_URL: inject('databaseUrl'),
      MIXX_DATA_DIR: scratchDataDir(),
      MIXX_SECRET: TEST_SECRET,
      MIXX_DEMO_CATALOG: 'false',
      MIXX_TRUST_PROXY: 'true',
      REDIS_URL: redisUrl,
      MIXX_REDIS_PREFIX: prefix,
      MIXX_COST_BUDGET: '20',
      MIXX_COST_RESTORE_RATE: '0.001',
      LOG_LEVEL: 'warn',
    });
    instances.push({ url: `http://127.0.0.1:${port}`, started });
  }
  await Promise.all(instances.map((i) => waitForReady(i.url, i.started)));
}, 300_000);

afterAll(async () => {
  for (const { started } of instances) started.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => i.started.exited));
  const keys = (await redis?.keys(`${prefix}*`)) ?? [];
  if (keys.length) await redis?.del(...keys);
  redis?.disconnect();
}, 60_000);

async function login(url: string, email: string): Promise<string | undefined> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.200' },
    body: JSON.stringify({
      query: 'mutation($e: String!) { login(email: $e, password: "not the password at all") { token } }',
      variables: { e: email },
    }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

it('refuses the eleventh guess of a pair on either instance after ten spread over both', async ({ skip }) => {
  if (!redis) return skip();
  const [one, two] = instances as unknown as [{ url: string }, { url: string }];
  const email = `guessed-${randomBytes(4).toString('hex')}@example.org`;
  const codes: (string | undefined)[] = [];
  for (let i = 0; i < 10; i++) codes.push(await login(i % 2 ? two.url : one.url, email));
  expect(codes).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
  expect(await login(one.url, email)).toBe('RATE_LIMITED');
  expect(await login(two.url, email)).toBe('RATE_LIMITED');
  const keys = await (redis as Redis).keys(`${prefix}*`);
  expect(keys.filter((k) => k.startsWith(`${prefix}salt:`))).toHaveLength(2);
  expect(keys.join('\n')).not.toContain('198.51.100.200');
}, 120_000);

it("charges a client's queries on either instance to one budget", async ({ skip }) => {
  if (!redis) return skip();
  const [one, two] = instances as unknown as [{ url: string }, { url: string }];
  const ask = async (url: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.201' },
      body: JSON.stringify({ query: '{ policy(kind: TERMS) { version } }' }),
    });
    const body = (await response.json()) as {
      errors?: { extensions?: { code?: string } }[];
      extensions: { cost: { throttleStatus: { currentlyAvailable: number } } };
    };
    return body.errors?.[0]?.extensions?.code ?? body.extensions.cost.throttleStatus.currentlyAvailable;
  };
  const answers: (string | number)[] = [];
  for (let i = 0; i < 20; i++) answers.push(await ask(i % 2 ? two.url : one.url));
  expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
  expect(await ask(one.url)).toBe('THROTTLED');
  expect(await ask(two.url)).toBe('THROTTLED');
  const keys = await (redis as Redis).keys(`${prefix}cost:*`);
  expect(keys).toHaveLength(1);
  expect(keys.join('\n')).not.toContain('198.51.100.201');
}, 60_000);
