import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashToken, isWellFormedToken, newToken } from '../security/tokens.ts';

/** 128 random bits, URL-safe: an identifier, not a secret. */
export const newClientId = (): string => `mixx-${randomBytes(16).toString('base64url')}`;

/** 256 random bits, shown once; only its hash is stored (a fast hash suffices, see tokens.ts). */
export const newClientSecret = (): string => newToken();

export const hashClientSecret = (secret: string): string => hashToken(secret);

/** Replaces oidc-provider's plain-text comparison: the stored value is the secret's hash. */
export function clientSecretMatches(storedHash: string | undefined, given: unknown): boolean {
  if (typeof storedHash !== 'string' || typeof given !== 'string' || !isWellFormedToken(given)) return false;
  const expected = Buffer.from(storedHash, 'utf8');
  const actual = Buffer.from(hashClientSecret(given), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
