import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPolicyIds, LOGIN, ledgerOf, makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { publishPolicy } from './support/policies.ts';
import { tokenFrom } from './support/smtp.ts';
import { startStack, stopStack } from './support/stack.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;

beforeAll(async () => {
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL: 'https://mixx.example' }, withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

const PENDING = '{ me { pendingPolicies { id kind version requiresReacceptance } } }';
const pendingOf = async (auth: Record<string, string>) => (await mixx.gql(PENDING, {}, auth)).data.me.pendingPolicies as any[];
const ACCEPT = 'mutation($ids: [ID!]!) { acceptPolicies(versionIds: $ids) { id acceptedAt policy { id kind version } } }';
const currentTerms = async () => (await mixx.gql('{ policy(kind: TERMS) { id version } }')).data.policy;

describe('policy acceptance and re-acceptance', () => {
  it('asks nothing after a minor change, of members who joined before or after it', async () => {
    const before = await makeMember(mixx, smtp);
    await publishPolicy(mixx.payload, 'terms', { text: 'Terms with a typo fixed.', requiresReacceptance: false });
    const after = await makeMember(mixx, smtp);
    expect(await pendingOf(before.auth)).toEqual([]);
    expect(await pendingOf(after.auth)).toEqual([]);
  });

  it('asks everyone who accepted an earlier version after a material change, and nobody who joined after it', async () => {
    const before = await makeMember(mixx, smtp);
    await publishPolicy(mixx.payload, 'terms', { text: 'Terms with a material change.', requiresReacceptance: true });
    const material = await currentTerms();
    await publishPolicy(mixx.payload, 'terms', {
      text: 'Terms with a material change, typo fixed.',
      requiresReacceptance: false,
    });
    const inForce = await currentTerms();
    const after = await makeMember(mixx, smtp);

    // The version in force is asked for, since a material one came after the last accepted.
    expect(await pendingOf(before.auth)).toEqual([
      { id: inForce.id, kind: 'TERMS', version: material.version + 1, requiresReacceptance: false },
    ]);
    expect(await pendingOf(after.auth)).toEqual([]);

    const accepted = await mixx.gql(ACCEPT, { ids: [inForce.id] }, before.auth);
    expect(accepted.data.acceptPolicies).toEqual([
      {
        id: expect.any(String),
        acceptedAt: expect.any(String),
        policy: { id: inForce.id, kind: 'TERMS', version: inForce.version },
      },
    ]);
    expect(await pendingOf(before.auth)).toEqual([]);
  });

  it('lets a member accept a scheduled version ahead, which then asks nothing of them when it takes effect', async () => {
    const early = await makeMember(mixx, smtp);
    const late = await makeMember(mixx, smtp);
    const effectiveAt = new Date(Date.now() + 2_500);
    await publishPolicy(mixx.payload, 'privacy', {
      text: 'Privacy policy from next week.',
      requiresReacceptance: true,
      effectiveAt,
    });
    const scheduled = (await mixx.gql('{ policyVersions(kind: PRIVACY, first: 1) { edges { node { id version } } } }')).data
      .policyVersions.edges[0].node;

    expect(await pendingOf(early.auth)).toEqual([]);
    expect((await mixx.gql(ACCEPT, { ids: [scheduled.id] }, early.auth)).errors).toBeUndefined();

    await new Promise((r) => setTimeout(r, Math.max(0, effectiveAt.getTime() - Date.now()) + 300));
    expect(await pendingOf(early.auth)).toEqual([]);
    expect((await pendingOf(late.auth)).map((v) => v.id)).toEqual([scheduled.id]);
  });

  it('refuses versions that are neither in force nor scheduled, and ids of other things', async () => {
    const member = await makeMember(mixx, smtp);
    const { rows } = await db.query(`SELECT id FROM policy_version WHERE kind = 'terms' AND version = 1`);
    const old = Buffer.from(`PolicyVersion:${rows[0].id}`).toString('base64url');
    expect((await mixx.gql(ACCEPT, { ids: [old] }, member.auth)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'versionIds',
    });
    expect((await mixx.gql(ACCEPT, { ids: [member.id] }, member.auth)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'versionIds',
    });
    expect((await mixx.gql(ACCEPT, { ids: ['%%%'] }, member.auth)).errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'versionIds',
    });
    expect((await mixx.gql(ACCEPT, { ids: await currentPolicyIds(mixx) })).errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
  });

  it('records one acceptance and one ledger entry for 50 concurrent acceptances of one version', async () => {
    const member = await makeMember(mixx, smtp);
    await publishPolicy(mixx.payload, 'terms', { text: 'Terms, race edition.', requiresReacceptance: true });
    const terms = await currentTerms();
    const results = await Promise.all(Array.from({ length: 50 }, () => mixx.gql(ACCEPT, { ids: [terms.id] }, member.auth)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ids = new Set(results.map((r) => r.data.acceptPolicies[0].id));
    expect(ids.size).toBe(1);
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM policy_acceptance a JOIN member m ON m.id = a.member_id WHERE m.email = $1 AND a.policy_version_id = v.id) AS acceptances,
              (SELECT count(*)::int FROM consent_event e JOIN member m ON m.pseudonym = e.subject WHERE m.email = $1 AND e.policy_version_id = v.id) AS entries
         FROM policy_version v WHERE v.kind = 'terms' ORDER BY v.version DESC LIMIT 1`,
      [member.email],
    );
    expect(rows[0]).toEqual({ acceptances: 1, entries: 1 });
  });

  it('shows the member their acceptances and their whole ledger, newest first, page by page', async () => {
    const member = await makeMember(mixx, smtp);
    await mixx.gql(
      'mutation { setCookiePreferences(input: { preferences: true, analytics: false }) { preferences } }',
      {},
      member.auth,
    );
    await mixx.gql('mutation { setEmailConsent(granted: true) { status } }', {}, member.auth);
    await mixx.gql('mutation { setEmailConsent(granted: false) { status } }', {}, member.auth);
    const all: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await mixx.gql(
        'query($after: String) { me { consentHistory(first: 2, after: $after) { totalCount edges { node { id kind at source policy { kind } } } pageInfo { hasNextPage endCursor } } } }',
        { after },
        member.auth,
      );
      const page = res.data.me.consentHistory;
      expect(page.totalCount).toBe(5);
      all.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all.map((e) => [e.kind, e.source])).toEqual([
      ['EMAIL_WITHDRAWN', 'settings'],
      ['EMAIL_REQUESTED', 'settings'],
      ['COOKIES_SET', 'settings'],
      ['POLICY_ACCEPTED', 'registration'],
      ['POLICY_ACCEPTED', 'registration'],
    ]);
    const other = await makeMember(mixx, smtp);
    const node = 'query($id: ID!) { node(id: $id) { ... on ConsentEvent { kind } } }';
    expect((await mixx.gql(node, { id: all[0].id }, member.auth)).data).toEqual({ node: { kind: 'EMAIL_WITHDRAWN' } });
    expect((await mixx.gql(node, { id: all[0].id }, other.auth)).data).toEqual({ node: null });
  });
});

describe('e-mail consent', () => {
  const STATUS = '{ me { emailConsent { status updatedAt } } }';

  it('grants only after the member confirms from the e-mail (double opt-in), and withdraws at once', async () => {
    const member = await makeMember(mixx, smtp);
    expect((await mixx.gql(STATUS, {}, member.auth)).data.me.emailConsent).toEqual({ status: 'NONE', updatedAt: null });
    const granted = await mixx.gql('mutation { setEmailConsent(granted: true) { status updatedAt } }', {}, member.auth);
    expect(granted.data.setEmailConsent).toEqual({ status: 'PENDING', updatedAt: expect.any(String) });
    const mail = await smtp.next(member.email, /Confirm that you want news/);
    const token = tokenFrom(mail, 'confirm-email-consent');
    expect(mail.text).toContain('https://mixx.example/confirm-email-consent?token=');

    const page = await fetch(`${mixx.url}/confirm-email-consent?token=${token}`);
    expect(await page.text()).toContain('Yes, send me news');
    expect((await mixx.gql(STATUS, {}, member.auth)).data.me.emailConsent.status).toBe('PENDING');

    const confirmed = await fetch(`${mixx.url}/confirm-email-consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(confirmed.status).toBe(200);
    expect((await mixx.gql(STATUS, {}, member.auth)).data.me.emailConsent.status).toBe('GRANTED');
    const reused = await mixx.gql('mutation($t: String!) { confirmEmailConsent(token: $t) { status } }', { t: token });
    expect(reused.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');

    const withdrawn = await mixx.gql('mutation { setEmailConsent(granted: false) { status } }', {}, member.auth);
    expect(withdrawn.data.setEmailConsent).toEqual({ status: 'WITHDRAWN' });
  });

  it('starts the double opt-in at registration when asked, and a withdrawn request cannot be confirmed', async () => {
    const ids = await currentPolicyIds(mixx);
    const email = `optin-${Date.now()}@example.org`;
    const password = 'Blue-whale sings at dawn 42';
    await mixx.gql('mutation($input: RegisterInput!) { register(input: $input) }', {
      input: { email, password, displayName: 'Opt In', acceptedPolicyVersionIds: ids, emailConsent: true },
    });
    const consentMail = await smtp.next(email, /Confirm that you want news/);
    await smtp.next(email, /Confirm your e-mail address/);
    const login = await mixx.gql(LOGIN, { email, password });
    const auth = { authorization: `Bearer ${login.data.login.token}` };
    const history = await mixx.gql(
      '{ me { emailConsent { status } consentHistory { edges { node { kind source } } } } }',
      {},
      auth,
    );
    expect(history.data.me.emailConsent.status).toBe('PENDING');
    expect(history.data.me.consentHistory.edges[0].node).toEqual({ kind: 'EMAIL_REQUESTED', source: 'registration' });

    await mixx.gql('mutation { setEmailConsent(granted: false) { status } }', {}, auth);
    const late = await mixx.gql('mutation($t: String!) { confirmEmailConsent(token: $t) { status } }', {
      t: tokenFrom(consentMail, 'confirm-email-consent'),
    });
    expect(late.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    expect((await mixx.gql('{ me { emailConsent { status } } }', {}, auth)).data.me.emailConsent.status).toBe('WITHDRAWN');
  });

  it('answers every one of many concurrent choices of one member, and the ledger tells them in order', async () => {
    // Found by the fuzzer (seed 1632700781): the member's row was read FOR UPDATE SKIP LOCKED, so a
    // request that met another's lock found no member at all and answered INTERNAL_SERVER_ERROR.
    const member = await makeMember(mixx, smtp);
    await publishPolicy(mixx.payload, 'terms', { text: 'Terms, consent race edition.', requiresReacceptance: true });
    const terms = await currentTerms();
    const COOKIES =
      'mutation($p: Boolean!) { setCookiePreferences(input: { preferences: $p, analytics: false }) { preferences } }';
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        if (i % 4 === 0) return mixx.gql(ACCEPT, { ids: [terms.id] }, member.auth);
        if (i % 4 === 1) return mixx.gql(COOKIES, { p: i % 8 === 1 }, member.auth);
        return mixx.gql(`mutation { setEmailConsent(granted: ${i % 4 === 2}) { status updatedAt } }`, {}, member.auth);
      }),
    );
    // Asking for the confirmation mail again within its cooldown is the one refusal allowed.
    expect(results.flatMap((r) => r.errors ?? []).filter((e: any) => e.extensions?.code !== 'RATE_LIMITED')).toEqual([]);
    const kinds = (await ledgerOf(mixx, member.auth)).map((e) => e.kind).filter((kind) => kind.startsWith('EMAIL_'));
    // A withdrawal is recorded only when something was granted or asked for since the last one.
    expect(kinds.some((k, i) => k === 'EMAIL_WITHDRAWN' && kinds[i - 1] === 'EMAIL_WITHDRAWN')).toBe(false);
    const status = (await mixx.gql(STATUS, {}, member.auth)).data.me.emailConsent.status;
    expect(status).toBe(kinds.length === 0 ? 'NONE' : kinds.at(-1) === 'EMAIL_WITHDRAWN' ? 'WITHDRAWN' : 'PENDING');
  });
});

describe('cookie choices', () => {
  const SET =
    'mutation($input: CookiePreferencesInput!) { setCookiePreferences(input: $input) { visitorId necessary preferences analytics updatedAt } }';

  it('keeps an anonymous visitor’s choices under a random id, in a cookie that holds nothing else', async () => {
    const res = await mixx.gql(SET, { input: { preferences: true, analytics: false } });
    const { visitorId } = res.data.setCookiePreferences;
    expect(res.data.setCookiePreferences).toEqual({
      visitorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      necessary: true,
      preferences: true,
      analytics: false,
      updatedAt: expect.any(String),
    });
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^mixx_visitor=${visitorId};`));

    const read = await mixx.gql(
      'query($v: ID) { cookiePreferences(visitorId: $v) { visitorId preferences analytics necessary } }',
      { v: visitorId },
    );
    expect(read.data.cookiePreferences).toEqual({ visitorId, preferences: true, analytics: false, necessary: true });
    const changed = await mixx.gql(SET, { input: { visitorId, preferences: false, analytics: true } });
    expect(changed.data.setCookiePreferences).toMatchObject({ visitorId, preferences: false, analytics: true });
    const unknown = await mixx.gql('{ cookiePreferences(visitorId: "6f1c2b9e-0000-4000-8000-000000000000") { visitorId } }');
    expect(unknown.data).toEqual({ cookiePreferences: null });
    const bad = await mixx.gql('{ cookiePreferences(visitorId: "not-a-visitor") { visitorId } }');
    expect(bad.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'visitorId' });
  });

  it('carries a visitor’s choices over to a member who has none, at login, by cookie or by argument', async () => {
    const member = await makeMember(mixx, smtp);
    await mixx.gql('mutation { logout }', {}, member.auth);
    const visitor = (await mixx.gql(SET, { input: { preferences: true, analytics: true } })).data.setCookiePreferences.visitorId;

    const login = await mixx.gql(
      LOGIN,
      { email: member.email, password: member.password },
      { cookie: `mixx_visitor=${visitor}` },
    );
    const auth = { authorization: `Bearer ${login.data.login.token}` };
    const mine = await mixx.gql(
      '{ me { cookiePreferences { visitorId preferences analytics } consentHistory(first: 1) { edges { node { kind source } } } } }',
      {},
      auth,
    );
    expect(mine.data.me.cookiePreferences).toEqual({ visitorId: null, preferences: true, analytics: true });
    expect(mine.data.me.consentHistory.edges[0].node).toEqual({ kind: 'COOKIES_SET', source: 'prompt' });

    // A member who has choices keeps them.
    const other = (await mixx.gql(SET, { input: { preferences: false, analytics: false } })).data.setCookiePreferences.visitorId;
    await mixx.gql('mutation($e: String!, $p: String!, $v: ID) { login(email: $e, password: $p, visitorId: $v) { token } }', {
      e: member.email,
      p: member.password,
      v: other,
    });
    expect(
      (await mixx.gql('{ me { cookiePreferences { preferences analytics } } }', {}, auth)).data.me.cookiePreferences,
    ).toEqual({ preferences: true, analytics: true });
  });

  it('purges anonymous visitors 13 months after their last change', async () => {
    const visitor = (await mixx.gql(SET, { input: { preferences: true, analytics: true } })).data.setCookiePreferences.visitorId;
    await db.query(`UPDATE cookie_preferences SET updated_at = now() - interval '13 months 1 day' WHERE visitor_id = $1`, [
      visitor,
    ]);
    const { purgeStaleVisitors } = await import('../src/services/consent/cookie-preferences.service.ts');
    expect(await purgeStaleVisitors(mixx.orm.em.fork())).toBeGreaterThanOrEqual(1);
    expect((await mixx.gql('query($v: ID) { cookiePreferences(visitorId: $v) { visitorId } }', { v: visitor })).data).toEqual({
      cookiePreferences: null,
    });
  });
});

describe('consent receipts', () => {
  it('exports the member’s whole consent story as receipts', async () => {
    const member = await makeMember(mixx, smtp);
    await mixx.gql(
      'mutation { setCookiePreferences(input: { preferences: false, analytics: true }) { analytics } }',
      {},
      member.auth,
    );
    const data = (await mixx.gql('mutation { exportMyData }', {}, member.auth)).data.exportMyData;
    expect(data.consentReceipts).toHaveLength(3);
    expect(data.consentReceipts[0]).toEqual({
      receiptId: expect.any(String),
      version: 'KI-CR-v1.1.0',
      timestamp: expect.any(String),
      piiController: 'Mixx',
      piiPrincipalId: data.profile.consentPseudonym,
      collectionMethod: 'registration',
      purpose: expect.stringMatching(/^(terms-of-use|privacy-policy)$/),
      policy: {
        id: expect.any(String),
        kind: expect.any(String),
        version: expect.any(Number),
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      state: 'accepted',
      detail: {},
    });
    expect(data.consentReceipts[2]).toMatchObject({
      purpose: 'cookies',
      state: 'set',
      collectionMethod: 'settings',
      detail: { preferences: false, analytics: true },
    });
    expect(data.profile.cookiePreferences).toMatchObject({ necessary: true, preferences: false, analytics: true });
  });
});

describe('maintenance', () => {
  it('purges expired sessions, spent tokens and stale visitors, and keeps the rest', async () => {
    const member = await makeMember(mixx, smtp);
    const stale = (
      await mixx.gql('mutation { setCookiePreferences(input: { preferences: true, analytics: true }) { visitorId } }')
    ).data.setCookiePreferences.visitorId;
    const fresh = (
      await mixx.gql('mutation { setCookiePreferences(input: { preferences: true, analytics: false }) { visitorId } }')
    ).data.setCookiePreferences.visitorId;
    await db.query(`UPDATE cookie_preferences SET updated_at = now() - interval '14 months' WHERE visitor_id = $1`, [stale]);
    const second = (await mixx.gql(LOGIN, { email: member.email, password: member.password })).data.login.token;
    await db.query(
      `UPDATE member_session SET expires_at = now() - interval '1 minute' WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
      [second],
    );
    const { purgeStaleData } = await import('../src/services/maintenance.ts');
    const purged = await purgeStaleData(mixx.orm.em.fork());
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(purged.visitors).toBeGreaterThanOrEqual(1);
    expect(purged.tokens).toBeGreaterThanOrEqual(0);
    const visitors = await db.query('SELECT visitor_id FROM cookie_preferences WHERE visitor_id = ANY($1::uuid[])', [
      [stale, fresh],
    ]);
    expect(visitors.rows.map((r) => r.visitor_id)).toEqual([fresh]);
    expect((await mixx.gql('{ me { id } }', {}, member.auth)).data.me.id).toBe(member.id);
  });
});
