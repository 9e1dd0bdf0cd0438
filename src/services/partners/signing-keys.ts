import { createECDH, createHash } from 'node:crypto';
import { deriveKey } from '../crypto/keys.ts';

// The order of the P-256 group: a private scalar must lie in [1, n - 1].
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export type SigningJwk = { kty: 'EC'; crv: 'P-256'; d: string; x: string; y: string; use: 'sig'; alg: 'ES256'; kid: string };

/**
 * The authorization server's ID-token signing key (ES256), derived from MIXX_SECRET: never a second
 * secret to manage, never in the database, and not the ledger's key (another HKDF purpose). 48
 * bytes reduced modulo the group order keep the bias below 2^-128 (FIPS 186-5, A.2.1).
 */
export function oauthSigningJwk(secret: string): SigningJwk {
  const seed = BigInt(`0x${deriveKey(secret, 'oauth-signing', 48).toString('hex')}`);
  const scalar = (seed % (P256_ORDER - 1n)) + 1n;
  const d = Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const x = point.subarray(1, 33).toString('base64url');
  const y = point.subarray(33, 65).toString('base64url');
  // RFC 7638 thumbprint: members in lexicographic order, no spaces.
  const kid = createHash('sha256').update(`{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`).digest('base64url');
  return { kty: 'EC', crv: 'P-256', d: d.toString('base64url'), x, y, use: 'sig', alg: 'ES256', kid };
}
