import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Config } from '../../config.ts';
import { deriveKey } from '../crypto/keys.ts';

/**
 * The ledger's Ed25519 keys: the seed of version v is HKDF(MIXX_SECRET, "ledger-signing-v<v>"),
 * never stored anywhere, so a database superuser cannot re-sign a rewritten ledger. Every version up
 * to MIXX_LEDGER_KEY_VERSION stays published, so old checkpoints and receipts keep verifying.
 */
export type LedgerKey = {
  version: number;
  privateKey: KeyObject;
  /** The 32 raw bytes of the public key. */
  publicKey: Buffer;
  /** C2SP signed-note key hash: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes. */
  keyHash: Buffer;
  /** The hex key hash: the JWK's `kid` and the receipt header's. */
  kid: string;
};

export type LedgerKeys = {
  /** The checkpoint origin and note key name: `<PUBLIC_URL host>/mixx-ledger`. */
  origin: string;
  current: LedgerKey;
  all: LedgerKey[];
  byKid: (kid: string) => LedgerKey | undefined;
};

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): node:crypto imports no bare seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519FromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: Buffer } {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: Buffer.from(jwk.x as string, 'base64url') };
}

export function noteKeyHash(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([1]), publicKey]))
    .digest()
    .subarray(0, 4);
}

export const ledgerOrigin = (publicUrl: string): string => `${new URL(publicUrl).host}/mixx-ledger`;

const cache = new WeakMap<Config, LedgerKeys>();

/** The keys of this configuration (derived once per Config). */
export function ledgerKeys(config: Config): LedgerKeys {
  let keys = cache.get(config);
  if (!keys) {
    const origin = ledgerOrigin(config.publicUrl);
    const all = Array.from({ length: config.ledgerKeyVersion }, (_, i) => {
      const version = i + 1;
      const { privateKey, publicKey } = ed25519FromSeed(deriveKey(config.secret, `ledger-signing-v${version}`));
      const keyHash = noteKeyHash(origin, publicKey);
      return { version, privateKey, publicKey, keyHash, kid: keyHash.toString('hex') };
    });
    keys = {
      origin,
      all,
      current: all[all.length - 1] as LedgerKey,
      byKid: (kid) => all.find((k) => k.kid === kid),
    };
    cache.set(config, keys);
  }
  return keys;
}

/** `/.well-known/jwks.json`: every key version, newest first. */
export function jwks(keys: LedgerKeys): { keys: Record<string, string>[] } {
  return {
    keys: [...keys.all].reverse().map((k) => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: k.publicKey.toString('base64url'),
      kid: k.kid,
      alg: 'EdDSA',
      use: 'sig',
    })),
  };
}
