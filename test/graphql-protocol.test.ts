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
      { message: expect.stringContaining('Syntax Error'), locations: [expect.any(Object)], extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
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
