import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerDocumentsCommand } from '../src/cli/partner-documents.command.ts';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { writeMp3 } from './support/catalog.ts';
import { makeMember, type Smtp } from './support/members.ts';
import { TEST_SECRET, type TestMixx } from './support/mixx.ts';
import { authorizationRequest, authorize, Browser, freePort, registerPartner, type TestPartner } from './support/partners.ts';
import { startStack, stopStack } from './support/stack.ts';

/**
 * Partner apps on /graphql (issue 11, second part): the access token names a partner actor whose
 * granted scopes the access module checks field by field; ids are pairwise; every response with a
 * member's data is in the disclosure log before it is sent.
 */

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let origin: string;
let issuer: string;
const trackIds: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  origin = `http://localhost:${port}`;
  issuer = `${origin}/oauth`;
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL: origin }, port, withAdmin: false }));
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mixx-partner-graphql-'));
  const stamp = Date.now().toString(36);
  for (const n of [1, 2]) {
    writeMp3(path.join(folder, `t${n}.mp3`), {
      title: `Partner Song ${n} ${stamp}`,
      artist: `Partner Band ${stamp}`,
      year: 2020,
    });
  }
  await importFolder({ folder, mediaDir: mediaDirOf(mixx.config), db });
  const { rows } = await db.query('SELECT id FROM track WHERE title LIKE $1 ORDER BY title', [`Partner Song % ${stamp}`]);
  for (const row of rows) trackIds.push(Buffer.from(`Track:${row.id}`).toString('base64url'));
});
afterAll(() => stopStack({ mixx, smtp, db }));

type Member = Awaited<ReturnType<typeof makeMember>>;

/** The member allows the partner these scopes (signed in to Mixx already); the partner's tokens. */
async function connect(partner: TestPartner, member: Member, scope: string) {
  const browser = new Browser(origin);
  browser.setCookie('mixx_session', member.token);
  const request = await authorizationRequest(partner.config, scope);
  const { redirect } = await authorize(browser, request.url, member);
  const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
  return { tokens, bearer: { authorization: `Bearer ${tokens.access_token}` }, sub: tokens.claims()?.sub as string };
}

const codes = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => (res.errors ?? []).map((e) => e.extensions?.code);

async function disclosures(member: Member) {
  const res = await mixx.gql(
    '{ me { disclosures(first: 50) { totalCount edges { node { kind recipient partner { name } fields count firstAt lastAt legalBasis } } } } }',
    {},
    member.auth,
  );
  expect(res.errors).toBeUndefined();
  return res.data.me.disclosures;
}

describe('a partner token on /graphql', () => {
  it('reads the fields its scopes name; any other member field is FORBIDDEN with requiredScope, and me becomes null', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Scoped Sam' });
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Profile Only', scopes: ['openid', 'profile'] });
    const { bearer, sub } = await connect(partner, member, 'openid profile');

    const named = await mixx.gql('{ me { id displayName plan createdAt } }', {}, bearer);
    expect(named.errors).toBeUndefined();
    expect(named.data.me).toEqual({ id: sub, displayName: 'Scoped Sam', plan: 'FREE', createdAt: expect.any(String) });
    // The partner knows the member by its pairwise sub, which node() also answers.
    expect(
      (await mixx.gql('query($id: ID!) { node(id: $id) { ... on Member { displayName } } }', { id: sub }, bearer)).data,
    ).toEqual({
      node: { displayName: 'Scoped Sam' },
    });
    // The member's own id names nothing for the partner.
    expect((await mixx.gql('query($id: ID!) { node(id: $id) { id } }', { id: member.id }, bearer)).data).toEqual({ node: null });

    const overreach = await mixx.gql('{ me { displayName email } }', {}, bearer);
    expect(overreach.data).toEqual({ me: null });
    expect(overreach.errors).toHaveLength(1);
    expect(overreach.errors?.[0]).toMatchObject({
      path: ['me', 'email'],
      extensions: { code: 'FORBIDDEN', requiredScope: 'email' },
    });
    for (const [field, scope] of [
      ['emailVerified', 'email'],
      ['downloads { totalCount }', 'downloads:read'],
      ['downloadQuota { used }', 'downloads:read'],
    ] as const) {
      const res = await mixx.gql(`{ me { ${field} } }`, {}, bearer);
      expect(res.data, field).toEqual({ me: null });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'FORBIDDEN', requiredScope: scope });
    }
    for (const field of [
      'sessions { id }',
      'acceptances { id }',
      'pendingPolicies { id }',
      'consentHistory { totalCount }',
      'emailConsent { status }',
      'cookiePreferences { analytics }',
      'partnerGrants { id }',
      'disclosures { totalCount }',
      'subscription { status }',
      'invoices { totalCount }',
    ]) {
      const res = await mixx.gql(`{ me { ${field} } }`, {}, bearer);
      // A non-null field's error nulls `me`; the nullable subscription is nulled alone.
      expect(res.data, field).toEqual(field.startsWith('subscription') ? { me: { subscription: null } } : { me: null });
      expect(codes(res), field).toEqual(['FORBIDDEN']);
      expect(res.errors?.[0]?.extensions, field).not.toHaveProperty('requiredScope');
    }
    // The catalog stays open to it.
    const catalog = await mixx.gql('{ tracks(first: 1) { totalCount } }', {}, bearer);
    expect(catalog.errors).toBeUndefined();
    expect(catalog.data.tracks.totalCount).toBeGreaterThan(0);
  });

  it('may never act on the account: every account, session, consent, billing and grant operation is FORBIDDEN and changes nothing', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer, {
      name: 'Greedy App',
      scopes: ['openid', 'profile', 'email', 'downloads:read', 'downloads:write'],
    });
    const { bearer } = await connect(partner, member, 'openid profile email downloads:read downloads:write');
    const grants = await mixx.gql('{ me { partnerGrants { id } } }', {}, member.auth);
    const grantId = grants.data.me.partnerGrants[0].id;
    const operations: [string, Record<string, unknown>][] = [
      ['mutation { logout }', {}],
      ['mutation { logoutEverywhere }', {}],
      ['mutation($id: ID!) { revokeSession(id: $id) }', { id: 'U2Vzc2lvbjox' }],
      [
        'mutation($p: String!) { changePassword(currentPassword: $p, newPassword: "Another long pass phrase 1") }',
        { p: member.password },
      ],
      ['mutation($p: String!) { changeEmail(password: $p, newEmail: "taken@example.org") }', { p: member.password }],
      ['mutation { updateProfile(input: { displayName: "Hijacked" }) { id } }', {}],
      ['mutation { exportMyData }', {}],
      ['mutation($p: String!) { deleteAccount(password: $p) }', { p: member.password }],
      ['mutation { acceptPolicies(versionIds: []) { id } }', {}],
      ['mutation { setEmailConsent(granted: true) { status } }', {}],
      ['mutation { setCookiePreferences(input: { preferences: true, analytics: true }) { analytics } }', {}],
      ['mutation($id: ID!) { revokePartnerGrant(id: $id) }', { id: grantId }],
      ['mutation { startPremiumCheckout { url } }', {}],
      ['mutation { openBillingPortal { url } }', {}],
      [
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
        { e: member.email, p: member.password },
      ],
      ['mutation($e: String!) { requestPasswordReset(email: $e) }', { e: member.email }],
      ['mutation { resetPassword(token: "x", newPassword: "Another long pass phrase 1") }', {}],
      ['mutation($e: String!) { resendVerificationEmail(email: $e) }', { e: member.email }],
      ['mutation { verifyEmail(token: "x") }', {}],
      ['mutation { confirmEmailConsent(token: "x") { status } }', {}],
      ['mutation { unsubscribe(token: "x") }', {}],
      [
        'mutation($i: RegisterInput!) { register(input: $i) }',
        {
          i: {
            email: 'new@example.org',
            password: 'A long enough pass phrase 9',
            displayName: 'N',
            acceptedPolicyVersionIds: [],
          },
        },
      ],
      ['{ cookiePreferences { analytics } }', {}],
    ];
    for (const [document, variables] of operations) {
      const res = await mixx.gql(document, variables, bearer);
      expect(codes(res), document).toEqual(['FORBIDDEN']);
    }
    // Nothing changed: the name, the sessions, the grant.
    const after = await mixx.gql('{ me { displayName sessions { id } partnerGrants { id } } }', {}, member.auth);
    expect(after.data.me.displayName).toBe(member.displayName);
    expect(after.data.me.sessions).toHaveLength(1);
    expect(after.data.me.partnerGrants).toHaveLength(1);
  });

  it('gives two partners different ids for the same member and the same downloads, which neither can use for the other', async () => {
    const member = await makeMember(mixx, smtp);
    const one = await registerPartner(mixx.payload, issuer, {
      name: 'One',
      scopes: ['openid', 'downloads:read', 'downloads:write'],
    });
    const two = await registerPartner(mixx.payload, issuer, { name: 'Two', scopes: ['openid', 'downloads:read'] });
    const a = await connect(one, member, 'openid downloads:read downloads:write');
    const b = await connect(two, member, 'openid downloads:read');

    const requested = await mixx.gql(
      'mutation($t: ID!) { requestDownload(trackId: $t) { url track { id } } }',
      { t: trackIds[0] },
      a.bearer,
    );
    expect(requested.errors).toBeUndefined();
    // downloads:write is needed for it.
    expect(
      codes(await mixx.gql('mutation($t: ID!) { requestDownload(trackId: $t) { url } }', { t: trackIds[1] }, b.bearer)),
    ).toEqual(['FORBIDDEN']);

    const LIST = '{ me { id downloads(first: 5) { totalCount edges { cursor node { id requestedAt track { id } } } } } }';
    const [mine, seenByA, seenByB] = await Promise.all([
      mixx.gql(LIST, {}, member.auth),
      mixx.gql(LIST, {}, a.bearer),
      mixx.gql(LIST, {}, b.bearer),
    ]);
    for (const res of [mine, seenByA, seenByB]) expect(res.errors).toBeUndefined();
    const ids = [mine, seenByA, seenByB].map((r) => r.data.me.downloads.edges[0].node.id);
    const cursors = [mine, seenByA, seenByB].map((r) => r.data.me.downloads.edges[0].cursor);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(cursors).size).toBe(3);
    expect(new Set([member.id, seenByA.data.me.id, seenByB.data.me.id]).size).toBe(3);
    expect(seenByA.data.me.id).toBe(a.sub);
    expect(seenByB.data.me.id).toBe(b.sub);
    // The track (catalog) is the same for all: it is no one's personal data.
    expect(seenByA.data.me.downloads.edges[0].node.track.id).toBe(trackIds[0]);

    const NODE = 'query($id: ID!) { node(id: $id) { ... on Download { id track { id } } } }';
    expect((await mixx.gql(NODE, { id: ids[1] }, a.bearer)).data.node).toEqual({ id: ids[1], track: { id: trackIds[0] } });
    expect((await mixx.gql(NODE, { id: ids[2] }, b.bearer)).data.node).toEqual({ id: ids[2], track: { id: trackIds[0] } });
    // Each one's id names nothing for the other, nor for the member; the member's own names nothing for a partner.
    expect((await mixx.gql(NODE, { id: ids[1] }, b.bearer)).data.node).toBeNull();
    expect((await mixx.gql(NODE, { id: ids[2] }, member.auth)).data.node).toBeNull();
    expect((await mixx.gql(NODE, { id: ids[0] }, a.bearer)).data.node).toBeNull();
    // A cursor pages on in the partner's own terms.
    const page = await mixx.gql(
      'query($after: String) { me { downloads(first: 5, after: $after) { edges { node { id } } } } }',
      { after: cursors[1] },
      a.bearer,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data.me.downloads.edges).toEqual([]);
  });
});

describe('the disclosure log', () => {
  it('lists exactly what reached the partner, grouped per field set and day, with the OIDC claims; a nulled answer counts nothing', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Logged Lou' });
    const partner = await registerPartner(mixx.payload, issuer, {
      name: 'Log Reader',
      scopes: ['openid', 'profile', 'downloads:read'],
    });
    const { bearer, tokens, sub } = await connect(partner, member, 'openid profile downloads:read');
    // The ID token of the code exchange carried the sub.
    expect((await disclosures(member)).edges.map((e: any) => [e.node.fields, e.node.count])).toEqual([[['Member.id'], 1]]);

    await client.fetchUserInfo(partner.config, tokens.access_token, sub);
    await mixx.gql('{ me { displayName } }', {}, bearer);
    await mixx.gql('{ me { name: displayName again: displayName } }', {}, bearer);
    // Nulled by the missing scope: nothing left.
    await mixx.gql('{ me { displayName email } }', {}, bearer);
    // Catalog only: nothing personal.
    await mixx.gql('{ tracks(first: 1) { totalCount } }', {}, bearer);
    // Downloads: the connection and the quota, none of the catalog under them.
    await mixx.gql(
      '{ me { downloads(first: 1) { totalCount edges { node { id track { title } } } } downloadQuota { used remaining } } }',
      {},
      bearer,
    );
    await Promise.all(Array.from({ length: 8 }, () => mixx.gql('{ me { plan } }', {}, bearer)));

    const log = await disclosures(member);
    const groups = log.edges.map((e: any) => e.node);
    expect(
      groups.every((g: any) => g.kind === 'PARTNER_ACCESS' && g.recipient === 'Log Reader' && g.partner.name === 'Log Reader'),
    ).toBe(true);
    expect(groups.every((g: any) => g.legalBasis === null && g.firstAt <= g.lastAt)).toBe(true);
    const counted = Object.fromEntries(groups.map((g: any) => [g.fields.join(' '), g.count]));
    expect(counted).toEqual({
      'Member.id': 1,
      'Member.displayName Member.id': 1,
      'Member.displayName': 2,
      'DownloadQuota.remaining DownloadQuota.used Member.downloadQuota Member.downloads': 1,
      'Member.plan': 8,
    });
    expect(log.totalCount).toBe(5);
    // Newest first.
    const firsts = groups.map((g: any) => g.firstAt);
    expect([...firsts].sort().reverse()).toEqual(firsts);
    // Read page by page, the same groups.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await mixx.gql(
        'query($after: String) { me { disclosures(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }',
        { after },
        member.auth,
      );
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.me.disclosures.edges.map((e: any) => e.node.id));
      if (!res.data.me.disclosures.pageInfo.hasNextPage) break;
      after = res.data.me.disclosures.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    // The rows hold the grant, the fields and the time: nothing about the request.
    const { rows } = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'partner_disclosure' ORDER BY ordinal_position`,
    );
    expect(rows.map((r) => r.column_name)).toEqual(['id', 'grant_id', 'fields', 'at']);
    // The member's export holds every recorded answer and the grant.
    const exported = (await mixx.gql('mutation { exportMyData }', {}, member.auth)).data.exportMyData;
    expect(exported.partnerGrants).toEqual([
      expect.objectContaining({
        partnerClientId: partner.clientId,
        scopes: ['openid', 'profile', 'downloads:read'],
        revokedAt: null,
      }),
    ]);
    expect(exported.partnerDisclosures).toHaveLength(13);
    expect(exported.partnerDisclosures[0]).toEqual({
      grantId: exported.partnerGrants[0].id,
      fields: ['Member.id'],
      at: expect.any(String),
    });
    expect(exported.devices.length).toBeGreaterThan(0);
  });

  it('withholds the answer when it cannot be recorded', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Guarded Gil' });
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Unlucky', scopes: ['openid', 'profile'] });
    const { bearer } = await connect(partner, member, 'openid profile');
    const { rows } = await db.query('SELECT id FROM partner_grant WHERE client_id = $1', [partner.clientId]);
    const grant = rows[0].id as string;
    // Another member's grant of another partner, answered at the same time.
    const otherMember = await makeMember(mixx, smtp, { displayName: 'Other Olga' });
    const otherPartner = await registerPartner(mixx.payload, issuer, { name: 'Lucky', scopes: ['openid', 'profile'] });
    const otherConnection = await connect(otherPartner, otherMember, 'openid profile');
    const otherGrant = (await db.query('SELECT id FROM partner_grant WHERE client_id = $1', [otherPartner.clientId])).rows[0].id;
    const other = { bearer: otherConnection.bearer, grant: otherGrant as string };
    const recorded = async (grantId: string) =>
      (await db.query('SELECT count(*)::int AS n FROM partner_disclosure WHERE grant_id = $1', [grantId])).rows[0].n as number;
    await db.query(`CREATE FUNCTION refuse_disclosure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.grant_id = '${grant}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await db.query(
      'CREATE TRIGGER refuse_disclosure BEFORE INSERT ON partner_disclosure FOR EACH ROW EXECUTE FUNCTION refuse_disclosure()',
    );
    try {
      const response = await fetch(`${mixx.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer },
        body: JSON.stringify({ query: '{ me { displayName } }' }),
      });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).not.toContain('Guarded Gil');
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
      expect(text).not.toMatch(/refused by the test|partner_disclosure|INSERT/);
      // A catalog answer has nothing to record and still goes.
      expect((await mixx.gql('{ tracks(first: 1) { totalCount } }', {}, bearer)).errors).toBeUndefined();
      // Answers written together: the one that cannot be recorded withholds only itself.
      const before = await recorded(other.grant);
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) => mixx.gql('{ me { displayName } }', {}, i % 4 === 0 ? bearer : other.bearer)),
      );
      answers.forEach((res, i) => {
        if (i % 4 === 0) expect(res.data ?? null, `answer ${i}`).toBeNull();
        else expect(res.data, `answer ${i}`).toEqual({ me: { displayName: 'Other Olga' } });
      });
      expect((await recorded(other.grant)) - before).toBe(18);
    } finally {
      await db.query('DROP TRIGGER refuse_disclosure ON partner_disclosure');
      await db.query('DROP FUNCTION refuse_disclosure()');
    }
    expect((await mixx.gql('{ me { displayName } }', {}, bearer)).data).toEqual({ me: { displayName: 'Guarded Gil' } });
  });

  it('after the member revokes the grant, the old token reads nothing: me is null, member-only operations UNAUTHENTICATED', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer, {
      name: 'Revoked',
      scopes: ['openid', 'profile', 'downloads:read'],
    });
    const { bearer } = await connect(partner, member, 'openid profile downloads:read');
    expect((await mixx.gql('{ me { displayName } }', {}, bearer)).data.me).toEqual({ displayName: member.displayName });
    const grants = await mixx.gql('{ me { partnerGrants { id } } }', {}, member.auth);
    const revoked = await mixx.gql(
      'mutation($id: ID!) { revokePartnerGrant(id: $id) }',
      { id: grants.data.me.partnerGrants[0].id },
      member.auth,
    );
    expect(revoked.data).toEqual({ revokePartnerGrant: true });
    expect((await mixx.gql('{ me { displayName } }', {}, bearer)).data).toEqual({ me: null });
    expect(
      codes(await mixx.gql('mutation($t: ID!) { requestDownload(trackId: $t) { url } }', { t: trackIds[0] }, bearer)),
    ).toEqual(['UNAUTHENTICATED']);
    // What it read before stays in the member's log, with the ledger's two entries naming the partner.
    expect((await disclosures(member)).edges.length).toBeGreaterThan(0);
    const history = await mixx.gql(
      '{ me { consentHistory(first: 10) { edges { node { kind source partner { name } } } } } }',
      {},
      member.auth,
    );
    expect(history.errors).toBeUndefined();
    const partnerEvents = history.data.me.consentHistory.edges.map((e: any) => e.node).filter((n: any) => n.partner);
    expect(partnerEvents).toEqual([
      { kind: 'PARTNER_REVOKED', source: 'settings', partner: { name: 'Revoked' } },
      { kind: 'PARTNER_GRANTED', source: 'oauth', partner: { name: 'Revoked' } },
    ]);
  });
});

describe('trusted documents', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const operation = (name: string, body: string) => ({ id: sha256(body), name, type: 'query', body });
  const ME = 'query Me { me { id displayName } }';
  const TRACKS = 'query Tracks { tracks(first: 2) { edges { node { id title } } } }';

  /** `npm run partner:documents` for a manifest of these operations: its status and what it printed. */
  async function register(clientId: string, operations: unknown[], format = 'apollo-persisted-query-manifest') {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mixx-manifest-')), 'manifest.json');
    writeFileSync(file, JSON.stringify({ format, version: 1, operations }));
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: mixx.config.databaseUrl, MIXX_SECRET: TEST_SECRET, MIXX_DATA_DIR: os.tmpdir() };
    const code = await partnerDocumentsCommand(['--client-id', clientId, '--manifest', file], env, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.map((l) => JSON.parse(l)), err: err.join('\n') };
  }

  /** A POST to /graphql with this body, as the partner's client library sends it. */
  async function post(body: Record<string, unknown>, headers: Record<string, string>) {
    const response = await fetch(`${mixx.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }
  const persisted = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

  it('registers a manifest once, refuses one that asks beyond the scopes (naming the field), and nothing of it', async () => {
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Manifest Maker', scopes: ['openid', 'profile'] });
    expect(await register(partner.clientId, [operation('Me', ME), operation('Tracks', TRACKS)])).toMatchObject({
      code: 0,
      out: [{ registered: 2, known: 0 }],
    });
    expect((await register(partner.clientId, [operation('Me', ME)])).out).toEqual([{ registered: 0, known: 1 }]);

    const greedy = 'query Greedy { me { email downloads(first: 1) { totalCount } sessions { id } } }';
    const refused = await register(partner.clientId, [
      operation('Fine', 'query Fine { me { plan } }'),
      operation('Greedy', greedy),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('operation Greedy: Member.email needs the scope email');
    expect(refused.err).toContain('operation Greedy: Member.downloads needs the scope downloads:read');
    expect(refused.err).toContain('operation Greedy: Member.sessions is never open to partner apps');
    const logout = await register(partner.clientId, [operation('Out', 'mutation Out { logout }')]);
    expect(logout.err).toContain('Mutation.logout is never open to partner apps');
    const forged = await register(partner.clientId, [{ ...operation('Me', ME), id: sha256('something else') }]);
    expect(forged.err).toContain('operation Me: its id is not the SHA-256 of its body');
    expect((await register(partner.clientId, [operation('Bad', 'query Bad { me { nope } }')])).err).toMatch(
      /Cannot query field "nope"/,
    );
    expect((await register(partner.clientId, [operation('Two', 'query A { me { id } } query B { me { id } }')])).err).toContain(
      'exactly one operation',
    );
    expect((await register(partner.clientId, [], 'something-else')).err).toContain('not a persisted-query manifest');
    expect((await register('no-such-client', [operation('Me', ME)])).err).toContain('no partner app has the client id');
    const { rows } = await db.query('SELECT operation_name FROM partner_document WHERE client_id = $1 ORDER BY 1', [
      partner.clientId,
    ]);
    expect(rows.map((r) => r.operation_name)).toEqual(['Me', 'Tracks']);
  });

  it('runs a registered document by id (POST, GET, documentId); an unknown id or, when trusted only, free text is PERSISTED_QUERY_NOT_FOUND', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Trusted Tess' });
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Trusted Tunes', scopes: ['openid', 'profile'] });
    expect((await register(partner.clientId, [operation('Me', ME), operation('Tracks', TRACKS)])).code).toBe(0);
    const { bearer, sub } = await connect(partner, member, 'openid profile');

    const byHash = await post(persisted(sha256(ME)), bearer);
    expect(byHash).toMatchObject({ status: 200, body: { data: { me: { id: sub, displayName: 'Trusted Tess' } } } });
    // The registered text runs, whatever text comes beside its id.
    expect((await post({ query: '{ me { email } }', ...persisted(sha256(ME)) }, bearer)).body.data.me.displayName).toBe(
      'Trusted Tess',
    );
    expect((await post({ documentId: `sha256:${sha256(TRACKS)}` }, bearer)).body.data.tracks.edges).toHaveLength(2);
    const get = await fetch(
      `${mixx.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(sha256(TRACKS)).extensions))}`,
      { headers: { ...bearer, 'apollo-require-preflight': 'true' } },
    );
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.tracks.edges).toHaveLength(2);

    for (const unknown of [sha256('{ me { id } }'), 'not-a-hash', '']) {
      const answer = await post(persisted(unknown), bearer);
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: any) => e.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
    // An id that is not a string, or given twice, names no document.
    for (const body of [{ documentId: 123 }, { documentId: ['a', 'b'] }, { extensions: { persistedQuery: 'x' } }]) {
      const answer = await post(body, bearer);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
    const twice = await fetch(`${mixx.url}/graphql?documentId=${sha256(TRACKS)}&documentId=${sha256(ME)}`, {
      headers: { ...bearer, 'apollo-require-preflight': 'true' },
    });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // A race of 50 by id: every one answered with the document's data.
    const raced = await Promise.all(Array.from({ length: 50 }, () => post(persisted(sha256(ME)), bearer)));
    expect(raced.filter((r) => r.status !== 200 || r.body.data?.me?.id !== sub)).toEqual([]);
    // Free text is fine until the admin flags the partner.
    expect((await post({ query: '{ me { displayName } }' }, bearer)).body.data.me.displayName).toBe('Trusted Tess');
    await mixx.payload.update({
      collection: 'partners',
      where: { clientId: { equals: partner.clientId } },
      data: { trustedDocumentsOnly: true },
    });
    const free = await post({ query: '{ me { displayName } }' }, bearer);
    expect(free.status).toBe(400);
    expect(free.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(persisted(sha256(ME)), bearer)).body.data.me.id).toBe(sub);

    // Another partner does not run this one's documents; members and visitors get Apollo's refusal.
    const other = await registerPartner(mixx.payload, issuer, { name: 'Other Tunes', scopes: ['openid', 'profile'] });
    const otherToken = await connect(other, member, 'openid profile');
    expect((await post(persisted(sha256(ME)), otherToken.bearer)).body.errors[0].extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await post(persisted(sha256(ME)), member.auth)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('gives a partner the cost budget set for it in the admin, shared by the members it acts for', async () => {
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Budgeted Beats', scopes: ['openid', 'profile'] });
    await mixx.payload.update({
      collection: 'partners',
      where: { clientId: { equals: partner.clientId } },
      data: { costBudget: 30 },
    });
    const [first, second] = [await makeMember(mixx, smtp), await makeMember(mixx, smtp)];
    const tokens = [await connect(partner, first, 'openid profile'), await connect(partner, second, 'openid profile')];
    // Small enough that two fit in the bucket whatever the catalog holds (the actual cost refunds the rest).
    const page = '{ tracks(first: 5) { edges { node { id } } } }';
    const answer = await post({ query: page }, tokens[0]!.bearer);
    expect(answer.status).toBe(200);
    const left = answer.body.extensions.cost.throttleStatus;
    expect(left.maximumAvailable).toBe(30);
    expect(left.currentlyAvailable).toBeLessThan(30);
    // What the first member's request spent is gone for the second member's too.
    const next = (await post({ query: page }, tokens[1]!.bearer)).body.extensions.cost.throttleStatus;
    expect(next.currentlyAvailable).toBeLessThan(left.currentlyAvailable);
    // A page that no full bucket of this partner could pay for is too complex for it.
    const big = await post({ query: '{ tracks(first: 40) { edges { node { id } } } }' }, tokens[0]!.bearer);
    expect(big.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: { maximumCost: 30 } });
  });
});
