import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, type Smtp, strongPassword } from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { startSmtp, tokenFrom } from './support/smtp.ts';

/**
 * The audit's findings about strangers: locking a member out, mail bombing through aliases and
 * repeats, filling tables, and links that outlive a change of address or password. Every client is
 * a documentation address behind one trusted proxy hop (the test process).
 */
let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;

const wide = { points: 10_000, seconds: 3600 };
beforeAll(async () => {
  smtp = await startSmtp();
  mixx = await startTestMixx({
    env: { SMTP_URL: smtp.url, MIXX_TRUST_PROXY: 'true' },
    withAdmin: false,
    throttleLimits: {
      login: { pair: { points: 5, seconds: 600 }, client: wide, account: { points: 20, seconds: 3600 } },
      register: { pair: wide, client: wide, account: wide },
      reset: {
        cooldown: { points: 1, seconds: 60 },
        pair: { points: 3, seconds: 3600 },
        client: wide,
        account: { points: 5, seconds: 3600 },
      },
      'new-visitor': { client: { points: 5, seconds: 3600 } },
    },
  });
  db = new pg.Client({ connectionString: mixx.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await mixx?.close();
  await smtp?.close();
});

const from = (address: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...extra });
const LOGIN = `mutation($email: String!, $password: String!, $deviceId: String) {
  login(email: $email, password: $password, deviceId: $deviceId) { token deviceId member { email } } }`;
const RESET = 'mutation($e: String!, $d: String) { requestPasswordReset(email: $e, deviceId: $d) }';

describe('a stranger cannot lock a member out', () => {
  it('floods wrong passwords and resets from one client; the member signs in and resets from their own device', async () => {
    const member = await makeMember(mixx, smtp, { headers: from('203.0.113.20') });
    const first = await mixx.gql(LOGIN, { email: member.email, password: member.password }, from('203.0.113.20'));
    const deviceId: string = first.data.login.deviceId;
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.headers.get('set-cookie')).toMatch(/mixx_device=[A-Za-z0-9_-]{43};.*HttpOnly/);

    // The stranger: 40 wrong passwords, each from one of a few addresses of theirs.
    const codes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const res = await mixx.gql(LOGIN, { email: member.email, password: 'wrong password guess' }, from(`198.51.100.${i % 4}`));
      codes.add(res.errors?.[0]?.extensions?.code);
    }
    expect(codes).toEqual(new Set(['INVALID_CREDENTIALS', 'RATE_LIMITED']));
    // The account-wide limit now slows every client it does not know, the right password included…
    const unknown = await mixx.gql(LOGIN, { email: member.email, password: member.password }, from('203.0.113.99'));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // …but not the member's own device, even from another address.
    const own = await mixx.gql(LOGIN, { email: member.email, password: member.password, deviceId }, from('203.0.113.21'));
    expect(own.errors).toBeUndefined();
    expect(own.data.login).toMatchObject({ deviceId, member: { email: member.email } });
    // A browser sends the device cookie instead of the argument.
    const browser = await mixx.gql(
      LOGIN,
      { email: member.email, password: member.password },
      from('203.0.113.22', { cookie: `mixx_device=${deviceId}` }),
    );
    expect(browser.errors).toBeUndefined();

    // Resets: the stranger's flood fills their pair and the account limit…
    for (let i = 0; i < 24; i++) await mixx.gql(RESET, { e: member.email }, from(`198.51.100.${i % 8}`));
    const blocked = await mixx.gql(RESET, { e: member.email }, from('203.0.113.98'));
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // …and the member still resets from their own device.
    const reset = await mixx.gql(RESET, { e: member.email, d: deviceId }, from('203.0.113.23'));
    expect(reset.data).toEqual({ requestPasswordReset: true });
    // One mail per client and address inside the cooldown, five in all for the account limit, and the member's.
    const resets = async () => smtp.to(member.email).filter((m) => /new Mixx password/.test(m.subject)).length;
    for (let i = 0; i < 50 && (await resets()) < 6; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(await resets()).toBe(6);
  });

  it('takes the client address from the trusted hop, not from what the client wrote before it', async () => {
    const member = await makeMember(mixx, smtp, { headers: from('203.0.113.30') });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      // A guesser rotates the leftmost X-Forwarded-For value; the proxy's own entry stays the same.
      const res = await mixx.gql(
        LOGIN,
        { email: member.email, password: 'still wrong, sorry' },
        from(`10.9.8.${i}, 198.51.100.77`),
      );
      codes.push(res.errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
    expect(codes.slice(5)).toEqual(Array(3).fill('RATE_LIMITED'));
  });
});

describe('mail bombing', () => {
  it('sends one consent confirmation however often or in how many aliases it is asked, and only to a verified address', async () => {
    const member = await makeMember(mixx, smtp);
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: setEmailConsent(granted: true) { status }`).join(' ');
    const bombed = await mixx.gql(`mutation { ${aliases} }`, {}, member.auth);
    expect(bombed.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    for (let i = 0; i < 6; i++) {
      const res = await mixx.gql('mutation { setEmailConsent(granted: true) { status } }', {}, member.auth);
      expect(res.data).toEqual({ setEmailConsent: { status: 'PENDING' } });
    }
    await smtp.next(member.email, /want news/);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(member.email).filter((m) => /want news/.test(m.subject))).toEqual([]);
    const ledger = await db.query(
      `SELECT kind FROM consent_event e JOIN member m ON m.pseudonym = e.subject WHERE m.email = $1 AND kind = 'EMAIL_REQUESTED'`,
      [member.email],
    );
    expect(ledger.rows).toHaveLength(1);

    const unverified = await makeMember(mixx, smtp, { verify: false });
    const refused = await mixx.gql('mutation { setEmailConsent(granted: true) { status } }', {}, unverified.auth);
    expect(refused.errors?.[0]?.extensions?.code).toBe('EMAIL_NOT_VERIFIED');
  });

  it('writes one ledger entry for 12 identical cookie choices sent at once, and answers each', async () => {
    const member = await makeMember(mixx, smtp);
    const set = 'mutation { setCookiePreferences(input: { preferences: true, analytics: false }) { preferences analytics } }';
    const answers = await Promise.all(Array.from({ length: 12 }, () => mixx.gql(set, {}, member.auth)));
    expect(answers.map((a) => a.errors)).toEqual(Array(12).fill(undefined));
    const rows = await db.query(
      `SELECT detail FROM consent_event e JOIN member m ON m.pseudonym = e.subject WHERE m.email = $1 AND kind = 'COOKIES_SET'`,
      [member.email],
    );
    expect(rows.rows).toEqual([{ detail: { preferences: true, analytics: false } }]);
    // And a change from an existing choice, 12 at once: one entry more.
    const change = 'mutation { setCookiePreferences(input: { preferences: false, analytics: true }) { preferences analytics } }';
    const changed = await Promise.all(Array.from({ length: 12 }, () => mixx.gql(change, {}, member.auth)));
    expect(changed.map((a) => a.errors)).toEqual(Array(12).fill(undefined));
    const after = await db.query(
      `SELECT detail FROM consent_event e JOIN member m ON m.pseudonym = e.subject WHERE m.email = $1 AND kind = 'COOKIES_SET' ORDER BY at`,
      [member.email],
    );
    expect(after.rows.map((r) => r.detail)).toEqual([
      { preferences: true, analytics: false },
      { preferences: false, analytics: true },
    ]);
  });

  it('lets one client start only so many anonymous visitors, and an equal choice writes nothing', async () => {
    const set =
      'mutation($v: ID) { setCookiePreferences(input: { visitorId: $v, preferences: false, analytics: false }) { visitorId updatedAt } }';
    const codes: (string | undefined)[] = [];
    let visitor: { visitorId: string; updatedAt: string } | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await mixx.gql(set, {}, from('198.51.100.140'));
      codes.push(res.errors?.[0]?.extensions?.code);
      visitor ??= res.data?.setCookiePreferences;
    }
    expect(codes).toEqual([...Array(5).fill(undefined), ...Array(3).fill('RATE_LIMITED')]);
    const again = await mixx.gql(set, { v: visitor?.visitorId }, from('198.51.100.140'));
    expect(again.data.setCookiePreferences).toEqual(visitor);
  });
});

describe('links that must end', () => {
  it('ends a reset link once the member verified a new address, and once the password changed', async () => {
    const member = await makeMember(mixx, smtp);
    await mixx.gql(RESET, { e: member.email }, from('203.0.113.40'));
    const oldLink = tokenFrom(await smtp.next(member.email, /new Mixx password/), 'reset-password');
    const newEmail = `moved-${member.email}`;
    await mixx.gql(
      'mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, password: $p) }',
      { e: newEmail, p: member.password },
      member.auth,
    );
    const verify = tokenFrom(await smtp.next(newEmail, /Confirm your new/), 'verify-email');
    expect((await mixx.gql('mutation($t: String!) { verifyEmail(token: $t) }', { t: verify })).data).toEqual({
      verifyEmail: true,
    });
    const used = await mixx.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', {
      t: oldLink,
      p: strongPassword(),
    });
    expect(used.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');

    await mixx.gql(RESET, { e: newEmail }, from('203.0.113.41'));
    const second = tokenFrom(await smtp.next(newEmail, /new Mixx password/), 'reset-password');
    const changed = await mixx.gql(
      'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
      { c: member.password, n: strongPassword() },
      member.auth,
    );
    expect(changed.data).toEqual({ changePassword: true });
    const late = await mixx.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', {
      t: second,
      p: strongPassword(),
    });
    expect(late.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
  });

  it('checks a reset token before it scores the new password, and the throttle before registration scores', async () => {
    const junk = await mixx.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', {
      t: 'A'.repeat(43),
      p: 'password',
    });
    expect(junk.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
  });
});
