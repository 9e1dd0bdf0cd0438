import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexicalParagraphs } from './support/lexical.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { refused } from './support/sql.ts';
import { makeStaff, staffSession } from './support/staff.ts';

const VERSION_FIELDS = `id kind version title bodyHtml bodyText contentHash changeSummary requiresReacceptance effectiveAt publishedAt`;

let mixx: TestMixx;
let db: pg.Client;

beforeAll(async () => {
  mixx = await startTestMixx({ withAdmin: process.env.NO_ADMIN !== '1' });
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
});

async function current(kind: 'TERMS' | 'PRIVACY') {
  const res = await mixx.gql(`query($kind: PolicyKind!) { policy(kind: $kind) { ${VERSION_FIELDS} } }`, { kind });
  expect(res.errors).toBeUndefined();
  return res.data.policy;
}

async function policyDoc(kind: 'terms' | 'privacy') {
  const found = await mixx.payload.find({ collection: 'policies', where: { kind: { equals: kind } }, limit: 1 });
  return found.docs[0]!;
}

describe('policy versions', () => {
  it('holds version 1 of each kind, seeded at start-up, with a hash of its HTML', async () => {
    for (const kind of ['TERMS', 'PRIVACY'] as const) {
      const res = await mixx.gql(
        `query($kind: PolicyKind!) { policyVersions(kind: $kind, first: 100) { edges { node { ${VERSION_FIELDS} } } } }`,
        { kind },
      );
      const v = res.data.policyVersions.edges.map((e: any) => e.node).find((n: any) => n.version === 1);
      expect(v).toMatchObject({ kind, title: expect.any(String), requiresReacceptance: false, changeSummary: 'First version.' });
      expect(v.bodyText.length).toBeGreaterThan(200);
      expect(v.contentHash).toBe(createHash('sha256').update(v.bodyHtml, 'utf8').digest('hex'));
    }
    expect(await current('TERMS')).toMatchObject({ kind: 'TERMS', version: expect.any(Number) });
  });

  it('publishing through the Local API creates the next version, which the API serves; a draft is never served', async () => {
    const { user } = await makeStaff(mixx.payload, 'editor');
    const before = await current('PRIVACY');
    const doc = await policyDoc('privacy');

    await mixx.payload.update({
      collection: 'policies',
      id: doc.id,
      data: { title: 'Privacy Policy (draft)', body: lexicalParagraphs('A draft nobody may see.') },
      draft: true,
      overrideAccess: false,
      user,
    });
    expect(await current('PRIVACY')).toEqual(before);

    await mixx.payload.update({
      collection: 'policies',
      id: doc.id,
      data: {
        title: 'Privacy Policy',
        body: lexicalParagraphs('We keep your data safe.', 'Local API edition.'),
        changeSummary: 'Clearer wording',
        requiresReacceptance: true,
        _status: 'published',
      },
      overrideAccess: false,
      user,
    });
    const after = await current('PRIVACY');
    expect(after).toMatchObject({
      kind: 'PRIVACY',
      version: before.version + 1,
      title: 'Privacy Policy',
      changeSummary: 'Clearer wording',
      requiresReacceptance: true,
    });
    expect(after.bodyText).toContain('Local API edition.');
    expect(after.bodyHtml).toContain('<p>We keep your data safe.</p>');
    expect(after.bodyText).not.toContain('draft');
  });

  it('starts the next draft as a minor change effective now', async () => {
    const { user } = await makeStaff(mixx.payload, 'editor');
    const doc = await policyDoc('terms');
    await mixx.payload.update({
      collection: 'policies',
      id: doc.id,
      data: { requiresReacceptance: true, changeSummary: 'Material', _status: 'published' },
      overrideAccess: false,
      user,
    });
    const draft = await mixx.payload.findByID({ collection: 'policies', id: doc.id, draft: true });
    expect(draft.requiresReacceptance).toBeFalsy();
    expect(draft.effectiveAt ?? null).toBeNull();
    expect((await current('TERMS')).requiresReacceptance).toBe(true);
  });

  it('publishing through the REST API as a signed-in editor creates the next version', async () => {
    const session = await staffSession(mixx, await makeStaff(mixx.payload, 'editor'));
    const before = await current('TERMS');
    const doc = await policyDoc('terms');
    const res = await fetch(`${mixx.url}/api/policies/${doc.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...session.headers },
      body: JSON.stringify({ body: lexicalParagraphs('Terms, REST edition.'), _status: 'published' }),
    });
    expect(res.status).toBe(200);
    const after = await current('TERMS');
    expect(after.version).toBe(before.version + 1);
    expect(after.bodyText).toContain('Terms, REST edition.');
  });

  it('lists a version scheduled for later, but keeps the one in force until then', async () => {
    const { user } = await makeStaff(mixx.payload, 'admin');
    const before = await current('PRIVACY');
    const doc = await policyDoc('privacy');
    const effectiveAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await mixx.payload.update({
      collection: 'policies',
      id: doc.id,
      data: { body: lexicalParagraphs('Next week’s policy.'), effectiveAt, _status: 'published' },
      overrideAccess: false,
      user,
    });
    expect(await current('PRIVACY')).toEqual(before);
    const list = await mixx.gql(
      `{ policyVersions(kind: PRIVACY, first: 1) { totalCount edges { cursor node { version effectiveAt } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(list.data.policyVersions.edges[0].node).toEqual({ version: before.version + 1, effectiveAt });
    expect(list.data.policyVersions.totalCount).toBe(before.version + 1);
    expect(list.data.policyVersions.pageInfo.hasNextPage).toBe(true);
  });

  it('pages through every version with cursors, newest first', async () => {
    const all: number[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await mixx.gql(
        `query($after: String) { policyVersions(kind: PRIVACY, first: 1, after: $after) { totalCount edges { node { version } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      all.push(...res.data.policyVersions.edges.map((e: any) => e.node.version));
      if (!res.data.policyVersions.pageInfo.hasNextPage) break;
      after = res.data.policyVersions.pageInfo.endCursor;
    }
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(all.at(-1)).toBe(1);
    expect(new Set(all).size).toBe(all.length);
  });

  it('resolves versions by id and through node(id)', async () => {
    const v = await current('TERMS');
    const res = await mixx.gql(
      `query($id: ID!) { policyVersion(id: $id) { id version } node(id: $id) { __typename id ... on PolicyVersion { version } } }`,
      { id: v.id },
    );
    expect(res.data).toEqual({
      policyVersion: { id: v.id, version: v.version },
      node: { __typename: 'PolicyVersion', id: v.id, version: v.version },
    });
  });

  it('answers null for an unknown id and BAD_USER_INPUT for something that is not an id', async () => {
    const unknown = Buffer.from('PolicyVersion:00000000-0000-4000-8000-000000000000').toString('base64url');
    const res = await mixx.gql(`query($id: ID!) { policyVersion(id: $id) { id } }`, { id: unknown });
    expect(res.data).toEqual({ policyVersion: null });
    const bad = await mixx.gql(`{ policyVersion(id: "not an id!") { id } }`);
    expect(bad.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses a page of more than 100', async () => {
    const res = await mixx.gql(`{ policyVersions(kind: TERMS, first: 101) { totalCount } }`);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('is immutable at the database: UPDATE, DELETE and TRUNCATE of a published version fail', async () => {
    // In a transaction rolled back either way: a regressed trigger must not wipe the run's versions.
    expect((await refused(db, `UPDATE policy_version SET title = 'changed'`)).message).toMatch(/append-only/);
    expect((await refused(db, `DELETE FROM policy_version`)).message).toMatch(/append-only/);
    expect((await refused(db, `TRUNCATE policy_version CASCADE`)).message).toMatch(/append-only/);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM policy_version WHERE title = 'changed'`);
    expect(rows[0].n).toBe(0);
  });

  it('numbers versions uniquely per kind', async () => {
    const { rows } = await db.query(
      `SELECT kind, array_agg(version ORDER BY version) AS versions FROM policy_version GROUP BY kind ORDER BY kind`,
    );
    for (const row of rows) expect(row.versions).toEqual(row.versions.map((_: number, i: number) => i + 1));
  });

  it('gives three concurrent publishes of one kind three consecutive numbers, none twice', async () => {
    const { user } = await makeStaff(mixx.payload, 'editor');
    const terms = await policyDoc('terms');
    const stamp = Date.now().toString(36);
    await Promise.all(
      [1, 2, 3].map((n) =>
        mixx.payload.update({
          collection: 'policies',
          id: terms.id,
          overrideAccess: false,
          user,
          data: { changeSummary: `race ${n} ${stamp}`, _status: 'published' },
        }),
      ),
    );
    const { rows } = await db.query(
      `SELECT version FROM policy_version WHERE kind = 'terms' AND change_summary LIKE $1 ORDER BY version`,
      [`race % ${stamp}`],
    );
    expect(rows).toHaveLength(3);
    const { rows: all } = await db.query(
      `SELECT array_agg(version ORDER BY version) AS v FROM policy_version WHERE kind = 'terms'`,
    );
    expect(all[0].v).toEqual(all[0].v.map((_: number, i: number) => i + 1));
  });

  it('rolls a publish back as a whole when its snapshot cannot be written', async () => {
    const { user } = await makeStaff(mixx.payload, 'editor');
    const doc = await policyDoc('privacy');
    const title = `BOOM ${Date.now().toString(36)}`;
    await db.query(`ALTER TABLE policy_version ADD CONSTRAINT test_snapshot_fails CHECK (title <> '${title}')`);
    try {
      await expect(
        mixx.payload.update({
          collection: 'policies',
          id: doc.id,
          overrideAccess: false,
          user,
          data: { title, _status: 'published' },
        }),
      ).rejects.toThrow();
    } finally {
      await db.query('ALTER TABLE policy_version DROP CONSTRAINT test_snapshot_fails');
    }
    // Neither Payload's version row nor a snapshot of it stayed.
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM cms._policies_v WHERE version_title = $1) AS drafts,
              (SELECT count(*)::int FROM policy_version WHERE title = $1) AS versions`,
      [title],
    );
    expect(rows[0]).toEqual({ drafts: 0, versions: 0 });
    expect((await policyDoc('privacy')).title).not.toBe(title);
    expect((await current('PRIVACY')).title).not.toBe(title);
  });
});
