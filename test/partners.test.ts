import * as client from 'openid-client';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { authorizationRequest, authorize, Browser, CALLBACK, freePort, registerPartner } from './support/partners.ts';
import { startStack, stopStack } from './support/stack.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let issuer: string;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  issuer = `${origin}/oauth`;
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL: origin }, port, withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

const GRANTS = '{ me { partnerGrants { id scopes grantedAt lastUsedAt partner { id name homepageUrl privacyPolicyUrl } } } }';

async function ledger(clientId: string) {
  const { rows } = await db.query(
    'SELECT kind, source, detail FROM consent_event WHERE partner_client_id = $1 ORDER BY at, id',
    [clientId],
  );
  return rows;
}

async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof client.ResponseBodyError) return error.error;
    if (error instanceof client.AuthorizationResponseError) return error.error;
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
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'downloads:read', 'offline_access']));
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
    const { redirect, seen } = await authorize(browser, request.url, member, { decision: 'allow', scopes: ['profile', 'offline_access'] });
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
