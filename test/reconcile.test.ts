import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMixx, type TestMixx } from './support/mixx.ts';

let db: pg.Client;
let mixx: TestMixx | undefined;

beforeAll(async () => {
  mixx = await startTestMixx({ withAdmin: false });
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
});

/**
 * "Payload saved, snapshot not written": a published row in Payload's versions table that the API
 * never snapshotted, as a crash between the two writes would leave it.
 */
async function publishBehindTheApisBack(kind: string, title: string): Promise<string> {
  const { rows: columns } = await db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'cms' AND table_name = '_policies_v' AND column_name NOT IN ('id', 'created_at', 'updated_at', 'version_title')`,
  );
  const list = columns.map((c) => `"${c.column_name}"`).join(', ');
  const { rows } = await db.query(
    `INSERT INTO cms._policies_v (${list}, version_title, created_at, updated_at)
     SELECT ${list}, $2, now(), now() FROM cms._policies_v
      WHERE version_kind::text = $1 AND version__status = 'published' ORDER BY created_at DESC LIMIT 1
     RETURNING id::text`,
    [kind, title],
  );
  return rows[0].id;
}

it('snapshots at the next start-up a published Payload version that has none, with the next number, numbering nothing twice', async () => {
  const before = (await db.query(`SELECT max(version)::int AS v FROM policy_version WHERE kind = 'terms'`)).rows[0].v as number;
  await mixx?.close();
  mixx = undefined;

  const first = await publishBehindTheApisBack('terms', 'Terms (recovered 1)');
  const second = await publishBehindTheApisBack('terms', 'Terms (recovered 2)');
  expect(
    (await db.query('SELECT count(*)::int AS n FROM policy_version WHERE cms_version_id IN ($1, $2)', [first, second])).rows[0].n,
  ).toBe(0);

  mixx = await startTestMixx({ withAdmin: false });
  const { rows } = await db.query(
    `SELECT cms_version_id, version, title FROM policy_version WHERE kind = 'terms' AND version > $1 ORDER BY version`,
    [before],
  );
  expect(rows).toEqual([
    { cms_version_id: first, version: before + 1, title: 'Terms (recovered 1)' },
    { cms_version_id: second, version: before + 2, title: 'Terms (recovered 2)' },
  ]);
  const served = await mixx.gql('{ policy(kind: TERMS) { version title } }');
  expect(served.data.policy).toEqual({ version: before + 2, title: 'Terms (recovered 2)' });

  // A further restart finds nothing left to repair.
  await mixx.close();
  mixx = await startTestMixx({ withAdmin: false });
  const after = (await db.query(`SELECT count(*)::int AS n, count(DISTINCT (kind, version))::int AS d FROM policy_version`))
    .rows[0];
  expect(after.n).toBe(after.d);
  expect((await db.query(`SELECT max(version)::int AS v FROM policy_version WHERE kind = 'terms'`)).rows[0].v).toBe(before + 2);
});
