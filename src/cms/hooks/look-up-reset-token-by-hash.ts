import { type CollectionBeforeOperationHook, ValidationError } from 'payload';
import { hashResetToken } from '../reset-token.ts';
import { staffPasswordProblem } from '../staff-rules.ts';

/**
 * Payload 3.90's resetPassword reads `data` from its arguments before it runs this hook and then
 * looks the token up as it stands in that same object, so the hash replaces the token in place
 * (a new `data` object would go unseen). The staff password policy applies here too: Payload's
 * reset bypasses the collection's beforeValidate check of `password`.
 */
export const lookUpResetTokenByHash: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'resetPassword') return args;
  const data = args.data as { token?: unknown; password?: unknown };
  const problem = staffPasswordProblem(data.password);
  if (problem) {
    throw new ValidationError({ collection: 'staff', errors: [{ path: 'password', message: problem }] }, req.t);
  }
  // Even an empty token is hashed: no stored value is ever the hash of nothing that was sent.
  data.token = hashResetToken(typeof data.token === 'string' ? data.token : '');
  return args;
};
