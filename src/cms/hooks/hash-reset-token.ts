import type { CollectionBeforeChangeHook } from 'payload';
import { hashResetToken, isHashedResetToken } from '../reset-token.ts';

/**
 * Payload writes the reset token it mails into `resetPasswordToken` through an ordinary update; keep
 * only its hash. The mail has already been composed from the plain token (see forgotPassword).
 */
export const hashStoredResetToken: CollectionBeforeChangeHook = ({ data }) => {
  const token: unknown = data?.resetPasswordToken;
  if (typeof token === 'string' && token && !isHashedResetToken(token)) {
    return { ...data, resetPasswordToken: hashResetToken(token) };
  }
  return data;
};
