import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

/**
 * What a client gets for documents and variables that are wrong, too big or hostile: the contract's
 * codes, never INTERNAL_SERVER_ERROR, and never a log line quoting what the client sent.
 */
let mixx: TestMixx;
beforeAll(async () => {
  mixx = await startTestMixx({ withAdmin: false });
});
afterAll(async () => {
  await mixx?.close();
});

const SECRET = 'MyS3cret-Passphrase!';

describe('protocol errors', () => {
  it('answers a document that does not parse with GRAPHQL_PARSE_FAILED', async () => {
    const res = await mixx.gql('{ tracks(first: 2 { id }');
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      {
        message: expect.stringContaining('Syntax Error'),
        locations: [expect.any(Object)],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    ]);
  });

  it('answers a field the schema does not have with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await mixx.gql('{ nope }');
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      {
        message: 'Cannot query field "nope" on type "Query". Did you mean "node"?',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it('answers a variable that does not coerce with BAD_USER_INPUT, without quoting its value', async () => {
    const res = await mixx.gql('mutation($i: RegisterInput!) { register(input: $i) }', {
      i: { email: 'victim@example.org', password: SECRET },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'i' },
      { code: 'BAD_USER_INPUT', field: 'i' },
    ]);
    expect(res.errors?.map((e) => e.message).sort()).toEqual([
      'Variable "$i" got an invalid value. Field "acceptedPolicyVersionIds" of required type "[ID!]!" was not provided.',
      'Variable "$i" got an invalid value. Field "displayName" of required type "String!" was not provided.',
    ]);
    expect(JSON.stringify(res.errors)).not.toContain('victim');
  });

  it('names the path of a nested bad value and drops the value from scalar reasons', async () => {
    const res = await mixx.gql('mutation($i: RegisterInput!) { register(input: $i) }', {
      i: { email: 'a@example.org', password: SECRET, displayName: 7, acceptedPolicyVersionIds: [] },
    });
    expect(res.errors).toEqual([
      {
        message: 'Variable "$i" got an invalid value at "i.displayName". String cannot represent a non string value.',
        locations: [expect.any(Object)],
        extensions: { code: 'BAD_USER_INPUT', field: 'i.displayName' },
      },
    ]);
    const missing = await mixx.gql('query($n: Int!) { tracks(first: $n) { totalCount } }', {});
    expect(missing.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    const wrong = await mixx.gql('query($n: Int) { tracks(first: $n) { totalCount } }', { n: SECRET });
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'n' } });
    expect(JSON.stringify(wrong.errors)).not.toContain(SECRET);
  });

  it('logs none of these, and no line anywhere holds the password', async () => {
    const lines = mixx.logLines();
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(JSON.stringify(lines)).not.toContain('victim@example.org');
  });
});

describe('limits', () => {
  it('lets the standard introspection query through where introspection is on', async () => {
    for (const options of [
      {},
      {
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      },
    ]) {
      const res = await mixx.gql(getIntrospectionQuery(options));
      expect(res.errors).toBeUndefined();
      expect(res.data.__schema.queryType).toMatchObject({ name: 'Query' });
    }
  });

  it('refuses an operation whose lists multiply beyond the cost limit, counting first from variables', async () => {
    const nested =
      'query($n: Int) { tracks(first: $n) { edges { node { artist { tracks(first: $n) { edges { node { id } } } } } } } }';
    const small = await mixx.gql(nested, { n: 5 });
    expect(small.errors).toBeUndefined();
    const big = await mixx.gql(nested, { n: 100 });
    expect(big.status).toBe(400);
    expect(big.data).toBeUndefined();
    expect(big.errors).toEqual([
      {
        message: 'The query costs more than 2000 (see extensions.cost).',
        extensions: { code: 'QUERY_TOO_COMPLEX', cost: { requestedQueryCost: 2 + 100 * (1 + 1 + 2 + 100), maximumCost: 2000 } },
      },
    ]);
  });

  it("refuses the audit's amplification: 30 aliases of nested pages", async () => {
    const alias = (i: number) =>
      `a${i}: tracks(first: 100) { edges { node { title artist { tracks(first: 100) { edges { node { title release { tracks { title } } } } } } } } }`;
    const res = await mixx.gql(`{ ${Array.from({ length: 30 }, (_, i) => alias(i)).join(' ')} }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data).toBeUndefined();
  });

  it('prices the catalog page under the limit', async () => {
    const page = `{ tracks(first: 50, orderBy: NEWEST) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id title durationSeconds artist { id name } release { id title genres { name } } genres { name } } } } }`;
    const res = await mixx.gql(page);
    expect(res.errors).toBeUndefined();
  });

  it('refuses a fragment bomb (each fragment spreads the next two) without running it', async () => {
    const levels = 16;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment G${i} on Track { ...G${i + 1} ...H${i + 1} } fragment H${i} on Track { ...G${i + 1} ...H${i + 1} }`,
    );
    const res = await mixx.gql(
      `{ tracks(first: 1) { edges { node { ...G0 } } } } ${fragments.join(' ')} fragment G${levels} on Track { id } fragment H${levels} on Track { title }`,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers a NUL byte in any argument with BAD_USER_INPUT naming it', async () => {
    const asVariable = await mixx.gql('query($f: TrackFilter) { tracks(filter: $f) { totalCount } }', {
      f: { search: 'a\u0000b' },
    });
    expect(asVariable.status).toBe(400);
    expect(asVariable.errors).toEqual([
      { message: 'Text may not contain a NUL character (U+0000).', extensions: { code: 'BAD_USER_INPUT', field: 'f.search' } },
    ]);
    const asLiteral = await mixx.gql('{ tracks(filter: { search: "a\\u0000b" }) { totalCount } }');
    expect(asLiteral.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    const login = await mixx.gql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: 'x\u0000@example.org' });
    expect(login.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'e' });
    expect(mixx.logLines().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('refuses a persisted-query extension (automatic persisted queries are off), never as an internal error', async () => {
    const post = async (body: unknown) => {
      const res = await fetch(`${mixx.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
    };
    const query = '{ policy(kind: TERMS) { version } }';
    for (const persistedQuery of [
      { version: 1, sha256Hash: 'not the hash of the query' },
      { version: 2, sha256Hash: 'abc' },
      { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' },
    ]) {
      const withQuery = await post({ query, extensions: { persistedQuery } });
      expect(withQuery.data).toBeUndefined();
      expect(withQuery.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
      const alone = await post({ extensions: { persistedQuery } });
      expect(alone.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    }
    expect(mixx.logLines().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
