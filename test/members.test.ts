import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentPolicyIds,
  LOGIN,
  ledgerOf,
  makeMember,
  REGISTER,
  type Smtp,
  strongPassword,
  uniqueEmail,
} from './support/members.ts';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { findAnywhere } from './support/scan.ts';
import { startSmtp, tokenFrom } from './support/smtp.ts';
import { refused } from './support/sql.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;

const wide = { points: 10_000, seconds: 3600 };
beforeAll(async () => {
  smtp = await startSmtp();
  mixx = await startTestMixx({
    env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://mixx.example', MIXX_TRUST_PROXY: 'true' },
    withAdmin: false,
    // Wide per-client limits (every test comes from one address), a short per-pair window for login.
    throttleLimits: {
      login: { pair: { points: 3, seconds: 2 }, client: wide, account: wide },
      register: { pair: wide, client: wide, account: wide },
      resend: { pair: wide, client: wide, account: wide },
      reset: { pair: wide, client: wide, account: wide },
      'change-password': { pair: wide, client: wide, account: wide },
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

const ME = `{ me { id email displayName emailVerified plan createdAt sessions { id current userAgent createdAt lastUsedAt expiresAt } acceptances { id acceptedAt policy { id kind version } } } }`;

describe('registration, verification and sign-in', () => {
  it('runs the whole happy path: register → mail → verify → login → me → sessions → logout', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    const [termsId, privacyId] = await currentPolicyIds(mixx);
    const registered = await mixx.gql(REGISTER, {
      input: {
        email: `  ${email.toUpperCase()} `,
        password,
        displayName: 'Ada Listener',
        acceptedPolicyVersionIds: [termsId, privacyId],
      },
    });
    expect(registered.data).toEqual({ register: true });

    const mail = await smtp.next(email, /Confirm your e-mail address/);
    expect(mail.text).toContain('https://mixx.example/verify-email?token=');
    expect(mail.html).toContain('https://mixx.example/verify-email?token=');
    const token = tokenFrom(mail, 'verify-email');

    const page = await fetch(`${mixx.url}/verify-email?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="/verify-email">');
    const before = await mixx.gql(LOGIN, { email, password });
    expect(before.data.login.member.emailVerified).toBe(false);

    const confirmed = await fetch(`${mixx.url}/verify-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Address confirmed');

    const login = await mixx.gql(LOGIN, { email, password }, { 'user-agent': 'MixxTest/1.0' });
    expect(login.errors).toBeUndefined();
    expect(login.data.login).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      member: {
        id: expect.any(String),
        email,
        displayName: 'Ada Listener',
        emailVerified: true,
        plan: 'FREE',
        createdAt: expect.any(String),
      },
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^mixx_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toContain(email);

    const auth = { authorization: `Bearer ${login.data.login.token}` };
    const me = await mixx.gql(ME, {}, auth);
    expect(me.data.me).toMatchObject({
      id: login.data.login.member.id,
      email,
      displayName: 'Ada Listener',
      emailVerified: true,
      plan: 'FREE',
    });
    expect(me.data.me.sessions).toEqual([
      expect.objectContaining({ current: true, userAgent: 'MixxTest/1.0' }),
      expect.objectContaining({ current: false }),
    ]);
    expect(me.data.me.acceptances.map((a: any) => a.policy.id).sort()).toEqual([termsId, privacyId].sort());

    const viaCookie = await mixx.gql('{ me { email } }', {}, { cookie: cookie.split(';')[0] as string });
    expect(viaCookie.data).toEqual({ me: { email } });

    expect((await mixx.gql('mutation { logout }', {}, auth)).data).toEqual({ logout: true });
    expect((await mixx.gql('{ me { id } }', {}, auth)).data).toEqual({ me: null });
  });

  it('records one ledger entry per accepted version at registration, with the hash of what was accepted', async () => {
    const member = await makeMember(mixx, smtp);
    const { rows } = await db.query(
      `SELECT e.kind, e.source, e.content_hash = v.content_hash AS same_hash FROM consent_event e
         JOIN member m ON m.pseudonym = e.subject JOIN policy_version v ON v.id = e.policy_version_id
        WHERE m.email = $1 ORDER BY v.kind`,
      [member.email],
    );
    expect(rows).toEqual([
      { kind: 'POLICY_ACCEPTED', source: 'registration', same_hash: true },
      { kind: 'POLICY_ACCEPTED', source: 'registration', same_hash: true },
    ]);
  });

  it('refuses to register without the current TERMS and PRIVACY versions', async () => {
    const [termsId] = await currentPolicyIds(mixx);
    for (const ids of [[], [termsId], ['not-an-id']]) {
      const res = await mixx.gql(REGISTER, {
        input: { email: uniqueEmail(), password: strongPassword(), displayName: 'X', acceptedPolicyVersionIds: ids },
      });
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.acceptedPolicyVersionIds' });
    }
  });

  it.each([
    ['too short', 'Short-pw-1'],
    ['too long', `${'Long-password-'.repeat(10)}`],
    ['common', 'password1234'],
    ['a keyboard walk', 'qwertyuiopasdfgh'],
  ])('refuses a password that is %s', async (_, password) => {
    const res = await mixx.gql(REGISTER, {
      input: { email: uniqueEmail(), password, displayName: 'X', acceptedPolicyVersionIds: await currentPolicyIds(mixx) },
    });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.password' });
  });

  it('refuses a bad e-mail address and a bad display name, naming the field', async () => {
    const ids = await currentPolicyIds(mixx);
    const badEmail = await mixx.gql(REGISTER, {
      input: { email: 'not-an-address', password: strongPassword(), displayName: 'X', acceptedPolicyVersionIds: ids },
    });
    expect(badEmail.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const badName = await mixx.gql(REGISTER, {
      input: { email: uniqueEmail(), password: strongPassword(), displayName: '<script>', acceptedPolicyVersionIds: ids },
    });
    expect(badName.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.displayName' });
  });

  it('answers a wrong password and an unknown address alike', async () => {
    const member = await makeMember(mixx, smtp);
    const wrong = await mixx.gql(LOGIN, { email: member.email, password: 'Not-the-password-at-all' });
    const unknown = await mixx.gql(LOGIN, { email: uniqueEmail(), password: 'Not-the-password-at-all' });
    expect(wrong.errors).toEqual(unknown.errors);
    expect(wrong.errors?.[0]?.extensions).toEqual({ code: 'INVALID_CREDENTIALS' });
    expect(wrong.data).toBeNull();
  });

  it('refuses stale, reused and forged verification tokens', async () => {
    const email = uniqueEmail();
    await mixx.gql(REGISTER, {
      input: { email, password: strongPassword(), displayName: 'Tok', acceptedPolicyVersionIds: await currentPolicyIds(mixx) },
    });
    const first = tokenFrom(await smtp.next(email, /Confirm/), 'verify-email');
    await mixx.gql('mutation($e: String!) { resendVerificationEmail(email: $e) }', { e: email });
    const second = tokenFrom(await smtp.next(email, /Confirm/), 'verify-email');
    const verify = (t: string) => mixx.gql('mutation($t: String!) { verifyEmail(token: $t) }', { t });
    expect((await verify(first)).errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    expect((await verify(`${second.slice(0, -1)}${second.endsWith('A') ? 'B' : 'A'}`)).errors?.[0]?.extensions?.code).toBe(
      'INVALID_TOKEN',
    );
    expect((await verify('forged')).errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    expect((await verify(second)).data).toEqual({ verifyEmail: true });
    expect((await verify(second)).errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    await db.query(
      `UPDATE member_token SET used_at = NULL, expires_at = now() - interval '1 second' WHERE member_id = (SELECT id FROM member WHERE email = $1)`,
      [email],
    );
    expect((await verify(second)).errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
  });

  it('answers register, resend and reset identically for known and unknown addresses', async () => {
    const known = await makeMember(mixx, smtp, { verify: false });
    const ids = await currentPolicyIds(mixx);
    const operations = [
      [
        REGISTER,
        (email: string) => ({ input: { email, password: strongPassword(), displayName: 'Same', acceptedPolicyVersionIds: ids } }),
      ],
      ['mutation($e: String!) { resendVerificationEmail(email: $e) }', (e: string) => ({ e })],
      ['mutation($e: String!) { requestPasswordReset(email: $e) }', (e: string) => ({ e })],
    ] as const;
    const strangers: string[] = [];
    for (const [query, vars] of operations) {
      const stranger = uniqueEmail('stranger');
      strangers.push(stranger);
      const a = await mixx.gql(query, vars(known.email));
      const b = await mixx.gql(query, vars(stranger));
      expect({ status: a.status, data: a.data, errors: a.errors }).toEqual({ status: b.status, data: b.data, errors: b.errors });
    }
    const notice = await smtp.next(known.email, /Someone tried to register/);
    expect(notice.text).toContain('https://mixx.example/reset-password');
    await smtp.next(known.email, /Confirm your e-mail address/);
    await smtp.next(known.email, /Choose a new Mixx password/);
    // The new address registered by the first operation gets its verification; the others get nothing.
    await smtp.next(strangers[0] as string, /Confirm your e-mail address/);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(strangers[1] as string)).toEqual([]);
    expect(smtp.to(strangers[2] as string)).toEqual([]);
  });
});

describe('the consent ledger', () => {
  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    await makeMember(mixx, smtp);
    // In a transaction rolled back either way: a regressed trigger must not wipe the run's ledger.
    expect((await refused(db, `UPDATE consent_event SET source = 'system'`)).message).toMatch(/append-only/);
    expect((await refused(db, 'DELETE FROM consent_event')).message).toMatch(/append-only/);
    expect((await refused(db, 'TRUNCATE consent_event CASCADE')).message).toMatch(/append-only/);
  });
});

describe('sessions', () => {
  it('lists, revokes and ends sessions; someone else’s session id is NOT_FOUND', async () => {
    const a = await makeMember(mixx, smtp);
    const b = await makeMember(mixx, smtp);
    const second = await mixx.gql(LOGIN, { email: a.email, password: a.password });
    const other = { authorization: `Bearer ${second.data.login.token}` };
    const sessions = (await mixx.gql(ME, {}, a.auth)).data.me.sessions;
    expect(sessions).toHaveLength(2);
    const otherSession = sessions.find((s: any) => !s.current);

    const bSessions = (await mixx.gql(ME, {}, b.auth)).data.me.sessions;
    const stranger = await mixx.gql('mutation($id: ID!) { revokeSession(id: $id) }', { id: bSessions[0].id }, a.auth);
    expect(stranger.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect((await mixx.gql('query($id: ID!) { node(id: $id) { id } }', { id: bSessions[0].id }, a.auth)).data).toEqual({
      node: null,
    });

    expect((await mixx.gql('mutation($id: ID!) { revokeSession(id: $id) }', { id: otherSession.id }, a.auth)).data).toEqual({
      revokeSession: true,
    });
    expect((await mixx.gql('{ me { id } }', {}, other)).data).toEqual({ me: null });

    await mixx.gql(LOGIN, { email: a.email, password: a.password });
    expect((await mixx.gql('mutation { logoutEverywhere }', {}, a.auth)).data).toEqual({ logoutEverywhere: 2 });
    expect((await mixx.gql('{ me { id } }', {}, a.auth)).data).toEqual({ me: null });
    expect((await mixx.gql('{ me { id } }', {}, b.auth)).data.me.id).toBe(b.id);
  });

  it('requires a session for member operations', async () => {
    for (const op of ['mutation { logout }', 'mutation { logoutEverywhere }', 'mutation { exportMyData }']) {
      expect((await mixx.gql(op)).errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    expect((await mixx.gql('{ me { id } }', {}, { authorization: 'Bearer forged-token' })).data).toEqual({ me: null });
  });

  it('resolves a member’s own objects through node(id), and nobody else’s', async () => {
    const a = await makeMember(mixx, smtp);
    const b = await makeMember(mixx, smtp);
    const me = (await mixx.gql(ME, {}, a.auth)).data.me;
    const ids = [me.id, me.sessions[0].id, me.acceptances[0].id];
    for (const id of ids) {
      expect((await mixx.gql('query($id: ID!) { node(id: $id) { id } }', { id }, a.auth)).data).toEqual({ node: { id } });
      expect((await mixx.gql('query($id: ID!) { node(id: $id) { id } }', { id }, b.auth)).data).toEqual({ node: null });
      expect((await mixx.gql('query($id: ID!) { node(id: $id) { id } }', { id })).data).toEqual({ node: null });
    }
  });
});

describe('throttling', () => {
  it('slows repeated wrong passwords for one account from one client, then lets the member in again', async () => {
    const member = await makeMember(mixx, smtp);
    for (let i = 0; i < 3; i++) {
      expect(
        (await mixx.gql(LOGIN, { email: member.email, password: 'Wrong-password-again' })).errors?.[0]?.extensions?.code,
      ).toBe('INVALID_CREDENTIALS');
    }
    const limited = await mixx.gql(LOGIN, { email: member.email, password: member.password });
    expect(limited.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another client is not affected by this pair's counter.
    const elsewhere = await mixx.gql(
      LOGIN,
      { email: member.email, password: member.password },
      { 'x-forwarded-for': '198.51.100.9' },
    );
    expect(elsewhere.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await mixx.gql(LOGIN, { email: member.email, password: member.password })).errors).toBeUndefined();
  });

  it('refuses a batch of aliased logins in one request', async () => {
    const member = await makeMember(mixx, smtp);
    const aliases = Array.from(
      { length: 5 },
      (_, i) => `a${i}: login(email: "${member.email}", password: "guess-number-${i}") { token }`,
    ).join('\n');
    const res = await mixx.gql(`mutation { ${aliases} }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data).toBeUndefined();
    const batch = await fetch(`${mixx.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { query: `mutation { login(email: "${member.email}", password: "x") { token } }` },
        { query: '{ me { id } }' },
      ]),
    });
    expect(batch.status).toBe(400);
  });
});

describe('passwords and addresses', () => {
  it('resets a forgotten password from the e-mail link, ending every session', async () => {
    const member = await makeMember(mixx, smtp);
    await mixx.gql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: member.email });
    const token = tokenFrom(await smtp.next(member.email, /new Mixx password/), 'reset-password');
    const page = await fetch(`${mixx.url}/reset-password?token=${token}`);
    expect(await page.text()).toContain('name="newPassword"');
    const newPassword = strongPassword();
    const weak = await mixx.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', {
      t: token,
      p: 'password1234',
    });
    expect(weak.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const done = await fetch(`${mixx.url}/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, newPassword, confirmPassword: newPassword }).toString(),
    });
    expect(done.status).toBe(200);
    expect((await mixx.gql('{ me { id } }', {}, member.auth)).data).toEqual({ me: null });
    expect((await mixx.gql(LOGIN, { email: member.email, password: member.password })).errors?.[0]?.extensions?.code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await mixx.gql(LOGIN, { email: member.email, password: newPassword })).errors).toBeUndefined();
    const again = await mixx.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', {
      t: token,
      p: strongPassword(),
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
  });

  it('changes the password, keeping the current session and ending the others', async () => {
    const member = await makeMember(mixx, smtp);
    const other = (await mixx.gql(LOGIN, { email: member.email, password: member.password })).data.login.token;
    const change = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
    const wrong = await mixx.gql(change, { c: 'Wrong-current-password', n: strongPassword() }, member.auth);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    const newPassword = strongPassword();
    expect((await mixx.gql(change, { c: member.password, n: newPassword }, member.auth)).data).toEqual({ changePassword: true });
    expect((await mixx.gql('{ me { id } }', {}, member.auth)).data.me.id).toBe(member.id);
    expect((await mixx.gql('{ me { id } }', {}, { authorization: `Bearer ${other}` })).data).toEqual({ me: null });
  });

  it('changes the address only once the new one is verified, telling the old one', async () => {
    const member = await makeMember(mixx, smtp);
    const newEmail = uniqueEmail('moved');
    const res = await mixx.gql(
      'mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, password: $p) }',
      { e: newEmail, p: member.password },
      member.auth,
    );
    expect(res.data).toEqual({ changeEmail: true });
    await smtp.next(member.email, /about to change/);
    const token = tokenFrom(await smtp.next(newEmail, /Confirm your new e-mail address/), 'verify-email');
    expect((await mixx.gql('{ me { email } }', {}, member.auth)).data.me.email).toBe(member.email);
    expect((await mixx.gql('mutation($t: String!) { verifyEmail(token: $t) }', { t: token })).data).toEqual({
      verifyEmail: true,
    });
    expect((await mixx.gql('{ me { email emailVerified } }', {}, member.auth)).data.me).toEqual({
      email: newEmail,
      emailVerified: true,
    });
  });

  it('updates the display name, and only that', async () => {
    const member = await makeMember(mixx, smtp);
    const res = await mixx.gql(
      'mutation { updateProfile(input: { displayName: "  Grace   Hopper " }) { id displayName email } }',
      {},
      member.auth,
    );
    expect(res.data.updateProfile).toEqual({ id: member.id, displayName: 'Grace Hopper', email: member.email });
    const bad = await mixx.gql('mutation { updateProfile(input: { displayName: "" }) { id } }', {}, member.auth);
    expect(bad.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.displayName' });
  });
});

describe('export and erasure', () => {
  it('exports everything held about the member, without tokens or hashes', async () => {
    const member = await makeMember(mixx, smtp);
    const res = await mixx.gql('mutation { exportMyData }', {}, member.auth);
    const data = res.data.exportMyData;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['format', 'exportedAt', 'profile', 'sessions', 'policyAcceptances', 'consentLedger']),
    );
    expect(data.profile).toMatchObject({
      email: member.email,
      displayName: member.displayName,
      emailVerified: true,
      plan: 'FREE',
    });
    expect(data.sessions).toHaveLength(1);
    expect(data.policyAcceptances).toHaveLength(2);
    expect(data.consentLedger.map((e: any) => e.kind)).toEqual(['POLICY_ACCEPTED', 'POLICY_ACCEPTED']);
    const text = JSON.stringify(data);
    expect(text).not.toContain(member.token);
    expect(text).not.toMatch(/argon2/);
    expect(text).not.toMatch(/token_?hash|password/i);
  });

  it('erases the member: no row keeps their e-mail, name or id, the ledger stays intact, and the address can register again', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Erasable Erin' });
    const { rows: idRows } = await db.query('SELECT id, pseudonym FROM member WHERE email = $1', [member.email]);
    const { id, pseudonym } = idRows[0];
    await ledgerOf(mixx, member.auth); // every entry indexed: the rows must not change from here on
    const ledgerBefore = (await db.query('SELECT * FROM consent_event WHERE subject = $1 ORDER BY id', [pseudonym])).rows;
    expect(ledgerBefore).toHaveLength(2);

    const wrong = await mixx.gql(
      'mutation($p: String!) { deleteAccount(password: $p) }',
      { p: 'Not-my-password-x' },
      member.auth,
    );
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(
      (await mixx.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: member.password }, member.auth)).data,
    ).toEqual({ deleteAccount: true });
    expect((await mixx.gql('{ me { id } }', {}, member.auth)).data).toEqual({ me: null });

    const found = await findAnywhere(db, [member.email, 'Erasable Erin', id]);
    expect(found).toEqual([]);
    expect((await db.query('SELECT * FROM consent_event WHERE subject = $1 ORDER BY id', [pseudonym])).rows).toEqual(
      ledgerBefore,
    );

    const again = await makeMember(mixx, smtp);
    expect(again.email).not.toBe(member.email);
    const reuse = await mixx.gql(REGISTER, {
      input: {
        email: member.email,
        password: strongPassword(),
        displayName: 'Stranger',
        acceptedPolicyVersionIds: await currentPolicyIds(mixx),
      },
    });
    expect(reuse.data).toEqual({ register: true });
    await smtp.next(member.email, /Confirm your e-mail address/);
  });
});
