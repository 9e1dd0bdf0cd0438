import { AuthenticationError, type CollectionBeforeOperationHook } from 'payload';
import { verifyAgainstDummy } from '../payload-password.ts';
import { attemptAsStaff } from '../staff-throttle.ts';

/**
 * Staff sign-in over REST passes the members' throttle, and an unknown address costs what a wrong
 * password costs: Payload derives a hash only for an existing account (0.6–1.0 s against 0.03 s),
 * so an address without one is looked up again and derived against a dummy hash, as Payload
 * would have done for an existing one, before the same error. Empty fields
 * go on to Payload's own "required" answer. Server code (Local API) is not throttled.
 */
export const throttleStaffLogin: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'login' || req.payloadAPI === 'local') return args;
  const email = typeof args.data?.email === 'string' ? args.data.email.toLowerCase().trim() : '';
  const password = typeof args.data?.password === 'string' ? args.data.password : '';
  if (!email || !password.trim()) return args;
  await attemptAsStaff(req, 'staff-login', email);
  const lookUp = () => req.payload.db.findOne({ collection: 'staff', req, where: { email: { equals: email } } });
  if (!(await lookUp())) {
    // What an existing address costs from here: Payload's own lookup (the same query), then the derivation.
    await lookUp();
    await verifyAgainstDummy(password);
    throw new AuthenticationError(req.t);
  }
  return args;
};
