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
