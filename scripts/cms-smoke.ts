/**
 * End-to-end check of the CMS against a throwaway database (dropped and recreated):
 *   npx tsx scripts/cms-smoke.ts [postgres://postgres@127.0.0.1:5432/mixx_cms_smoke]
 * Migrates, seeds, creates staff, publishes through the Local API and checks the snapshots.
 * With --serve it then leaves Payload initialised and serves Next (production build of src/cms)
 * on MIXX_SMOKE_PORT (default 4100) until killed, for curl checks; --no-staff skips creating staff.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrations } from '../migrations/cms/index.ts';
import { initCms } from '../src/cms/init-cms.ts';
import { seedPolicies } from '../src/cms/seed-policies.ts';
import { createStaff, ensureInitialAdmin, StaffInputError } from '../src/cms/staff.ts';
import { snapshotPublishedPolicies } from '../src/services/policies/policy-snapshot.ts';

const args = process.argv.slice(2);
const serve = args.includes('--serve');
const withStaff = !args.includes('--no-staff');
const databaseUrl = args.find((a) => a.startsWith('postgres')) ?? 'postgres://postgres@127.0.0.1:5432/mixx_cms_smoke';
const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cms');

const policyVersionDdl = `
  CREATE FUNCTION mixx_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$;
  CREATE TABLE policy_version (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('terms', 'privacy')),
    version integer NOT NULL CHECK (version > 0),
    title text NOT NULL, body_html text NOT NULL, body_text text NOT NULL,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    change_summary text, requires_reacceptance boolean NOT NULL,
    effective_at timestamptz NOT NULL, published_at timestamptz NOT NULL, published_by text NOT NULL,
    cms_version_id text UNIQUE, UNIQUE (kind, version));
  CREATE TRIGGER policy_version_immutable BEFORE UPDATE OR DELETE ON policy_version
    FOR EACH ROW EXECUTE FUNCTION mixx_refuse_change();
  CREATE TRIGGER policy_version_no_truncate BEFORE TRUNCATE ON policy_version
    FOR EACH STATEMENT EXECUTE FUNCTION mixx_refuse_change();`;

const paragraphs = (...texts: string[]) => ({
  root: {
    type: 'root',
    version: 1,
    direction: 'ltr',
    format: '',
    indent: 0,
    children: texts.map((text) => ({
      type: 'paragraph',
      version: 1,
      direction: 'ltr',
      format: '',
      indent: 0,
      textFormat: 0,
      textStyle: '',
      children: [{ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' }],
    })),
  },
});

async function recreateDatabase(url: string) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

await recreateDatabase(databaseUrl);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
await db.query('CREATE SCHEMA IF NOT EXISTS cms');
await db.query(policyVersionDdl);

const payload = await initCms({ databaseUrl, secret: randomBytes(32).toString('hex') });
await payload.db.migrate({ migrations });
await payload.db.migrate({ migrations }); // idempotent

const snapshots = async (kind?: string) =>
  (await db.query(`SELECT * FROM policy_version ${kind ? 'WHERE kind = $1' : ''} ORDER BY kind, version`, kind ? [kind] : []))
    .rows;

// Seeding: version 1 of each kind, snapshotted in the same transaction.
assert.equal(await seedPolicies(payload), 2);
assert.equal(await seedPolicies(payload), 0);
let rows = await snapshots();
assert.deepEqual(
  rows.map((r) => [r.kind, r.version, r.published_by, r.requires_reacceptance]),
  [
    ['privacy', 1, 'system', false],
    ['terms', 1, 'system', false],
  ],
);
for (const row of rows) {
  assert.ok(row.body_text.length > 1000, 'policy text is substantial');
  assert.match(row.body_html, /^<p>/);
  assert.ok(!/<(img|script|iframe|picture|source)/i.test(row.body_html));
}
console.log('seed ok:', rows.map((r) => `${r.kind} v${r.version} ${r.body_text.length} chars`).join(', '));

if (withStaff) {
  // Staff.
  assert.equal(await ensureInitialAdmin(payload, { email: 'Admin@Mixx.test', password: 'correct horse battery' }), true);
  assert.equal(await ensureInitialAdmin(payload, { email: 'other@mixx.test', password: 'correct horse battery' }), false);
  await assert.rejects(createStaff(payload, { email: 'admin@mixx.test', password: 'another long one', role: 'editor' }), (e) => {
    assert.ok(e instanceof StaffInputError && e.reason === 'taken');
    return true;
  });
  await assert.rejects(
    createStaff(payload, { email: 'short@mixx.test', password: 'too short', role: 'editor' }),
    StaffInputError,
  );
  await assert.rejects(
    createStaff(payload, { email: 'not-an-address', password: 'long enough password', role: 'editor' }),
    StaffInputError,
  );
  const editorRef = await createStaff(payload, { email: 'editor@mixx.test', password: 'editor password 1', role: 'editor' });
  const editor = { ...(await payload.findByID({ collection: 'staff', id: editorRef.id })), collection: 'staff' as const };
  console.log('staff ok');

  // Staff access: an editor cannot promote themself, create staff, or delete policies.
  await payload.update({ collection: 'staff', id: editor.id, data: { role: 'admin' }, overrideAccess: false, user: editor });
  assert.equal((await payload.findByID({ collection: 'staff', id: editor.id })).role, 'editor');
  await assert.rejects(
    payload.create({
      collection: 'staff',
      data: { email: 'x@mixx.test', password: 'long enough password', role: 'editor' },
      overrideAccess: false,
      user: editor,
    }),
  );
  const privacy = (await payload.find({ collection: 'policies', where: { kind: { equals: 'privacy' } } })).docs[0]!;
  await assert.rejects(payload.delete({ collection: 'policies', id: privacy.id, overrideAccess: false, user: editor }));
  console.log('access ok');

  // A draft adds no snapshot.
  await payload.update({
    collection: 'policies',
    id: privacy.id,
    draft: true,
    overrideAccess: false,
    user: editor,
    data: { title: 'Privacy Policy (draft)', body: paragraphs('A draft nobody may see.') },
  });
  assert.equal((await snapshots()).length, 2);

  // A publish adds exactly one, version 2, in the same transaction.
  const published = await payload.update({
    collection: 'policies',
    id: privacy.id,
    overrideAccess: false,
    user: editor,
    data: {
      title: 'Mixx Privacy Policy',
      changeSummary: 'Clearer wording',
      requiresReacceptance: true,
      _status: 'published',
      body: {
        root: {
          ...paragraphs('We keep your data safe.').root,
          children: [
            ...paragraphs('We keep your data safe.').root.children,
            {
              type: 'link',
              version: 3,
              direction: 'ltr',
              format: '',
              indent: 0,
              fields: { url: 'javascript:alert(1)', linkType: 'custom' },
              children: [{ type: 'text', version: 1, text: 'bad link', format: 0, detail: 0, mode: 'normal', style: '' }],
            },
            {
              type: 'paragraph',
              version: 1,
              direction: 'ltr',
              format: '',
              indent: 0,
              textFormat: 0,
              textStyle: '',
              children: [
                {
                  type: 'link',
                  version: 3,
                  direction: 'ltr',
                  format: '',
                  indent: 0,
                  fields: { url: 'https://example.org/a?b=1&c="2"', linkType: 'custom' },
                  children: [{ type: 'text', version: 1, text: 'good <link>', format: 1, detail: 0, mode: 'normal', style: '' }],
                },
              ],
            },
          ],
        },
      },
    },
  });
  assert.equal(published._status, 'published');
  rows = await snapshots('privacy');
  assert.equal(rows.length, 2);
  const v2 = rows[1];
  assert.equal(v2.version, 2);
  assert.equal(v2.title, 'Mixx Privacy Policy');
  assert.equal(v2.requires_reacceptance, true);
  assert.equal(v2.change_summary, 'Clearer wording');
  assert.equal(v2.published_by, `staff:${editor.id}`);
  assert.ok(!v2.body_html.includes('javascript'), v2.body_html);
  assert.ok(v2.body_html.includes('href="https://example.org/a?b=1&amp;c=&quot;2&quot;"'), v2.body_html);
  assert.ok(v2.body_html.includes('<strong>good &lt;link&gt;</strong>'), v2.body_html);
  assert.ok(!v2.body_text.includes('draft'));
  assert.ok(Math.abs(new Date(v2.effective_at).getTime() - new Date(v2.published_at).getTime()) < 5000);
  console.log('publish ok:', v2.body_html);

  // The next draft starts reset; the published version keeps its values.
  const nextDraft = await payload.findByID({ collection: 'policies', id: privacy.id, draft: true });
  assert.equal(nextDraft.requiresReacceptance, false);
  assert.equal(nextDraft.effectiveAt ?? null, null);
  assert.equal(nextDraft.title, 'Mixx Privacy Policy');
  const live = await payload.findByID({ collection: 'policies', id: privacy.id });
  assert.equal(live.requiresReacceptance, true);
  assert.ok(live.effectiveAt);
  assert.equal((await snapshots()).length, 3);
  console.log('next draft ok');

  // A scheduled publish keeps its effective date.
  const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
  await payload.update({
    collection: 'policies',
    id: privacy.id,
    overrideAccess: false,
    user: editor,
    data: { body: paragraphs('Next week.'), effectiveAt: later, _status: 'published' },
  });
  rows = await snapshots('privacy');
  assert.equal(rows.at(-1).version, 3);
  assert.equal(new Date(rows.at(-1).effective_at).toISOString(), later);

  // A publish whose snapshot fails rolls back as a whole.
  await db.query(`ALTER TABLE policy_version ADD CONSTRAINT smoke_boom CHECK (title <> 'BOOM')`);
  const versionsBefore = (await db.query(`SELECT count(*)::int AS n FROM cms._policies_v`)).rows[0].n;
  await assert.rejects(
    payload.update({
      collection: 'policies',
      id: privacy.id,
      overrideAccess: false,
      user: editor,
      data: { title: 'BOOM', _status: 'published' },
    }),
  );
  await db.query(`ALTER TABLE policy_version DROP CONSTRAINT smoke_boom`);
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM cms._policies_v`)).rows[0].n, versionsBefore);
  assert.notEqual((await payload.findByID({ collection: 'policies', id: privacy.id })).title, 'BOOM');
  console.log('rollback ok');

  // Concurrent publishes of one kind get consecutive numbers.
  const terms = (await payload.find({ collection: 'policies', where: { kind: { equals: 'terms' } } })).docs[0]!;
  await Promise.all(
    [1, 2, 3].map((n) =>
      payload.update({
        collection: 'policies',
        id: terms.id,
        overrideAccess: false,
        user: editor,
        data: { changeSummary: `race ${n}`, _status: 'published' },
      }),
    ),
  );
  rows = await snapshots('terms');
  assert.deepEqual(
    rows.map((r) => r.version),
    [1, 2, 3, 4],
  );
  console.log('concurrent ok');

  // Start-up repair: a published version row without a snapshot (a crash in between) is numbered next.
  await db.query(
    `INSERT INTO cms._policies_v (parent_id, version_kind, version_title, version_body, version__status, version_published_by, latest)
     SELECT parent_id, version_kind, 'Repaired', version_body, 'published', 'system', false FROM cms._policies_v
      WHERE version_kind = 'terms' AND version__status = 'published' ORDER BY id DESC LIMIT 1`,
  );
  await db.query('BEGIN');
  assert.equal(await snapshotPublishedPolicies((sql, params) => db.query(sql, params)), 1);
  await db.query('COMMIT');
  rows = await snapshots('terms');
  assert.deepEqual([rows.at(-1).version, rows.at(-1).title], [5, 'Repaired']);
  await db.query('BEGIN');
  assert.equal(await snapshotPublishedPolicies((sql, params) => db.query(sql, params)), 0);
  await db.query('COMMIT');
  console.log('repair ok');
}
await db.end();

if (!serve) {
  await payload.destroy();
  console.log('smoke ok');
  process.exit(0);
}

process.env.NEXT_TELEMETRY_DISABLED = '1';
const { default: next } = await import('next');
const app = (next as unknown as (o: object) => any)({ dev: false, dir: cmsDir, quiet: false });
await app.prepare();
const handle = app.getRequestHandler();
const port = Number(process.env.MIXX_SMOKE_PORT ?? 4100);
http.createServer((req, res) => handle(req, res)).listen(port, '127.0.0.1', () => console.log(`serving on ${port}`));
