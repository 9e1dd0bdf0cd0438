import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase } from './support/fresh-database.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

let mixx: TestMixx;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  fresh = await freshDatabase();
  mixx = await startTestMixx({ env: { DATABASE_URL: fresh.url }, withAdmin: false });
});
afterAll(async () => {
  await mixx?.close().catch(() => {});
  await fresh?.drop();
});

it('answers /healthz and /readyz while the database answers, and masks internal errors once it does not', async () => {
  expect((await fetch(`${mixx.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${mixx.url}/readyz`)).status).toBe(200);

  // The database goes away under the running service.
  const admin = new pg.Client({ connectionString: new URL('/postgres', fresh.url).toString() });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${new URL(fresh.url).pathname.slice(1)}" WITH ALLOW_CONNECTIONS false`);
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
    new URL(fresh.url).pathname.slice(1),
  ]);
  await admin.end();

  expect((await fetch(`${mixx.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${mixx.url}/readyz`)).status).toBe(503);
  const before = mixx.logLines().length;
  const res = await mixx.gql('{ policy(kind: TERMS) { id } }');
  expect(res.errors).toEqual([
    { message: 'Internal server error.', path: ['policy'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
  ]);
  const logged = mixx
    .logLines()
    .slice(before)
    .filter((l) => l.level === 'error');
  expect(logged).toHaveLength(1);
  expect(JSON.stringify(logged[0])).not.toMatch(/select|from "?policy_version/i);
});
