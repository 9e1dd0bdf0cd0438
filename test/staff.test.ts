import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffCookieSeal } from '../src/http/staff-cookie.ts';
import { deriveKey } from '../src/services/crypto/keys.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { startTestMixx, TEST_SECRET, type TestMixx } from './support/mixx.ts';
import { makeStaff, staffSession } from './support/staff.ts';

let mixx: TestMixx;
let db: pg.Client;
let drop: () => Promise<void>;

beforeAll(async () => {
  const fresh = await freshDatabase();
  drop = fresh.drop;
  mixx = await startTestMixx({ env: { DATABASE_URL: fresh.url } });
  db = new pg.Client({ connectionString: fresh.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
  await drop?.();
});

const staffCount = async () => (await db.query('SELECT count(*)::int AS n FROM cms.staff')).rows[0].n as number;
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('staff on a fresh instance', () => {
  it('lets no request to /admin or /api create a staff member', async () => {
    expect(await staffCount()).toBe(0);
    const candidate = { email: 'intruder@example.org', password: 'Intruder-password-123', role: 'admin' };
    const attempts = [
      await fetch(`${mixx.url}/api/staff/first-register`, json(candidate)),
      await fetch(`${mixx.url}/api/staff`, json(candidate)),
      await fetch(`${mixx.url}/api/staff?depth=0`, {
        ...json(candidate),
        headers: { 'content-type': 'application/json', 'x-payload-http-method-override': 'POST' },
      }),
    ];
    for (const response of attempts) expect(response.status).toBeGreaterThanOrEqual(400);
    const page = await fetch(`${mixx.url}/admin/create-first-user`, { redirect: 'manual' });
    const html = page.status === 200 ? await page.text() : '';
    // The page renders no sign-up form: it sends the browser to the login.
    expect(html).not.toMatch(/confirm-password/i);
    expect(page.status === 307 || html.includes('NEXT_REDIRECT;replace;/admin/login')).toBe(true);
    expect(await staffCount()).toBe(0);
  });

  it('lets an editor create no staff, and an admin create them', async () => {
    const editor = await makeStaff(mixx.payload, 'editor');
    const admin = await makeStaff(mixx.payload, 'admin');
    const login = async (who: { email: string; password: string }) => (await staffSession(mixx, who)).headers;
    const create = (session: Record<string, string>, role: string) =>
      fetch(`${mixx.url}/api/staff`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...session },
        body: JSON.stringify({ email: `new-${role}-${Date.now()}@mixx.test`, password: 'A-new-staff-password-1', role }),
      });
    const before = await staffCount();
    expect((await create(await login(editor), 'editor')).status).toBe(403);
    expect(await staffCount()).toBe(before);
    expect((await create(await login(admin), 'editor')).status).toBe(201);
    expect(await staffCount()).toBe(before + 1);

    const promote = await fetch(`${mixx.url}/api/staff/${editor.user.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...(await login(editor)) },
      body: JSON.stringify({ role: 'admin' }),
    });
    const { rows } = await db.query('SELECT role FROM cms.staff WHERE id = $1', [editor.user.id]);
    expect(rows[0].role).toBe('editor');
    expect(promote.status === 403 || promote.status === 200).toBe(true);
  });

  it('keeps the session cookie free of the staff e-mail: it crosses the browser sealed', async () => {
    const editor = await makeStaff(mixx.payload, 'editor');
    const origin = new URL(mixx.config.publicUrl).origin;
    const login = await fetch(`${mixx.url}/api/staff/login`, {
      ...json({ email: editor.email, password: editor.password }),
      headers: { 'content-type': 'application/json', origin },
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('payload-token='));
    const value = decodeURIComponent((setCookie ?? '').split(';')[0]?.slice('payload-token='.length) ?? '');
    expect(value).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(setCookie).toMatch(/HttpOnly/i);
    // Neither the value nor anything it decodes to names the staff member; the JWT sealed inside does.
    expect(Buffer.from(value.slice(3), 'base64url').toString('latin1')).not.toContain(editor.email);
    const token = new StaffCookieSeal(deriveKey(TEST_SECRET, 'staff-cookie')).open(value) as string;
    expect(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).toContain(editor.email);

    const me = async (cookie: string) =>
      (
        (await (await fetch(`${mixx.url}/api/staff/me`, { headers: { cookie, origin } })).json()) as {
          user: { email: string } | null;
        }
      ).user;
    expect((await me(`payload-token=${value}`))?.email).toBe(editor.email);
    // A tampered value, or a bare JWT set by hand, signs nobody in.
    const tampered = `${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
    expect(await me(`payload-token=${tampered}`)).toBeNull();
    expect(await me(`payload-token=${token}`)).toBeNull();

    const logout = await fetch(`${mixx.url}/api/staff/logout`, {
      method: 'POST',
      headers: { cookie: `payload-token=${value}`, origin },
    });
    expect(logout.status).toBe(200);
    expect(logout.headers.getSetCookie().find((c) => c.startsWith('payload-token='))).toMatch(/^payload-token=;/);
  });
});
