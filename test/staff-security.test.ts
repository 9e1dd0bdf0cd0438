import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadPasswordHash } from '../src/cms/payload-password.ts';
import { freePort, startTestMixx, type TestMixx } from './support/mixx.ts';
import { startSmtp } from './support/smtp.ts';
import { makeStaff, staffSession } from './support/staff.ts';

let mixx: TestMixx;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let db: pg.Client;
let origin: string;

beforeAll(async () => {
  smtp = await startSmtp();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  mixx = await startTestMixx({ port, env: { SMTP_URL: smtp.url, PUBLIC_URL: origin } });
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
  await smtp?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mixx.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: JSON.stringify(body),
  });
const login = (email: string, password: string, headers?: Record<string, string>) =>
  post('/api/staff/login', { email, password }, headers);
const WRONG = { errors: [{ message: 'The email or password provided is incorrect.' }] };
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

describe('staff sign-in', () => {
  it('never locks a staff account: any number of wrong passwords, then the right one signs in', async () => {
    const staff = await makeStaff(mixx.payload);
    for (let i = 0; i < 7; i++) {
      const response = await login(staff.email, `wrong-password-${i}`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(WRONG);
    }
    const unknown = await login(`nobody-${Date.now()}@mixx.test`, 'wrong-password-x');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(WRONG);
    expect((await login(staff.email, staff.password)).status).toBe(200);
  });

  it('throttles guessing per account and client: the 11th attempt is RATE_LIMITED, right password or not', async () => {
    const staff = await makeStaff(mixx.payload);
    for (let i = 0; i < 10; i++) expect((await login(staff.email, `wrong-password-${i}`)).status).toBe(401);
    const refused = await login(staff.email, staff.password);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      errors: [
        {
          name: 'RateLimited',
          message: 'Too many attempts. Try again later.',
          data: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) },
        },
      ],
    });
    // The client is named by the server, not by the request: a header of the client's own is ignored.
    for (const forged of ['forged-1', 'forged-2']) {
      expect((await login(staff.email, staff.password, { 'x-mixx-client': forged })).status).toBe(429);
    }
  });

  it('derives an unknown address against a hash like the ones Payload stores (same algorithm, same cost)', async () => {
    const staff = await makeStaff(mixx.payload);
    const { rows } = await db.query('SELECT hash, salt FROM cms.staff WHERE email = $1', [staff.email]);
    const [prefix, hex] = [rows[0].hash.slice(0, 17), rows[0].hash.slice(17)];
    expect(prefix).toBe('pbkdf2-sha256-v1:');
    expect((await payloadPasswordHash(staff.password, rows[0].salt)).toString('hex')).toBe(hex);
  });

  it('answers forgot-password alike for any address, within the same throttle', async () => {
    const staff = await makeStaff(mixx.payload);
    const unknown = `nobody-${Date.now()}@mixx.test`;
    for (const email of [staff.email, unknown]) {
      const response = await post('/api/staff/forgot-password', { email });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ message: 'Success' });
    }
    // One link a minute per address and client (the members' mail cooldown), staff or not.
    for (const email of [staff.email, unknown]) {
      expect((await post('/api/staff/forgot-password', { email })).status).toBe(429);
    }
    expect((await post('/api/staff/forgot-password', { email: '' })).status).toBe(400);
  });
});

describe('staff secrets', () => {
  it('keeps only a hash of a reset token; the mailed link resets the password, once', async () => {
    const staff = await makeStaff(mixx.payload);
    expect((await post('/api/staff/forgot-password', { email: staff.email })).status).toBe(200);
    const mail = await smtp.next(staff.email, /reset/i);
    const match = mail.html.match(/(http[^"<\s]+)\/admin\/reset\/([0-9a-f]+)/);
    expect(match?.[1]).toBe(origin);
    const token = match?.[2] as string;
    // Payload sends the mail before its transaction commits (the operation now runs after the response).
    const stored = await waitFor(async () => {
      const { rows } = await db.query('SELECT reset_password_token FROM cms.staff WHERE email = $1', [staff.email]);
      return rows[0].reset_password_token as string | null;
    });
    expect(stored).not.toContain(token);
    expect(stored).toBe(`sha256:${createHash('sha256').update(token).digest('hex')}`);

    // What the table holds opens nothing; a short password is refused by the staff policy.
    const newPassword = 'A-brand-new-staff-password';
    expect((await post('/api/staff/reset-password', { token: stored, password: newPassword })).status).toBe(403);
    const short = await post('/api/staff/reset-password', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(await short.json())).toContain('at least 12 characters');

    const reset = await post('/api/staff/reset-password', { token, password: newPassword });
    expect(reset.status).toBe(200);
    const body = (await reset.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('token');
    expect(JSON.stringify(body)).not.toMatch(JWT);
    expect(reset.headers.getSetCookie().find((c) => c.startsWith('payload-token='))).toMatch(/^payload-token=v1\./);
    expect((await post('/api/staff/reset-password', { token, password: 'Yet-another-password-1' })).status).toBe(403);
    expect((await login(staff.email, staff.password)).status).toBe(401);
    expect((await login(staff.email, newPassword)).status).toBe(200);
  });

  it('puts no JWT in any response body: login, me, refresh-token', async () => {
    const staff = await makeStaff(mixx.payload);
    const signIn = await login(staff.email, staff.password);
    const signedIn = (await signIn.json()) as Record<string, unknown>;
    expect(signedIn).toMatchObject({ user: { email: staff.email } });
    expect(signedIn).not.toHaveProperty('token');
    expect(JSON.stringify(signedIn)).not.toMatch(JWT);
    const cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith('payload-token=')) ?? '').split(';')[0] as string;

    const me = (await (await fetch(`${mixx.url}/api/staff/me`, { headers: { cookie, origin } })).json()) as Record<string, any>;
    expect(me.user.email).toBe(staff.email);
    expect(me).not.toHaveProperty('token');
    expect(JSON.stringify(me)).not.toMatch(JWT);
    const refresh = await post('/api/staff/refresh-token', {}, { cookie });
    expect(refresh.status).toBe(200);
    const refreshed = (await refresh.json()) as Record<string, unknown>;
    expect(refreshed).not.toHaveProperty('refreshedToken');
    expect(JSON.stringify(refreshed)).not.toMatch(JWT);
  });

  it('honours the staff cookie only from the PUBLIC_URL origin (CSRF)', async () => {
    const staff = await makeStaff(mixx.payload);
    const { cookie } = await staffSession(mixx, staff);
    const who = async (headers: Record<string, string>) =>
      ((await (await fetch(`${mixx.url}/api/staff/me`, { headers: { cookie, ...headers } })).json()) as { user: unknown }).user;
    expect(await who({ origin })).toMatchObject({ email: staff.email });
    expect(await who({ 'sec-fetch-site': 'same-origin' })).toMatchObject({ email: staff.email });
    expect(await who({ origin: 'https://evil.example' })).toBeNull();
    expect(await who({ 'sec-fetch-site': 'cross-site' })).toBeNull();
    expect(await who({})).toBeNull();
  });
});

describe('the CMS to strangers', () => {
  it('refuses a body over 1 MiB on /api with 413, declared or streamed, and still serves small ones', async () => {
    const started = Date.now();
    const large = await fetch(`${mixx.url}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(20 * 1024 * 1024, 0x20),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ errors: [{ message: 'The request body is too large.' }] });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Without a declared length the body is counted as it arrives; past the limit the connection
    // closes, after a 413 that the client may or may not read before the close.
    expect([413, 'reset']).toContain(await streamed('/api/staff/forgot-password', Buffer.alloc(2 * 1024 * 1024, 0x20)));
    expect(await streamed('/api/staff/forgot-password', Buffer.from(JSON.stringify({ email: '' })))).toBe(400);
    const staff = await makeStaff(mixx.payload);
    expect((await login(staff.email, staff.password)).status).toBe(200);
  });

  it('forbids framing the admin and its API', async () => {
    for (const path of ['/admin/login', '/api/staff/me']) {
      const response = await fetch(`${mixx.url}${path}`);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('tells an anonymous caller nothing about the CMS: init, migrations, access, verify, unlock', async () => {
    const answers = [
      await fetch(`${mixx.url}/api/staff/init`),
      await fetch(`${mixx.url}/api/payload-migrations`),
      await fetch(`${mixx.url}/api/payload-migrations/1`),
      await post('/api/payload-migrations', {}),
      await post('/api/payload-migrations', {}, { 'x-payload-http-method-override': 'GET' }),
      await fetch(`${mixx.url}/api/access`),
      await post('/api/staff/verify/abc', {}),
      await post('/api/staff/unlock', { email: 'someone@mixx.test' }),
      await fetch(`${mixx.url}/api/graphql`),
    ];
    for (const response of answers) {
      const text = await response.text();
      expect([403, 404], `${response.url} ${response.status} ${text}`).toContain(response.status);
      expect(text).not.toMatch(/initialized|localhost:3000|collections|staff/);
    }
    // The admin reads its permissions once signed in.
    const session = await staffSession(mixx, await makeStaff(mixx.payload));
    const access = await fetch(`${mixx.url}/api/access`, { headers: session.headers });
    expect(access.status).toBe(200);
    expect(await access.json()).toMatchObject({ canAccessAdmin: true });
  });
});

async function waitFor<T>(read: () => Promise<T | null>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** POSTs `body` with chunked transfer encoding (no Content-Length); the status, or 'reset'. */
function streamed(path: string, body: Buffer): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const request = http.request(`${mixx.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode as number);
    });
    request.on('error', () => resolve('reset'));
    let sent = 0;
    const write = () => {
      while (sent < body.length) {
        const part = body.subarray(sent, sent + 64 * 1024);
        sent += part.length;
        if (!request.write(part)) return void request.once('drain', write);
      }
      request.end();
    };
    write();
  });
}
