import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ADMIN_LINK_TTL_MS, FirstAdminLink } from '../src/cms/first-admin-link.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { startTestMixx, TEST_SECRET, type TestMixx } from './support/mixx.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let db: pg.Client;

beforeAll(async () => {
  fresh = await freshDatabase();
  db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await fresh?.drop();
});

const staffRows = async () => (await db.query('SELECT email, role FROM cms.staff ORDER BY id')).rows;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const GONE = /This link does not work/;

describe('the first admin of a fresh instance', () => {
  it('in production: logs how to run staff:create, and issues no link', async () => {
    const mixx = await startTestMixx({
      env: { DATABASE_URL: fresh.url, MIXX_ENV: 'production', MIXX_SECRET: TEST_SECRET, PUBLIC_URL: 'https://mixx.example' },
      withAdmin: false,
    });
    try {
      const hint = mixx.logLines().find((l) => String(l.msg).includes('npm run staff:create'));
      expect(hint).toMatchObject({ level: 'warn' });
      expect(existsSync(path.join(mixx.config.dataDir, 'first-admin-link.txt'))).toBe(false);
      expect((await fetch(`${mixx.url}/admin/setup`)).status).toBe(404);
    } finally {
      await mixx.close();
    }
    expect(await staffRows()).toEqual([]);
  });

  describe('in development', () => {
    let mixx: TestMixx;
    let token: string;
    let file: string;

    beforeAll(async () => {
      mixx = await startTestMixx({ env: { DATABASE_URL: fresh.url }, withAdmin: false });
      file = path.join(mixx.config.dataDir, 'first-admin-link.txt');
      const link = readFileSync(file, 'utf8').split('\n')[0] as string;
      expect(link).toMatch(new RegExp(`^${mixx.config.publicUrl}/admin/setup\\?token=[A-Za-z0-9_-]{43}$`));
      token = new URL(link).searchParams.get('token') as string;
    });
    afterAll(() => mixx?.close());

    it('writes a one-time link to a file only its owner can read, and logs the path, never the token', async () => {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const lines = mixx.logLines();
      expect(lines.find((l) => l.file === file)).toMatchObject({ level: 'warn', msg: expect.stringContaining('first admin') });
      expect(JSON.stringify(lines)).not.toContain(token);
    });

    it('lets nobody without the token in: no page, no account, no first-visitor sign-up', async () => {
      for (const query of ['', '?token=', `?token=${'A'.repeat(43)}`, `?token=${token}&token=${token}`, `?token=${token}x`]) {
        const response = await fetch(`${mixx.url}/admin/setup${query}`);
        expect(response.status, query).toBe(404);
        expect(await response.text()).toMatch(GONE);
      }
      const wrong = await fetch(
        `${mixx.url}/admin/setup`,
        form({
          token: 'B'.repeat(43),
          email: 'intruder@example.org',
          password: 'Intruder-password-123',
          confirmPassword: 'Intruder-password-123',
        }),
      );
      expect(wrong.status).toBe(404);
      expect(await staffRows()).toEqual([]);
    });

    it('shows the form for the token, refuses a weak or mistyped password, then creates the admin once', async () => {
      const page = await fetch(`${mixx.url}/admin/setup?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('name="email"');
      expect(html).toContain('name="password"');

      const email = 'First.Admin@Example.org';
      const short = await fetch(`${mixx.url}/admin/setup`, form({ token, email, password: 'short', confirmPassword: 'short' }));
      expect(short.status).toBe(400);
      expect(await short.text()).toContain('at least 12 characters');
      const password = 'The-first-admin-password';
      const mistyped = await fetch(`${mixx.url}/admin/setup`, form({ token, email, password, confirmPassword: `${password}!` }));
      expect(mistyped.status).toBe(400);
      expect(await mistyped.text()).toContain('differ');
      expect(await staffRows()).toEqual([]);

      const [created, again] = await Promise.all([
        fetch(`${mixx.url}/admin/setup`, form({ token, email, password, confirmPassword: password })),
        fetch(`${mixx.url}/admin/setup`, form({ token, email: 'second@example.org', password, confirmPassword: password })),
      ]);
      expect([created.status, again.status].sort()).toEqual([201, 404]);
      expect(await staffRows()).toEqual([{ email: 'first.admin@example.org', role: 'admin' }]);
      expect(existsSync(file)).toBe(false);
      const signedIn = await mixx.payload.login({ collection: 'staff', data: { email: 'first.admin@example.org', password } });
      expect(signedIn.user?.email).toBe('first.admin@example.org');

      expect((await fetch(`${mixx.url}/admin/setup?token=${token}`)).status).toBe(404);
      const replay = await fetch(
        `${mixx.url}/admin/setup`,
        form({ token, email: 'third@example.org', password, confirmPassword: password }),
      );
      expect(replay.status).toBe(404);
      expect(await staffRows()).toHaveLength(1);
      expect(JSON.stringify(mixx.logLines())).not.toContain('first.admin@example.org');
    });
  });

  it('lets a link expire after an hour', () => {
    let now = Date.parse('2026-12-01T12:00:00Z');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mixx-first-admin-'));
    const link = new FirstAdminLink({ dataDir, publicUrl: 'http://localhost:4000', now: () => now });
    const token = new URL(readFileSync(link.issue(), 'utf8').split('\n')[0] as string).searchParams.get('token');
    now += FIRST_ADMIN_LINK_TTL_MS - 1;
    expect(link.isValid(token)).toBe(true);
    now += 2;
    expect(link.isValid(token)).toBe(false);
    expect(link.take(token)).toBeNull();
    link.retire();
    rmSync(dataDir, { recursive: true });
  });
});
