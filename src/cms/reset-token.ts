import { createHash } from 'node:crypto';

const PREFIX = 'sha256:';

/**
 * What Mixx stores of a staff reset token: its SHA-256, marked so that a value is never hashed
 * twice. Payload's tokens carry 160 random bits, so a fast hash suffices. A client that sends a
 * stored value back gets it hashed again, which matches nothing: a read of the table opens no account.
 */
export const hashResetToken = (token: string): string => `${PREFIX}${createHash('sha256').update(token, 'utf8').digest('hex')}`;

export const isHashedResetToken = (value: string): boolean => value.startsWith(PREFIX);
