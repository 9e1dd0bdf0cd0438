import pg from 'pg';
import { expect, it } from 'vitest';
import { currentPolicyIds, LOGIN, REGISTER, strongPassword, uniqueEmail } from './support/members.ts';
import { startTestMixx } from './support/mixx.ts';

it('lets a request whose client hung up finish before it closes the database', async () => {
  const mixx = await startTestMixx({ withAdmin: false });
  const db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
  try {
    const email = uniqueEmail('leaving');
    const password = strongPassword();
    const input = { email, password, displayName: 'Leaving early', acceptedPolicyVersionIds: await currentPolicyIds(mixx) };
    expect((await mixx.gql(REGISTER, { input })).errors).toBeUndefined();
    const sessions = () =>
      db
        .query('SELECT count(*)::int AS n FROM member_session s JOIN member m ON m.id = s.member_id WHERE m.email = $1', [email])
        .then((r) => r.rows[0].n as number);

    // A sign-in hashes for tens of milliseconds, then writes its session: the client hangs up and
    // the server is told to stop while it hashes.
    const client = new AbortController();
    const request = fetch(`${mixx.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
      signal: client.signal,
    }).then(
      () => 'answered',
      () => 'hung up',
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    client.abort();
    await mixx.close();

    expect(await request).toBe('hung up');
    expect(await sessions()).toBe(1);
    const lines = mixx.logLines();
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(lines.some((line) => line.msg === 'shutdown went on with requests still running')).toBe(false);
  } finally {
    await db.end();
    await mixx.close();
  }
});
