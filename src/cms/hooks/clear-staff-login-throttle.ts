import type { CollectionAfterLoginHook } from 'payload';
import { succeededAsStaff } from '../staff-throttle.ts';

/** After a successful sign-in, the pair of account and client starts afresh (as for members). */
export const clearStaffLoginThrottle: CollectionAfterLoginHook = async ({ req, user }) => {
  if (req.payloadAPI !== 'local' && typeof user?.email === 'string') {
    await succeededAsStaff(req, 'staff-login', user.email.toLowerCase());
  }
  return user;
};
