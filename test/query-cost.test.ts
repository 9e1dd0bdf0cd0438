import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { writeMp3 } from './support/catalog.ts';
import { currentPolicyIds, LOGIN, REGISTER, strongPassword, uniqueEmail } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

/**
 * The contract's *Query cost* over HTTP: `extensions.cost` on every response, the refund of what
 * an operation did not cost, and one budget per caller. The budget here is 1,000 points refilled
 * at 0.001 a second, so that no refill shows during the test: every level below is exact.
 */
const BUDGET = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 0.001 };
const run = randomBytes(3).toString('hex');
const GENRE = `Costed ${run}`;
const GENRE_SLUG = GENRE.toLowerCase().replace(/ /g, '-');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'mixx-cost-test-'));

let mixx: TestMixx;
let clients = 0;
/** A client address of its own (a documentation address, 203.0.113.0/24), so each test has its own bucket. */
const newClient = () => ({ 'x-forwarded-for': `203.0.113.${++clients}` });

type Body = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };

async function post(
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Body; headers: Headers }> {
  const response = await fetch(`${mixx.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), headers: response.headers };
}
const gql = (query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) =>
  post({ query, variables }, headers);

/** The three tracks of this file's genre, each with one genre, on one release with one genre. */
const PAGE = `query($first: Int, $genre: String) { tracks(first: $first, filter: { genre: $genre }) {
  edges { node { title artist { name } release { title genres { name } } genres { name } } } } }`;
/** 2 + first × (node 1 + artist 1 + release 1 + its genres 3 × 1 + genres 3 × 1). */
const pageCost = (first: number) => 2 + first * 9;
/** 2 + returned × (1 + 1 + 1 + 1 + 1): one genre each. */
const PAGE_ACTUAL = 2 + 3 * 5;

beforeAll(async () => {
  mixx = await startTestMixx({
    withAdmin: false,
    env: { MIXX_TRUST_PROXY: 'true', MIXX_COST_BUDGET: '1000', MIXX_COST_RESTORE_RATE: '0.001' },
  });
  const folder = path.join(scratch, run);
  for (const n of [1, 2, 3]) {
    writeMp3(path.join(folder, `0${n}.mp3`), {
      title: `Costed song ${n}`,
      artist: `Costed artist ${run}`,
      album: `Costed album ${run}`,
      trackNumber: n,
      genre: GENRE,
    });
  }
  const db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
  try {
    expect(await importFolder({ folder, mediaDir: path.join(scratch, 'media'), db })).toMatchObject({ added: 3 });
  } finally {
    await db.end();
  }
});
afterAll(async () => {
  await mixx?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('extensions.cost', () => {
  it('reports what a query asked for, what its data cost, and the bucket after the refund', async () => {
    const client = newClient();
    const first = await gql(PAGE, { first: 10, genre: GENRE_SLUG }, client);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.tracks.edges).toHaveLength(3);
    expect(first.body.extensions).toEqual({
      cost: {
        requestedQueryCost: pageCost(10),
        actualQueryCost: PAGE_ACTUAL,
        throttleStatus: { ...BUDGET, currentlyAvailable: 1000 - PAGE_ACTUAL },
      },
    });
    const second = await gql(PAGE, { first: 50, genre: GENRE_SLUG }, client);
    expect(second.body.extensions?.cost).toEqual({
      requestedQueryCost: pageCost(50),
      actualQueryCost: PAGE_ACTUAL,
      throttleStatus: { ...BUDGET, currentlyAvailable: 1000 - 2 * PAGE_ACTUAL },
    });
    const empty = await gql(PAGE, { first: 100, genre: `nothing-${run}` }, client);
    expect(empty.body.data.tracks.edges).toEqual([]);
    expect(empty.body.extensions?.cost).toMatchObject({ requestedQueryCost: pageCost(100), actualQueryCost: 2 });
    expect(empty.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(1000 - 2 * PAGE_ACTUAL - 2);
  });

  it('counts a null object as 1 and nothing under it, and an interface fragment by what came', async () => {
    const client = newClient();
    const missing = await gql('{ track(id: "VHJhY2s6MA") { title artist { name } } }', undefined, client);
    expect(missing.body.data).toEqual({ track: null });
    expect(missing.body.extensions?.cost).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 1 });
    const ids = await gql(
      `{ tracks(first: 1, filter: { genre: "${GENRE_SLUG}" }) { edges { node { id } } } }`,
      undefined,
      client,
    );
    const id = ids.body.data.tracks.edges[0].node.id;
    const node = await gql(
      'query($id: ID!) { node(id: $id) { id ... on Track { artist { name } genres { name } } ... on Artist { releases { totalCount } } } }',
      { id },
      client,
    );
    expect(node.body.errors).toBeUndefined();
    // node 1, artist 1, its one genre 1; the Artist fragment did not apply.
    expect(node.body.extensions?.cost.actualQueryCost).toBe(3);
  });

  it('is on mutations, and on answers that never reached execution, which cost nothing', async () => {
    const client = newClient();
    const status = (available: number) => ({ ...BUDGET, currentlyAvailable: available });
    const mutation = await gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token member { id } } }',
      { e: uniqueEmail(), p: 'not the password at all' },
      client,
    );
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(mutation.body.extensions).toEqual({
      cost: { requestedQueryCost: 2, actualQueryCost: 0, throttleStatus: status(1000) },
    });
    const answers = [
      await post({ query: '{ tracks(first: 2 { id }' }, client),
      await post({ query: '{ nope }' }, client),
      await post({ query: 'query($n: Int) { tracks(first: $n) { totalCount } }', variables: { n: 'abc' } }, client),
      await post({ query: 'query($n: Int!) { tracks(first: $n) { totalCount } }', variables: {} }, client),
      await post({ query: '{ a: policy(kind: TERMS) { version } } { b: policy(kind: TERMS) { version } }' }, client),
      // An operation name the document lacks: nothing resolved, so nothing is priced (not its only operation).
      await post({ query: 'query Named { genres { id } }', operationName: 'Other' }, client),
    ];
    expect(answers.map((a) => [a.status, a.body.errors?.[0]?.extensions?.code])).toEqual([
      [400, 'GRAPHQL_PARSE_FAILED'],
      [400, 'GRAPHQL_VALIDATION_FAILED'],
      [400, 'BAD_USER_INPUT'],
      [400, 'BAD_USER_INPUT'],
      [400, 'GRAPHQL_VALIDATION_FAILED'],
      [400, 'OPERATION_RESOLUTION_FAILURE'],
    ]);
    for (const a of answers) {
      expect(a.body.extensions).toEqual({ cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: status(1000) } });
    }
  });

  it('refunds everything when the resolver refuses the arguments', async () => {
    const client = newClient();
    const refused = await gql(PAGE, { first: 101, genre: GENRE_SLUG }, client);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(refused.body.extensions?.cost).toEqual({
      requestedQueryCost: pageCost(101),
      actualQueryCost: 0,
      throttleStatus: { ...BUDGET },
    });
  });

  it('prices an explicit first: null at the default the resolvers use', async () => {
    const client = newClient();
    const res = await gql(PAGE, { first: null, genre: GENRE_SLUG }, client);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions?.cost).toMatchObject({ requestedQueryCost: pageCost(20), actualQueryCost: PAGE_ACTUAL });
  });

  it('prices one document anew for other values of first and @skip, and a bad variable at nothing', async () => {
    const client = newClient();
    const query = `query($n: Int, $s: Boolean!, $q: String) { tracks(first: $n, filter: { genre: $q }) {
      edges { node { title artist @skip(if: $s) { name } } } } }`;
    const asked = async (variables: Record<string, unknown>) => {
      const res = await gql(query, variables, client);
      return [res.body.errors?.[0]?.extensions?.code ?? 'ok', res.body.extensions?.cost.requestedQueryCost];
    };
    expect(await asked({ n: 10, s: false, q: GENRE_SLUG })).toEqual(['ok', 2 + 10 * 2]);
    expect(await asked({ n: 10, s: false, q: `other-${run}` })).toEqual(['ok', 2 + 10 * 2]);
    expect(await asked({ n: 10, s: true, q: GENRE_SLUG })).toEqual(['ok', 2 + 10 * 1]);
    expect(await asked({ n: 40, s: false, q: GENRE_SLUG })).toEqual(['ok', 2 + 40 * 2]);
    expect(await asked({ n: 10, s: false, q: 7 })).toEqual(['BAD_USER_INPUT', 0]);
    expect(await asked({ n: 10, q: GENRE_SLUG })).toEqual(['BAD_USER_INPUT', 0]);
  });

  it('counts every alias', async () => {
    const client = newClient();
    const one = `tracks(first: 10, filter: { genre: "${GENRE_SLUG}" }) { edges { node { title artist { name } } } }`;
    const res = await gql(`{ a: ${one} b: ${one} c: ${one} }`, undefined, client);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions?.cost).toMatchObject({ requestedQueryCost: 3 * (2 + 10 * 2), actualQueryCost: 3 * (2 + 3 * 2) });
  });

  it('answers a batch with an error and charges nothing for it', async () => {
    const client = newClient();
    const batch = await fetch(`${mixx.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...client },
      body: JSON.stringify(Array.from({ length: 20 }, () => ({ query: PAGE, variables: { first: 100, genre: GENRE_SLUG } }))),
    });
    expect(batch.status).toBe(400);
    const after = await gql('{ policy(kind: TERMS) { version } }', undefined, client);
    expect(after.body.extensions?.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { ...BUDGET, currentlyAvailable: 999 },
    });
  });
});

describe('budgets', () => {
  it('refuses an operation that no full bucket could pay for as too complex, with the lower maximum', async () => {
    const client = newClient();
    const res = await gql(PAGE, { first: 100, genre: GENRE_SLUG }, client);
    expect(res.body.errors).toBeUndefined();
    const nested =
      'query($n: Int) { tracks(first: $n) { edges { node { artist { tracks(first: $n) { edges { node { id } } } } } } } }';
    const big = await gql(nested, { n: 30 }, client);
    expect(big.status).toBe(400);
    expect(big.body.errors).toEqual([
      {
        message: 'The query costs more than 1000 (see extensions.cost).',
        extensions: { code: 'QUERY_TOO_COMPLEX', cost: { requestedQueryCost: 2 + 30 * (1 + 1 + 2 + 30), maximumCost: 1000 } },
      },
    ]);
    expect(big.body.extensions?.cost).toMatchObject({ requestedQueryCost: 2 + 30 * 34, actualQueryCost: 0 });
  });

  it('throttles each client of a flood on its own bucket, and nobody else', async () => {
    const flooders = [newClient(), newClient(), newClient()];
    const bystander = newClient();
    // Each page is charged 92 and costs 17: after 54 pages a bucket holds 82, short of the next 92.
    const floods = await Promise.all(
      flooders.map(async (client) => {
        const codes: string[] = [];
        for (let i = 0; i < 56; i++) {
          const res = await gql(PAGE, { first: 10, genre: GENRE_SLUG }, client);
          codes.push(res.body.errors?.[0]?.extensions?.code ?? `${res.body.data.tracks.edges.length}`);
        }
        return codes;
      }),
    );
    for (const codes of floods) expect(codes).toEqual([...Array(54).fill('3'), 'THROTTLED', 'THROTTLED']);

    const refused = await gql(PAGE, { first: 10, genre: GENRE_SLUG }, flooders[0] as Record<string, string>);
    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
    const available = 1000 - 54 * PAGE_ACTUAL;
    const [error] = refused.body.errors ?? [];
    expect(error).toEqual({
      message: expect.stringMatching(/^The query costs more than your budget holds now: try again in \d+ s/),
      extensions: {
        code: 'THROTTLED',
        cost: { requestedQueryCost: pageCost(10), throttleStatus: { ...BUDGET, currentlyAvailable: available } },
        retryAfterSeconds: expect.any(Number),
      },
    });
    // (92 - 82) points at 0.001 a second, less what trickled in since.
    expect(error?.extensions?.retryAfterSeconds).toBeGreaterThan(9_000);
    expect(error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(10_000);
    expect(refused.headers.get('retry-after')).toBe(String(error?.extensions?.retryAfterSeconds));
    expect(refused.body.extensions?.cost).toEqual({
      requestedQueryCost: pageCost(10),
      actualQueryCost: 0,
      throttleStatus: { ...BUDGET, currentlyAvailable: available },
    });
    // What the bucket still holds pays for a cheaper operation.
    const cheap = await gql('{ policy(kind: TERMS) { version } }', undefined, flooders[0] as Record<string, string>);
    expect(cheap.body.errors).toBeUndefined();

    const calm = await gql(PAGE, { first: 10, genre: GENRE_SLUG }, bystander);
    expect(calm.body.errors).toBeUndefined();
    expect(calm.body.extensions?.cost.throttleStatus).toEqual({ ...BUDGET, currentlyAvailable: 1000 - PAGE_ACTUAL });
  });

  it("gives a member's session a budget of its own, apart from its address's", async () => {
    const client = newClient();
    const email = uniqueEmail();
    const password = strongPassword();
    const registered = await gql(
      REGISTER,
      { input: { email, password, displayName: 'Costed member', acceptedPolicyVersionIds: await currentPolicyIds(mixx) } },
      client,
    );
    expect(registered.body.errors).toBeUndefined();
    const login = await gql(LOGIN, { email, password }, client);
    const token: string = login.body.data.login.token;
    // The sign-in itself was charged to the address (login 1, member 1), and refunded nothing.
    expect(login.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(998);
    for (let i = 0; i < 58; i++) await gql(PAGE, { first: 10, genre: GENRE_SLUG }, client);
    const anonymous = await gql(PAGE, { first: 10, genre: GENRE_SLUG }, client);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('THROTTLED');

    const member = await gql(PAGE, { first: 10, genre: GENRE_SLUG }, { ...client, authorization: `Bearer ${token}` });
    expect(member.body.errors).toBeUndefined();
    expect(member.body.extensions?.cost.throttleStatus).toEqual({ ...BUDGET, currentlyAvailable: 1000 - PAGE_ACTUAL });
    const again = await gql('{ me { displayName } }', undefined, { ...newClient(), authorization: `Bearer ${token}` });
    expect(again.body.extensions?.cost).toEqual({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { ...BUDGET, currentlyAvailable: 1000 - PAGE_ACTUAL - 1 },
    });
  });
});
