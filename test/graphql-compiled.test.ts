import { randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzRequest, fuzzRequests, sendFuzz } from './support/graphql-fuzz.ts';
import { currentPolicyIds, LOGIN, REGISTER, strongPassword, uniqueEmail } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

/**
 * Compiled execution (graphql-jit, src/http/graphql-executor.ts) answers as graphql-js does: two
 * Mixx on one database, one that never compiles and one that compiles every document from its
 * first run, get the same fuzzed read-only documents (valid ones with random variables, mutated
 * ones), anonymous and with a member's session, and must give the same status, data and errors
 * (message, path, locations, code). The rest of the suite runs compiled (test/support/mixx.ts), so
 * every error-code test also holds for compiled execution; this holds graphql-js to the same.
 */
const COUNT = Number(process.env.FUZZ_DOCUMENTS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));

let interpreted: TestMixx;
let compiled: TestMixx;
let token: string;

beforeAll(async () => {
  interpreted = await startTestMixx({ withAdmin: false, env: { MIXX_COMPILE_AFTER_RUNS: '0' } });
  compiled = await startTestMixx({ withAdmin: false, env: { MIXX_COMPILE_AFTER_RUNS: '1' } });
  const email = uniqueEmail('compiled');
  const password = strongPassword();
  const input = {
    email,
    password,
    displayName: 'Compiled member',
    acceptedPolicyVersionIds: await currentPolicyIds(interpreted),
  };
  expect((await interpreted.gql(REGISTER, { input })).errors).toBeUndefined();
  token = (await interpreted.gql(LOGIN, { email, password })).data.login.token;
});
afterAll(async () => {
  await Promise.all([interpreted?.close(), compiled?.close()]);
});

/** What must match: the status, `data`, and each error's message, path, locations and code; not the cost's bucket. */
function outcome(answer: { status: number; text: string }): unknown {
  try {
    const body = JSON.parse(answer.text);
    return {
      status: answer.status,
      data: body.data,
      errors: body.errors?.map((e: Record<string, any>) => ({
        message: e.message,
        path: e.path,
        locations: e.locations,
        code: e.extensions?.code,
      })),
    };
  } catch {
    return { status: answer.status, text: answer.text };
  }
}

describe('compiled execution', () => {
  it('answers a repeated document as on its first run, errors included', async () => {
    const page =
      '{ tracks(first: 3, orderBy: NEWEST) { totalCount edges { cursor node { id title artist { name } genres { name } } } } }';
    const bad = 'query($id: ID!) { track(id: $id) { title } node(id: $id) { id } }';
    const defaults = await startTestMixx({ withAdmin: false, env: { MIXX_COMPILE_AFTER_RUNS: '2' } });
    try {
      for (const [query, variables] of [
        [page, undefined],
        [bad, { id: 'not a global id' }],
        [bad, { id: 12 }],
      ] as const) {
        const first = await defaults.gql(query, variables);
        const second = await defaults.gql(query, variables);
        expect(second.status).toBe(first.status);
        expect(second.data).toEqual(first.data);
        expect(second.errors).toEqual(first.errors);
      }
      const refused = await defaults.gql(bad, { id: 'not a global id' });
      expect(refused.errors?.[0]).toMatchObject({ path: ['track'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
      const uncoerced = await defaults.gql(bad, { id: { no: 'object' } });
      expect(uncoerced.status).toBe(400);
      expect(uncoerced.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      // The executor is told the resolved operation's name: one asked for that the document lacks is the client's error.
      for (const mixx of [defaults, compiled, interpreted]) {
        for (let run = 0; run < 2; run++) {
          const unknown = await fetch(`${mixx.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: 'query Named { genres { id } }', operationName: 'Other' }),
          });
          expect(unknown.status).toBe(400);
          expect((await unknown.json()).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
        }
      }
    } finally {
      await defaults.close();
    }
  });

  it(`answers ${COUNT} fuzzed read-only documents as graphql-js does (seed in the failure)`, async () => {
    const introspection = await interpreted.gql(getIntrospectionQuery());
    const known = await interpreted.gql('{ tracks(first: 10) { edges { node { id artist { id } release { id } } } } }');
    const ids =
      JSON.stringify(known.data)
        .match(/"id":"([^"]+)"/g)
        ?.map((m) => m.slice(6, -1)) ?? [];
    const requests = fuzzRequests({
      schema: buildClientSchema(introspection.data),
      pools: { ids, emails: [] },
      count: COUNT,
      seed: SEED,
    }).filter((r) => r.kind !== 'malformed' && !/mutation|subscription/i.test(`${r.body ?? ''}${r.search ?? ''}`));
    expect(requests.length).toBeGreaterThan(COUNT / 4);
    const differences: { request: FuzzRequest; interpreted: unknown; compiled: unknown }[] = [];
    // When errors of non-null fields null the same nullable ancestor (or the whole answer),
    // graphql-js keeps only the first to reject (its Promise.all), whichever that is; graphql-jit
    // keeps them all. Then the data must be the same, jit's errors must include graphql-js's, and
    // each error jit adds must lie under a value that is null in that data.
    const valueAt = (data: unknown, path: readonly (string | number)[]) =>
      path.reduce<any>((value, key) => (value == null ? undefined : value[key]), data);
    const underNull = (data: unknown, path: readonly (string | number)[] = []) =>
      path.some((_, end) => valueAt(data, path.slice(0, end)) === null);
    const contains = (errors: unknown[] | undefined, error: unknown) => errors?.some((e) => isDeepStrictEqual(e, error));
    const same = (a: any, b: any) =>
      isDeepStrictEqual(a, b) ||
      (a?.status === b?.status &&
        isDeepStrictEqual(a?.data, b?.data) &&
        a.errors?.length > 0 &&
        a.errors.every((e: unknown) => contains(b.errors, e)) &&
        b.errors.every((f: { path?: (string | number)[] }) => contains(a.errors, f) || underNull(b.data, f.path)));
    for (const request of requests) {
      const both = () => Promise.all([interpreted.url, compiled.url].map((url) => sendFuzz(url, request, token)));
      let [a, b] = (await both()).map(outcome);
      // Twice, so that a value that changed between the two requests (a session's last use) is not taken for a difference.
      if (!same(a, b)) [a, b] = (await both()).map(outcome);
      if (!same(a, b)) differences.push({ request, interpreted: a, compiled: b });
    }
    expect({ seed: SEED, differences: differences.slice(0, 3), count: differences.length }).toEqual({
      seed: SEED,
      differences: [],
      count: 0,
    });
  });
});
