import * as client from 'openid-client';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { authorizationRequest, authorize, Browser, freePort, registerPartner } from './support/partners.ts';
import { findAnywhere } from './support/scan.ts';
import { startStack, stopStack } from './support/stack.ts';

const ADDRESS = '203.0.113.91';
const headers = { 'x-forwarded-for': ADDRESS, 'user-agent': 'PartnerPrivacyProbe/1.0' };

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL: origin, MIXX_TRUST_PROXY: 'true' }, port, withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

it('stores and logs no client address, e-mail or token through a whole partner flow', async () => {
  const startLines = mixx.logLines().length;
  const member = await makeMember(mixx, smtp, { headers });
  const partner = await registerPartner(mixx.payload, `${origin}/oauth`, {
    scopes: ['openid', 'profile', 'email', 'offline_access'],
  });
  // Every request of the partner's server carries the address too.
  partner.config[client.customFetch] = (url, options) =>
    fetch(url, { ...options, headers: { ...Object.fromEntries(new Headers(options.headers)), ...headers } } as RequestInit);
  const request = await authorizationRequest(partner.config, 'openid profile email offline_access');
  const { redirect } = await authorize(new Browser(origin, headers), request.url, member);
  const tokens = await client.authorizationCodeGrant(partner.config, redirect, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
  await client.fetchUserInfo(partner.config, tokens.access_token, tokens.claims()?.sub as string);
  const rotated = await client.refreshTokenGrant(partner.config, tokens.refresh_token as string);
  await client.tokenIntrospection(partner.config, rotated.access_token);
  await client.tokenRevocation(partner.config, rotated.refresh_token as string);

  expect(await findAnywhere(db, [ADDRESS, '127.0.0.1', '::ffff:127', 'PartnerPrivacyProbe'].filter(Boolean))).toEqual([
    // The member's own sessions keep their user agent (Session.userAgent); nothing of the partner flow does.
    'public.member_session.user_agent holds PartnerPrivacyProbe',
  ]);
  // The authorization server's rows hold no usable token and no e-mail address.
  const secrets = [
    tokens.access_token,
    tokens.refresh_token,
    rotated.access_token,
    rotated.refresh_token,
    member.email,
  ] as string[];
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM oauth_model WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE id = s OR payload::text LIKE '%' || s || '%')`,
    [secrets],
  );
  expect(rows[0].n).toBe(0);

  const text = mixx
    .logLines()
    .slice(startLines)
    .map((l) => JSON.stringify(l))
    .join('\n');
  for (const needle of [ADDRESS, '127.0.0.1', member.email, ...secrets, partner.clientSecret as string])
    expect(text).not.toContain(needle);
});
