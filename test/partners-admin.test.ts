import * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMixx, type TestMixx } from './support/mixx.ts';
import { freePort } from './support/partners.ts';
import { makeStaff, staffSession } from './support/staff.ts';

let mixx: TestMixx;
let issuer: string;

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://localhost:${port}/oauth`;
  mixx = await startTestMixx({ env: { PUBLIC_URL: `http://localhost:${port}` }, port });
});
afterAll(() => mixx?.close());

type Session = Record<string, string>;
const request = (method: string, session: Session, body?: unknown) => ({
  method,
  headers: { 'content-type': 'application/json', ...session },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** A staff session as the admin holds it: the sealed cookie, sent from the admin's origin. */
async function login(role: 'admin' | 'editor'): Promise<Session> {
  return (await staffSession(mixx, await makeStaff(mixx.payload, role))).headers;
}

it('admins register partners in the CMS; the secret is shown once and only its hash kept; editors get nothing', async () => {
  const admin = await login('admin');
  const editor = await login('editor');
  const partner = {
    name: 'Gig Finder',
    clientType: 'confidential',
    redirectUris: [{ url: 'https://gigs.example/callback' }],
    allowedScopes: ['openid', 'profile'],
    privacyPolicyUrl: 'https://gigs.example/privacy',
  };
  expect((await fetch(`${mixx.url}/api/partners`, request('POST', editor, partner))).status).toBe(403);
  const spanning = { ...partner, redirectUris: [{ url: 'https://gigs.example/a' }, { url: 'https://other.example/b' }] };
  expect((await fetch(`${mixx.url}/api/partners`, request('POST', admin, spanning))).status).toBe(400);

  const created = await fetch(`${mixx.url}/api/partners`, request('POST', admin, { ...partner, clientId: 'chosen-by-me' }));
  expect(created.status).toBe(201);
  const { doc } = (await created.json()) as { doc: Record<string, unknown> & { id: number; clientId: string } };
  expect(doc.clientId).toMatch(/^mixx-[A-Za-z0-9_-]{22}$/);
  expect(doc).not.toHaveProperty('clientSecretHash');

  expect((await fetch(`${mixx.url}/api/partners/${doc.id}/secret`, request('POST', editor))).status).toBe(403);
  const issued = await fetch(`${mixx.url}/api/partners/${doc.id}/secret`, request('POST', admin));
  expect(issued.status).toBe(201);
  const { clientSecret } = (await issued.json()) as { clientSecret: string };
  const read = await fetch(`${mixx.url}/api/partners/${doc.id}`, request('GET', admin));
  expect(JSON.stringify(await read.json())).not.toContain(clientSecret);

  // The secret authenticates the partner at the authorization server (introspection of nothing).
  const config = await client.discovery(new URL(issuer), doc.clientId, undefined, client.ClientSecretBasic(clientSecret), {
    execute: [client.allowInsecureRequests],
  });
  expect(await client.tokenIntrospection(config, 'no-such-token-0123456789')).toEqual({ active: false });
  const wrong = await client.discovery(new URL(issuer), doc.clientId, undefined, client.ClientSecretBasic(`${clientSecret}x`), {
    execute: [client.allowInsecureRequests],
  });
  await expect(client.tokenIntrospection(wrong, 'no-such-token-0123456789')).rejects.toThrow();

  expect((await fetch(`${mixx.url}/api/partners/${doc.id}`, request('DELETE', admin))).status).toBe(403);
  expect((await fetch(`${mixx.url}/api/partners`, request('GET', editor))).status).toBe(403);
});
