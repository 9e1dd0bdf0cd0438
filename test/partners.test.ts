import * as client from 'openid-client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePartnerAccessToken } from '../src/services/partners/access-tokens.ts';
import { PairwiseIds } from '../src/services/partners/pairwise.ts';
import { makeMember, type Smtp } from './support/members.ts';
import { TEST_SECRET, type TestMixx } from './support/mixx.ts';
import { authorizationRequest, authorize, Browser, CALLBACK, formOf, freePort, registerPartner } from './support/partners.ts';
import { startStack, stopStack } from './support/stack.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let issuer: string;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  // localhost rather than 127.0.0.1: the privacy scan of other files looks for loopback addresses,
  // and unfinished sign-ins keep the issuer's URL until they expire.
  origin = `http://localhost:${port}`;
  issuer = `${origin}/oauth`;
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL: origin }, port, withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

const GRANTS = '{ me { partnerGrants { id scopes grantedAt lastUsedAt partner { id name homepageUrl privacyPolicyUrl } } } }';

async function ledger(clientId: string) {
  const { rows } = await db.query('SELECT kind, source, detail FROM consent_event WHERE partner_client_id = $1 ORDER BY at, id', [
    clientId,
  ]);
  return rows;
}

async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof client.ResponseBodyError) return error.error;
    if (error instanceof client.AuthorizationResponseError) return error.error;
    if (error instanceof client.WWWAuthenticateChallengeError) {
      const body = await error.response.json().catch(() => ({}));
      return body.error ?? error.cause[0]?.parameters.error;
    }
    throw error;
  }
  throw new Error('expected an OAuth error');
}

describe('discovery', () => {
  it('publishes the issuer, code flow with PKCE S256 only, three client authentication methods, pairwise subjects', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const meta = await response.json();
    expect(meta).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/me`,
      introspection_endpoint: `${issuer}/token/introspection`,
      revocation_endpoint: `${issuer}/token/revocation`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    expect([...meta.token_endpoint_auth_methods_supported].sort()).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    expect([...meta.grant_types_supported].sort()).toEqual(['authorization_code', 'refresh_token']);
    expect(meta.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'downloads:read', 'offline_access']),
    );
    const jwks = await (await fetch(meta.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('a partner app signs a member in', () => {
  it('with openid-client: sign-in and consent pages, code exchange, userinfo, refresh rotation; reuse ends the grant', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Ada Partnerfan' });
    const partner = await registerPartner(mixx.payload, issuer, { scopes: ['openid', 'profile', 'email', 'offline_access'] });
    const request = await authorizationRequest(partner.config, 'openid profile email offline_access');
    const browser = new Browser(origin);
    // The member leaves email unticked on the consent screen.
    const { redirect, seen } = await authorize(browser, request.url, member, {
      decision: 'allow',
      scopes: ['profile', 'offline_access'],
    });
    expect(seen).toEqual(['sign-in', 'consent']);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(CALLBACK);
    expect(redirect.searchParams.get('state')).toBe(request.state);

    const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope?.split(' ').sort()).toEqual(['offline_access', 'openid', 'profile']);
    const sub = tokens.claims()?.sub as string;
    expect(sub).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(sub).not.toContain(member.id);

    const userinfo = await client.fetchUserInfo(partner.config, tokens.access_token, sub);
    expect(userinfo).toEqual({ sub, name: 'Ada Partnerfan' });

    const grants = await mixx.gql(GRANTS, {}, member.auth);
    expect(grants.errors).toBeUndefined();
    expect(grants.data.me.partnerGrants).toEqual([
      {
        id: expect.any(String),
        scopes: ['openid', 'profile', 'offline_access'],
        grantedAt: expect.any(String),
        lastUsedAt: null,
        partner: { id: expect.any(String), name: 'Playlist Pal', homepageUrl: null, privacyPolicyUrl: null },
      },
    ]);
    expect(await ledger(partner.clientId)).toEqual([
      { kind: 'PARTNER_GRANTED', source: 'oauth', detail: { scopes: ['openid', 'profile', 'offline_access'] } },
    ]);

    const first = tokens.refresh_token as string;
    const rotated = await client.refreshTokenGrant(partner.config, first);
    expect(rotated.refresh_token).toBeDefined();
    expect(rotated.refresh_token).not.toBe(first);
    expect(await client.fetchUserInfo(partner.config, rotated.access_token, sub)).toEqual({ sub, name: 'Ada Partnerfan' });

    // The spent refresh token comes back (stolen, say): the whole grant ends.
    expect(await oauthError(client.refreshTokenGrant(partner.config, first))).toBe('invalid_grant');
    expect(await oauthError(client.refreshTokenGrant(partner.config, rotated.refresh_token as string))).toBe('invalid_grant');
    expect(await client.tokenIntrospection(partner.config, rotated.access_token)).toEqual({ active: false });
    expect((await mixx.gql(GRANTS, {}, member.auth)).data.me.partnerGrants).toEqual([]);
    expect((await ledger(partner.clientId)).map((e) => [e.kind, e.source])).toEqual([
      ['PARTNER_GRANTED', 'oauth'],
      ['PARTNER_REVOKED', 'oauth'],
    ]);
  });
});

const REVOKE = 'mutation($id: ID!) { revokePartnerGrant(id: $id) }';

/** A browser that holds the member's Mixx session cookie, as after signing in on the web app. */
function signedIn(token: string): Browser {
  const browser = new Browser(origin);
  browser.setCookie('mixx_session', token);
  return browser;
}

async function userinfoStatus(token: string): Promise<number> {
  return (await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

async function grantRows(clientId: string): Promise<number> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM partner_grant WHERE client_id = $1', [clientId]);
  return rows[0].n;
}

describe('the member decides', () => {
  it('signed in to Mixx, sees only the consent screen; a covering grant is not asked again; revoking ends every token at once', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Mix Tape Maker' });
    const browser = new Browser(origin);
    browser.setCookie('mixx_session', member.token);

    const first = await authorizationRequest(partner.config, 'openid profile email offline_access');
    const granted = await authorize(browser, first.url, member);
    expect(granted.seen).toEqual(['consent']);
    const tokens = await client.authorizationCodeGrant(partner.config, granted.redirect, {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
    });
    const sub = tokens.claims()?.sub as string;
    expect(await client.fetchUserInfo(partner.config, tokens.access_token, sub)).toEqual({
      sub,
      name: member.displayName,
      email: member.email,
      email_verified: true,
    });

    // Same scopes (without offline_access, which always takes prompt=consent): straight back.
    const again = await authorizationRequest(partner.config, 'openid profile email');
    const second = await authorize(signedIn(member.token), again.url, member);
    expect(second.seen).toEqual([]);
    const secondTokens = await client.authorizationCodeGrant(partner.config, second.redirect, {
      pkceCodeVerifier: again.verifier,
      expectedState: again.state,
    });
    expect(secondTokens.claims()?.sub).toBe(sub);

    const listed = await mixx.gql(GRANTS, {}, member.auth);
    const grant = listed.data.me.partnerGrants[0];
    // What /graphql will call for a partner's token (the access module's actor), in-process.
    const pairwise = new PairwiseIds(TEST_SECRET);
    expect(await resolvePartnerAccessToken(mixx.orm.em.fork(), pairwise, tokens.access_token)).toEqual({
      grantId: Buffer.from(grant.id, 'base64url').toString().split(':')[1],
      clientId: partner.clientId,
      partnerId: expect.any(Number),
      memberId: Buffer.from(member.id, 'base64url').toString().split(':')[1],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      sub,
      trustedDocumentsOnly: false,
      costBudget: null,
    });
    expect(await resolvePartnerAccessToken(mixx.orm.em.fork(), pairwise, tokens.refresh_token)).toBeNull();
    expect(listed.data.me.partnerGrants).toHaveLength(1);
    expect(grant.scopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
    expect(grant.partner.name).toBe('Mix Tape Maker');

    const stranger = await makeMember(mixx, smtp);
    expect((await mixx.gql(REVOKE, { id: grant.id }, stranger.auth)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await mixx.gql(REVOKE, { id: grant.id })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await mixx.gql(REVOKE, { id: 'not-an-id!' }, member.auth)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    expect((await mixx.gql(REVOKE, { id: grant.id }, member.auth)).data).toEqual({ revokePartnerGrant: true });
    expect(await client.tokenIntrospection(partner.config, tokens.access_token)).toEqual({ active: false });
    expect(await client.tokenIntrospection(partner.config, secondTokens.access_token)).toEqual({ active: false });
    expect(await resolvePartnerAccessToken(mixx.orm.em.fork(), pairwise, tokens.access_token)).toBeNull();
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    expect(await oauthError(client.refreshTokenGrant(partner.config, tokens.refresh_token as string))).toBe('invalid_grant');
    expect((await mixx.gql(REVOKE, { id: grant.id }, member.auth)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await mixx.gql(GRANTS, {}, member.auth)).data.me.partnerGrants).toEqual([]);
    expect((await ledger(partner.clientId)).map((e) => [e.kind, e.source])).toEqual([
      ['PARTNER_GRANTED', 'oauth'],
      ['PARTNER_REVOKED', 'settings'],
    ]);

    // Revoked means asked again.
    const after = await authorizationRequest(partner.config, 'openid profile');
    expect((await authorize(signedIn(member.token), after.url, member)).seen).toEqual(['consent']);
  });

  it('Deny sends error=access_denied back with the state, and grants nothing', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer);
    const request = await authorizationRequest(partner.config, 'openid profile');
    const { redirect } = await authorize(new Browser(origin), request.url, member, { decision: 'deny' });
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(request.state);
    expect(redirect.searchParams.get('code')).toBeNull();
    expect(await grantRows(partner.clientId)).toBe(0);
    expect(await ledger(partner.clientId)).toEqual([]);
  });

  it('gives each partner its own stable sub for the same member; a public client signs in with PKCE and no secret', async () => {
    const member = await makeMember(mixx, smtp);
    const browser = new Browser(origin);
    browser.setCookie('mixx_session', member.token);
    const subs: string[] = [];
    for (const isPublic of [false, true, false]) {
      const partner = subs.length === 2 ? undefined : await registerPartner(mixx.payload, issuer, { isPublic });
      const config = partner?.config ?? (await registerPartner(mixx.payload, issuer)).config;
      const request = await authorizationRequest(config, 'openid');
      const { redirect } = await authorize(browser, request.url, member);
      const tokens = await client.authorizationCodeGrant(config, redirect, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      });
      subs.push(tokens.claims()?.sub as string);
      expect(await client.fetchUserInfo(config, tokens.access_token, subs.at(-1) as string)).toEqual({ sub: subs.at(-1) });
    }
    expect(new Set(subs).size).toBe(3);
  });
});

describe('refused, with the standard OAuth error, and nothing granted', () => {
  let member: Awaited<ReturnType<typeof makeMember>>;
  beforeAll(async () => {
    member = await makeMember(mixx, smtp);
  });

  /** An authorization request as openid-client builds it, with `params` changed or removed. */
  function tampered(config: client.Configuration, params: Record<string, string | null>) {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid profile', state: 'st-1' });
    for (const [key, value] of Object.entries(params)) {
      if (value === null) url.searchParams.delete(key);
      else url.searchParams.set(key, value);
    }
    return url;
  }

  async function exchanged(partner: Awaited<ReturnType<typeof registerPartner>>) {
    const request = await authorizationRequest(partner.config, 'openid profile');
    const { redirect } = await authorize(signedIn(member.token), request.url, member);
    return { request, redirect };
  }

  it('without PKCE, or with the plain method: invalid_request back at the redirect URI', async () => {
    const partner = await registerPartner(mixx.payload, issuer);
    const verifier = client.randomPKCECodeVerifier();
    const cases: Record<string, string>[] = [
      {},
      { code_challenge: verifier, code_challenge_method: 'plain' },
      { code_challenge: verifier },
    ];
    for (const params of cases) {
      const page = await signedIn(member.token).go(tampered(partner.config, params).href);
      expect(page.redirect?.searchParams.get('error'), JSON.stringify(params)).toBe('invalid_request');
      expect(page.redirect?.searchParams.get('state')).toBe('st-1');
    }
    expect(await grantRows(partner.clientId)).toBe(0);
  });

  it('a redirect URI not registered exactly, or an unknown client: an error page, no redirect', async () => {
    const partner = await registerPartner(mixx.payload, issuer);
    const verifier = client.randomPKCECodeVerifier();
    const challenge = { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    for (const [params, error] of [
      [{ ...challenge, redirect_uri: `${CALLBACK}/other` }, 'invalid_redirect_uri'],
      [{ ...challenge, redirect_uri: `${CALLBACK}?x=1` }, 'invalid_redirect_uri'],
      [{ ...challenge, redirect_uri: null }, 'invalid_request'],
      [{ ...challenge, client_id: 'mixx-no-such-client' }, 'invalid_client'],
    ] as const) {
      const response = await fetch(tampered(partner.config, params), { redirect: 'manual' });
      expect(response.status, JSON.stringify(params)).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain(`<code>${error}</code>`);
    }
    const unknown = new client.Configuration(
      partner.config.serverMetadata(),
      'mixx-no-such-client',
      undefined,
      client.ClientSecretBasic('x'),
    );
    client.allowInsecureRequests(unknown);
    expect(await oauthError(client.refreshTokenGrant(unknown, 'whatever'))).toBe('invalid_client');
    const wrongSecret = new client.Configuration(
      partner.config.serverMetadata(),
      partner.clientId,
      undefined,
      client.ClientSecretBasic(client.randomPKCECodeVerifier()),
    );
    client.allowInsecureRequests(wrongSecret);
    const { request, redirect } = await exchanged(partner);
    expect(
      await oauthError(
        client.authorizationCodeGrant(wrongSecret, redirect, {
          pkceCodeVerifier: request.verifier,
          expectedState: request.state,
        }),
      ),
    ).toBe('invalid_client');
  });

  it('a reused code: invalid_grant, and the tokens of its first exchange stop working', async () => {
    const partner = await registerPartner(mixx.payload, issuer);
    const { request, redirect } = await exchanged(partner);
    const checks = { pkceCodeVerifier: request.verifier, expectedState: request.state };
    const tokens = await client.authorizationCodeGrant(partner.config, redirect, checks);
    expect(await oauthError(client.authorizationCodeGrant(partner.config, redirect, checks))).toBe('invalid_grant');
    expect(await client.tokenIntrospection(partner.config, tokens.access_token)).toEqual({ active: false });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM partner_grant WHERE client_id = $1 AND revoked_at IS NULL', [
      partner.clientId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('a code with the wrong verifier, or expired: invalid_grant', async () => {
    const partner = await registerPartner(mixx.payload, issuer);
    const wrong = await exchanged(partner);
    expect(
      await oauthError(
        client.authorizationCodeGrant(partner.config, wrong.redirect, {
          pkceCodeVerifier: client.randomPKCECodeVerifier(),
          expectedState: wrong.request.state,
        }),
      ),
    ).toBe('invalid_grant');
    const late = await exchanged(partner);
    // Codes live a minute; rather than wait, move this one's expiry into the past.
    await db.query(
      `UPDATE oauth_model SET payload = jsonb_set(payload, '{exp}', to_jsonb(extract(epoch FROM now())::int - 5))
        WHERE model = 'AuthorizationCode' AND client_id = $1 AND consumed_at IS NULL`,
      [partner.clientId],
    );
    expect(
      await oauthError(
        client.authorizationCodeGrant(partner.config, late.redirect, {
          pkceCodeVerifier: late.request.verifier,
          expectedState: late.request.state,
        }),
      ),
    ).toBe('invalid_grant');
  });

  it('a tampered state: the partner (openid-client) refuses the response and never exchanges the code', async () => {
    const partner = await registerPartner(mixx.payload, issuer);
    const { request, redirect } = await exchanged(partner);
    expect(redirect.searchParams.get('state')).toBe(request.state);
    redirect.searchParams.set('state', `${request.state}x`);
    const refused = await client
      .authorizationCodeGrant(partner.config, redirect, { pkceCodeVerifier: request.verifier, expectedState: request.state })
      .then(
        () => null,
        (error: Error & { cause?: Error }) => error,
      );
    expect(refused?.cause?.message).toMatch(/"state"/);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM oauth_model WHERE client_id = $1 AND model IN ('AccessToken', 'RefreshToken')`,
      [partner.clientId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('a disabled partner: its tokens stop at once, and it signs nobody in', async () => {
    const partner = await registerPartner(mixx.payload, issuer);
    const { request, redirect } = await exchanged(partner);
    const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(await userinfoStatus(tokens.access_token)).toBe(200);
    const found = await mixx.payload.find({
      collection: 'partners',
      where: { clientId: { equals: partner.clientId } },
      overrideAccess: true,
    });
    await mixx.payload.update({
      collection: 'partners',
      id: found.docs[0]?.id as number,
      data: { disabled: true },
      overrideAccess: true,
    });
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    expect(await oauthError(client.tokenIntrospection(partner.config, tokens.access_token))).toBe('invalid_client');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM oauth_model WHERE client_id = $1', [partner.clientId]);
    expect(rows[0].n).toBe(0);
    const again = await authorizationRequest(partner.config, 'openid profile');
    const response = await fetch(again.url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<code>invalid_client</code>');
  });
});

describe("Mixx's sign-in and consent pages", () => {
  it('answer a wrong password and an unknown address alike, throttle like login, and take no form without its token', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer, { name: 'Throttle Test' });
    const browser = new Browser(origin, { 'x-forwarded-for': '203.0.113.45' });
    const request = await authorizationRequest(partner.config, 'openid');
    const page = await browser.go(request.url.href);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<strong>Throttle Test</strong> asks you to sign in');
    expect(page.headers?.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers?.get('cache-control')).toBe('no-store');
    const form = formOf(page.html, '/login');

    const wrong = await browser.go(form.action, {
      method: 'POST',
      form: { ...form.fields, email: member.email, password: 'Not-the-password-1' },
    });
    const unknown = await browser.go(form.action, {
      method: 'POST',
      form: { ...form.fields, email: `nobody-${member.email}`, password: 'Not-the-password-1' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => html.match(/<p class="error" role="alert">([^<]+)<\/p>/)?.[1];
    expect(message(wrong.html)).toBe('Wrong e-mail address or password.');
    expect(message(unknown.html)).toBe(message(wrong.html));

    const noToken = await browser.go(form.action, { method: 'POST', form: { email: member.email, password: member.password } });
    expect(noToken.status).toBe(400);
    const otherBrowser = await new Browser(origin).go(form.action, {
      method: 'POST',
      form: { ...form.fields, email: member.email, password: member.password },
    });
    expect(otherBrowser.status).toBe(400);

    let last = wrong;
    for (let i = 0; i < 10 && last.status !== 429; i++) {
      last = await browser.go(form.action, {
        method: 'POST',
        form: { ...form.fields, email: member.email, password: 'Not-the-password-1' },
      });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers?.get('retry-after'))).toBeGreaterThan(0);
    // The same counters as the login mutation: the pair is locked there too.
    const viaGraphql = await mixx.gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: member.email, p: member.password },
      { 'x-forwarded-for': '203.0.113.45' },
    );
    expect(viaGraphql.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('name the partner, link its privacy policy, let the member untick all but openid, and set no cookie with personal data', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Cookie Watcher' });
    const created = await registerPartner(mixx.payload, issuer, {
      name: 'Policy <Linker>',
      scopes: ['openid', 'profile', 'email', 'downloads:read'],
    });
    const found = await mixx.payload.find({
      collection: 'partners',
      where: { clientId: { equals: created.clientId } },
      overrideAccess: true,
    });
    await mixx.payload.update({
      collection: 'partners',
      id: found.docs[0]?.id as number,
      data: { privacyPolicyUrl: 'https://partner.example/privacy', homepageUrl: 'https://partner.example/' },
      overrideAccess: true,
    });
    const browser = new Browser(origin);
    const request = await authorizationRequest(created.config, 'openid profile email downloads:read');
    const signIn = formOf((await browser.go(request.url.href)).html, '/login');
    const consent = await browser.go(signIn.action, {
      method: 'POST',
      form: { ...signIn.fields, email: member.email, password: member.password },
    });
    expect(consent.html).toContain('<strong>Policy &lt;Linker&gt;</strong> asks to:');
    expect(consent.html).toContain('<a href="https://partner.example/privacy" rel="noreferrer">its privacy policy</a>');
    expect(consent.html).toContain('Signed in as Cookie Watcher.');
    expect([...consent.html.matchAll(/name="scope" value="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'profile',
      'email',
      'downloads:read',
    ]);
    expect(consent.html).not.toContain('value="openid"');

    const form = formOf(consent.html, '/consent');
    const done = await browser.go(form.action, { method: 'POST', form: { ...form.fields, decision: 'allow' } });
    const tokens = await client.authorizationCodeGrant(created.config, done.redirect as URL, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    expect(tokens.scope).toBe('openid');
    expect(await client.fetchUserInfo(created.config, tokens.access_token, tokens.claims()?.sub as string)).toEqual({
      sub: tokens.claims()?.sub,
    });

    expect(browser.setCookies.length).toBeGreaterThan(0);
    for (const header of browser.setCookies) {
      const [pair = ''] = header.split(';');
      const [name = '', value = ''] = pair.split('=');
      expect(header).toMatch(/httponly/i);
      expect(
        ['mixx_session', 'mixx_device', 'mixx_oauth_session', 'mixx_oauth_interaction', 'mixx_oauth_resume'].includes(
          name.replace(/\.sig$/, ''),
        ),
      ).toBe(true);
      expect(value).toMatch(/^[A-Za-z0-9_-]*$/);
      for (const personal of [
        member.email,
        Buffer.from(member.id, 'base64url').toString().split(':')[1] as string,
        'Cookie',
        encodeURIComponent(member.email),
      ])
        expect(value).not.toContain(personal);
    }
  });
});

describe('erasing the account', () => {
  it('ends every grant and removes everything the authorization server held about the member', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer);
    const request = await authorizationRequest(partner.config, 'openid profile offline_access');
    const { redirect } = await authorize(new Browser(origin), request.url, member);
    const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    const memberId = Buffer.from(member.id, 'base64url').toString().split(':')[1];
    const erased = await mixx.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: member.password }, member.auth);
    expect(erased.data).toEqual({ deleteAccount: true });
    expect(await client.tokenIntrospection(partner.config, tokens.access_token)).toEqual({ active: false });
    expect(await oauthError(client.refreshTokenGrant(partner.config, tokens.refresh_token as string))).toBe('invalid_grant');
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM oauth_model WHERE account_id = $1::uuid OR payload::text LIKE '%' || $1 || '%') AS oauth,
              (SELECT count(*)::int FROM partner_grant WHERE member_id = $1) AS grants`,
      [memberId],
    );
    expect(rows[0]).toEqual({ oauth: 0, grants: 0 });
  });
});

describe('as an attacker would', () => {
  it('ten concurrent uses of one refresh token: at most one wins, and the grant ends for all', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer);
    const request = await authorizationRequest(partner.config, 'openid profile offline_access');
    const { redirect } = await authorize(signedIn(member.token), request.url, member);
    const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.refreshTokenGrant(partner.config, tokens.refresh_token as string)),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won.length).toBeLessThanOrEqual(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(client.ResponseBodyError);
    for (const token of [tokens.access_token, ...won.map((t) => t.access_token)]) {
      expect(await client.tokenIntrospection(partner.config, token)).toEqual({ active: false });
    }
    // A winner's new tokens may be written after the grant ended: they are dead all the same.
    for (const token of won) {
      expect(await oauthError(client.refreshTokenGrant(partner.config, token.refresh_token as string))).toBe('invalid_grant');
      expect(await resolvePartnerAccessToken(mixx.orm.em.fork(), new PairwiseIds(TEST_SECRET), token.access_token)).toBeNull();
    }
    expect(await grantRows(partner.clientId)).toBe(1);
    const live = await db.query('SELECT count(*)::int AS n FROM partner_grant WHERE client_id = $1 AND revoked_at IS NULL', [
      partner.clientId,
    ]);
    expect(live.rows[0].n).toBe(0);
  });

  it('a repeated parameter, an unknown scope, or response_type token: refused at the redirect URI', async () => {
    const member = await makeMember(mixx, smtp);
    const partner = await registerPartner(mixx.payload, issuer, { scopes: ['openid', 'profile'] });
    const request = await authorizationRequest(partner.config, 'openid profile');
    const twice = new URL(request.url);
    twice.searchParams.append('code_challenge', 'another-one-another-one-another-one-another');
    const notAllowed = new URL(request.url);
    notAllowed.searchParams.set('scope', 'openid email');
    const implicit = new URL(request.url);
    implicit.searchParams.set('response_type', 'token');
    for (const [url, error] of [
      [twice, 'invalid_request'],
      [notAllowed, 'invalid_scope'],
      [implicit, 'unsupported_response_type'],
    ] as const) {
      const page = await signedIn(member.token).go(url.href);
      // A token response type would answer in the fragment (its default response mode).
      const answer = page.redirect?.searchParams.get('error') ?? new URLSearchParams(page.redirect?.hash.slice(1)).get('error');
      expect(answer, `${url.search} ${page.status}`).toBe(error);
    }
    expect(await grantRows(partner.clientId)).toBe(0);
  });
});
