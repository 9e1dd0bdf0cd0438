import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
// @ts-expect-error the example is plain JavaScript, as a partner would write it
import { signInWithMixx } from '../examples/partner-app/partner-app.mjs';
import { createPartner } from '../src/services/partners/partner-create.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { Browser, formOf, freePort } from './support/partners.ts';
import { startStack, stopStack } from './support/stack.ts';

let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  ({ mixx, smtp, db } = await startStack({ env: { PUBLIC_URL: origin }, port, withAdmin: false }));
});
afterAll(() => stopStack({ mixx, smtp, db }));

it("the README's partner app (examples/partner-app) signs a member in, reads what was allowed, and the member revokes it", async () => {
  const member = await makeMember(mixx, smtp, { displayName: 'Example Listener' });
  const callbackPort = await freePort();
  const redirectUri = `http://localhost:${callbackPort}/callback`;
  const partner = await createPartner(mixx.payload, {
    name: 'Example Partner',
    redirectUris: [redirectUri],
    scopes: ['openid', 'profile', 'offline_access'],
    isPublic: false,
  });

  const result = await signInWithMixx({
    issuer: `${origin}/oauth`,
    clientId: partner.clientId,
    clientSecret: partner.clientSecret,
    redirectUri,
    scope: 'openid profile offline_access',
    // The member's browser: Mixx's sign-in and consent pages, then back to the app.
    open: async (url: string) => {
      const browser = new Browser(origin);
      const signIn = formOf((await browser.go(url)).html, '/login');
      const consent = await browser.go(signIn.action, {
        method: 'POST',
        form: { ...signIn.fields, email: member.email, password: member.password },
      });
      const form = formOf(consent.html, '/consent');
      const done = await browser.go(form.action, {
        method: 'POST',
        form: { ...form.fields, decision: 'allow', scope: ['profile', 'offline_access'] },
      });
      await fetch(done.redirect as URL);
    },
  });
  expect(result.userinfo).toEqual({ sub: result.claims.sub, name: 'Example Listener' });
  expect(result.refreshed?.refresh_token).toBeDefined();

  const grants = await mixx.gql('{ me { partnerGrants { id partner { name } } } }', {}, member.auth);
  expect(grants.data.me.partnerGrants.map((g: { partner: { name: string } }) => g.partner.name)).toEqual(['Example Partner']);
  const revoked = await mixx.gql(
    'mutation($id: ID!) { revokePartnerGrant(id: $id) }',
    { id: grants.data.me.partnerGrants[0].id },
    member.auth,
  );
  expect(revoked.data).toEqual({ revokePartnerGrant: true });
  const after = await fetch(`${origin}/oauth/me`, { headers: { authorization: `Bearer ${result.refreshed.access_token}` } });
  expect(after.status).toBe(401);
});
