import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Payload 3.90's local strategy (payload/dist/auth/strategies/local/generatePasswordSaltHash.js):
 * PBKDF2-HMAC-SHA256, 600,000 iterations, 32 bytes, a 32-byte hex salt, stored as
 * `pbkdf2-sha256-v1:<hex>`. Payload exports neither function, so the parameters are repeated here;
 * test/staff-security.test.ts recomputes a hash Payload stored with them, and fails if Payload
 * ever changes its algorithm.
 */
export const PAYLOAD_PASSWORD_HASH = {
  prefix: 'pbkdf2-sha256-v1:',
  iterations: 600_000,
  keyLength: 32,
  digest: 'sha256',
} as const;

export async function payloadPasswordHash(password: string, salt: string): Promise<Buffer> {
  const { iterations, keyLength, digest } = PAYLOAD_PASSWORD_HASH;
  return pbkdf2Async(password, salt, iterations, keyLength, digest);
}

let dummy: { salt: string; hash: Buffer } | undefined;

/**
 * The work Payload does for a wrong password, done for an address that has no account: the same
 * derivation and comparison, against a random hash nobody knows the password of. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= { salt: randomBytes(32).toString('hex'), hash: randomBytes(PAYLOAD_PASSWORD_HASH.keyLength) };
  const derived = await payloadPasswordHash(password, dummy.salt);
  timingSafeEqual(derived, dummy.hash);
  return false;
}
