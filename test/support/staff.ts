import { randomBytes } from 'node:crypto';
import type { Payload } from 'payload';
import { createStaff } from '../../src/cms/staff.ts';

/** A new staff member with a unique address, and the password to sign in with. */
export async function makeStaff(payload: Payload, role: 'admin' | 'editor' = 'editor') {
  const email = `staff-${randomBytes(4).toString('hex')}@mixx.test`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const user = await createStaff(payload, { email, password, role });
  return { user, email, password };
}

/**
 * Signs a staff member in over REST and returns what a browser would send afterwards: the sealed
 * session cookie, and an Origin that Payload's CSRF check accepts (the instance's PUBLIC_URL).
 */
export async function staffSession(
  mixx: { url: string; config: { publicUrl: string } },
  who: { email: string; password: string },
) {
  const origin = new URL(mixx.config.publicUrl).origin;
  const response = await fetch(`${mixx.url}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  if (response.status !== 200) throw new Error(`staff login answered ${response.status}: ${await response.text()}`);
  const cookie = (response.headers.getSetCookie().find((c) => c.startsWith('payload-token=')) ?? '').split(';')[0] as string;
  return { cookie, origin, headers: { cookie, origin } };
}
