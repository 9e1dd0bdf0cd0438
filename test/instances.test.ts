import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { writeMp3 } from './support/catalog.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { type Haproxy, haproxyBinary, startHaproxy } from './support/haproxy.ts';
import { lexicalParagraphs } from './support/lexical.ts';
import { makeMember, type Smtp } from './support/members.ts';
import { gqlClient, TEST_SECRET, type TestMixx } from './support/mixx.ts';
import { type OwnRedis, startOwnRedis } from './support/own-services.ts';
import { freePort, type Started, scratchDataDir, startService, waitForReady } from './support/process.ts';
import { startSmtp, tokenFrom } from './support/smtp.ts';
import { staffSession } from './support/staff.ts';

/**
 * Two Mixx processes on one PostgreSQL database, one Redis (its own) and one media folder, behind
 * a real HAProxy in round robin, as docs/operations.md describes: what one instance knows, the other
 * knows, and what must happen once happens once.
 */
const hasHaproxy = Boolean(haproxyBinary());
if (!hasHaproxy && process.env.CI === 'true') throw new Error('CI needs haproxy (Debian package haproxy): .ci/run installs it');
if (!hasHaproxy) process.stderr.write('two-instance tests skipped: haproxy is not installed (apt-get install haproxy)\n');

const ADMIN = { email: 'admin@instances.test', password: 'instances-admin-password-1' };
const prefix = 'mixx-instances:';
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let redis: OwnRedis;
let smtp: Smtp;
let haproxy: Haproxy;
let db: pg.Client;
const instances: { name: string; url: string; started: Started }[] = [];
let lb: { url: string; gql: TestMixx['gql']; config: { publicUrl: string } };
let dataDir: string;

beforeAll(async () => {
  if (!hasHaproxy) return;
  [fresh, redis, smtp] = await Promise.all([freshDatabase(), startOwnRedis(), startSmtp()]);
  dataDir = scratchDataDir();
  const lbPort = await freePort();
  const publicUrl = `http://127.0.0.1:${lbPort}`;
  for (const name of ['one', 'two']) {
    const port = await freePort();
    const started = startService({
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      DATABASE_URL: fresh.url,
      REDIS_URL: redis.url,
      MIXX_REDIS_PREFIX: prefix,
      MIXX_SECRET: TEST_SECRET,
      MIXX_TRUST_PROXY: '1',
      // One media folder for both (a shared volume), as downloads need.
      MIXX_DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      MIXX_ADMIN_EMAIL: ADMIN.email,
      MIXX_ADMIN_PASSWORD: ADMIN.password,
      MIXX_FREE_DOWNLOADS_PER_DAY: '5',
      MIXX_LEDGER_CHECKPOINT_SECONDS: '1',
      MIXX_DEMO_CATALOG: 'false',
      LOG_LEVEL: 'warn',
    });
    instances.push({ name, url: `http://127.0.0.1:${port}`, started });
  }
  await Promise.all(instances.map((i) => waitForReady(i.url, i.started)));
  haproxy = await startHaproxy({
    servers: instances.map((i) => ({ name: i.name, port: Number(new URL(i.url).port) })),
    port: lbPort,
  });
  lb = { url: haproxy.url, gql: gqlClient(haproxy.url), config: { publicUrl } };
  db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
}, 400_000);

afterAll(async () => {
  await haproxy?.stop();
  for (const { started } of instances) if (started.child.exitCode === null) started.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => i.started.exited));
  await db?.end();
  await smtp?.close();
  await redis?.stop();
  await fresh?.drop();
}, 120_000);

/** The instance that answered, as HAProxy names it. */
const servedBy = (headers: Headers) => headers.get('x-mixx-instance');
const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;
const outputs = () => instances.map((i) => i.started.output()).join('\n');

describe.skipIf(!hasHaproxy)('two instances behind HAProxy', () => {
  it('keeps a session on both instances, and ends it on both', async () => {
    const member = await makeMember(lb as unknown as TestMixx, smtp);
    // One after the other: round robin sends them to each instance in turn.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await lb.gql('{ me { id email } }', {}, member.auth));
    expect(answers.map((a) => a.data?.me)).toEqual(Array(6).fill({ id: member.id, email: member.email }));
    expect(new Set(answers.map((a) => servedBy(a.headers)))).toEqual(new Set(['one', 'two']));

    expect((await lb.gql('mutation { logout }', {}, member.auth)).data).toEqual({ logout: true });
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await lb.gql('{ me { id } }', {}, member.auth));
    expect(new Set(after.map((a) => servedBy(a.headers)))).toEqual(new Set(['one', 'two']));
    for (const a of after) expect(a.data?.me ?? null).toBeNull();
  });

  it('counts wrong passwords on both instances as one, under one shared salt', async () => {
    const email = `guessed-${Date.now()}@example.org`;
    const login = () =>
      lb.gql('mutation($e: String!) { login(email: $e, password: "not the password at all") { token } }', { e: email });
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await login());
    expect(answers.map(codeOf)).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
    expect(new Set(answers.map((a) => servedBy(a.headers)))).toEqual(new Set(['one', 'two']));
    const refused = [await login(), await login()];
    expect(refused.map(codeOf)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(new Set(refused.map((a) => servedBy(a.headers)))).toEqual(new Set(['one', 'two']));
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys(`${prefix}*`);
      expect(keys.filter((k) => k.startsWith(`${prefix}salt:`))).toHaveLength(2);
      expect(keys.join('\n')).not.toContain('127.0.0.1');
    } finally {
      client.disconnect();
    }
  });

  it('issues exactly the quota when 100 download requests race across both instances', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'mixx-instances-'));
    writeMp3(path.join(folder, 'race.mp3'), { title: `Race ${Date.now()}`, artist: 'Two Hosts', album: 'Split', year: 2026 });
    await importFolder({ folder, mediaDir: mediaDirOf({ dataDir }), db });
    const { rows } = await db.query("SELECT id FROM track WHERE title LIKE 'Race %' ORDER BY id DESC LIMIT 1");
    const trackId = Buffer.from(`Track:${rows[0].id}`).toString('base64url');
    const member = await makeMember(lb as unknown as TestMixx, smtp);

    const REQUEST = 'mutation($t: ID!) { requestDownload(trackId: $t) { url } }';
    const results = await Promise.all(Array.from({ length: 100 }, () => lb.gql(REQUEST, { t: trackId }, member.auth)));
    expect(results.filter((r) => !r.errors).length).toBe(5);
    expect(results.filter((r) => codeOf(r) === 'QUOTA_EXCEEDED').length).toBe(95);
    expect(new Set(results.map((r) => servedBy(r.headers)))).toEqual(new Set(['one', 'two']));
    const count = await db.query(
      'SELECT count(*)::int AS n FROM download d JOIN member m ON m.id = d.member_id WHERE m.email = $1',
      [member.email],
    );
    expect(count.rows[0].n).toBe(5);
    // A ticket issued by one instance opens its file on either.
    const ticket = results.find((r) => !r.errors)?.data.requestDownload.url as string;
    const files = await Promise.all(instances.map((i) => fetch(ticket.replace(lb.config.publicUrl, i.url))));
    expect(files.map((f) => f.status)).toEqual([200, 200]);
    const [first, second] = await Promise.all(files.map(async (f) => Buffer.from(await f.arrayBuffer())));
    expect(first?.length).toBeGreaterThan(1000);
    expect(first?.equals(second as Buffer)).toBe(true);
  });

  it('sends an announcement once to each consenting member when both instances are told to send it', async () => {
    const members = [];
    for (let i = 0; i < 3; i++) {
      const member = await makeMember(lb as unknown as TestMixx, smtp);
      await lb.gql('mutation { setEmailConsent(granted: true) { status } }', {}, member.auth);
      const token = tokenFrom(await smtp.next(member.email, /Confirm that you want news/), 'confirm-email-consent');
      const confirmed = await lb.gql('mutation($t: String!) { confirmEmailConsent(token: $t) { status } }', { t: token });
      expect(confirmed.data.confirmEmailConsent.status).toBe('GRANTED');
      members.push(member);
    }
    const staff = await staffSession(lb, ADMIN);
    const subject = `Both hosts ${Date.now()}`;
    const created = await fetch(`${lb.url}/api/announcements`, {
      method: 'POST',
      headers: { ...staff.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ subject, body: lexicalParagraphs('Sent once, from either host.') }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { doc: { id: number } }).doc.id;
    // Each instance is told to send it, at the same moment.
    const sends = await Promise.all(
      instances.map((i) => fetch(`${i.url}/api/announcements/${id}/send`, { method: 'POST', headers: staff.headers })),
    );
    expect(sends.map((s) => s.status)).toEqual([202, 202]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const doc = (await (await fetch(`${lb.url}/api/announcements/${id}`, { headers: staff.headers })).json()) as {
        status: string;
      };
      if (doc.status === 'sent') break;
      if (Date.now() > deadline) throw new Error(`announcement ${id} is ${doc.status}\n${outputs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Time for a second delivery, were there one.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const m of members) expect(smtp.to(m.email).filter((mail) => mail.subject === subject)).toHaveLength(1);
    const deliveries = await db.query('SELECT count(*)::int AS n FROM announcement_delivery WHERE announcement_id = $1', [
      String(id),
    ]);
    expect(deliveries.rows[0].n).toBe(3);
  });

  it('signs ledger checkpoints one signer at a time while both instances append', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM ledger_checkpoint')).rows[0].n as number;
    // Consent changes through both instances, for a few checkpoint rounds of a second each.
    const member = await makeMember(lb as unknown as TestMixx, smtp);
    const ends = Date.now() + 5_000;
    const servers = new Set<string | null>();
    for (let analytics = true; Date.now() < ends; analytics = !analytics) {
      const answer = await lb.gql(
        'mutation($a: Boolean!) { setCookiePreferences(input: { preferences: true, analytics: $a }) { analytics } }',
        { a: analytics },
        member.auth,
      );
      expect(answer.errors).toBeUndefined();
      servers.add(servedBy(answer.headers));
    }
    expect(servers).toEqual(new Set(['one', 'two']));
    // The next rounds sign what was appended, whichever instance gets the signer's lock.
    const size = (await db.query('SELECT count(*)::int AS n FROM consent_event')).rows[0].n as number;
    const deadline = Date.now() + 60_000;
    while ((await db.query('SELECT max(tree_size) AS n FROM ledger_checkpoint')).rows[0].n < size) {
      if (Date.now() > deadline) throw new Error(`no checkpoint of size ${size}\n${outputs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const { rows } = await db.query<{ tree_size: number; issued_at: Date }>(
      'SELECT tree_size, issued_at FROM ledger_checkpoint ORDER BY issued_at, tree_size',
    );
    expect(rows.length).toBeGreaterThan(before + 2);
    // In the order they were signed, each is larger than the one before: no two signers raced.
    const sizes = rows.map((r) => r.tree_size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(sizes.length);
    expect(sizes.at(-1)).toBe(size);
    expect(outputs()).not.toMatch(/ledger checkpoint not signed|"level":"(error|fatal)"/);

    const verify = spawnSync('npm', ['run', '-s', 'ledger:verify'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: fresh.url,
        MIXX_SECRET: TEST_SECRET,
        PUBLIC_URL: lb.config.publicUrl,
        MIXX_DATA_DIR: scratchDataDir(),
      },
    });
    expect(verify.stdout).toMatch(/ledger:verify: \d+ entries and \d+ checkpoints agree/);
    expect(verify.status).toBe(0);
  });
});
