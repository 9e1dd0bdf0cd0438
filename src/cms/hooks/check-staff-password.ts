import { type CollectionBeforeValidateHook, ValidationError } from 'payload';
import { staffPasswordProblem } from '../staff-rules.ts';

/** Applies the staff password policy wherever a password is set: create, account page, admin edit. */
export const checkStaffPassword: CollectionBeforeValidateHook = ({ data, operation, req }) => {
  const password: unknown = data?.password;
  if (password === undefined && operation === 'update') return data;
  const problem = staffPasswordProblem(password);
  if (problem) {
    throw new ValidationError({ collection: 'staff', errors: [{ path: 'password', message: problem }] }, req.t);
  }
  return data;
};
