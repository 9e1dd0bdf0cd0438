import { createHmac, hkdfSync } from 'node:crypto';

/** Purpose-bound keys derived from MIXX_SECRET (HKDF-SHA256): one secret to manage, never reused across purposes. */
export type KeyPurpose =
  | 'payload'
  | 'staff-cookie'
  | 'download-tickets'
  | 'email-tokens'
  | 'session-tokens'
  | 'rate-limit'
  | 'pseudonyms'
  | 'outbox-tags'
  /** The ledger's Ed25519 signing key of one key version (src/services/ledger/signing-keys.ts). */
  | `ledger-signing-v${number}`
  | 'oauth-signing'
  | 'oauth-cookies'
  | 'oauth-forms'
  | 'pairwise'
  /** Partner-scoped ids of member-owned objects (src/services/partners/partner-ids.ts). */
  | 'partner-object-ids'
  | 'legal-disclosures';

export function deriveKey(secret: string, purpose: KeyPurpose, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'mixx', `mixx:${purpose}`, length));
}

export function hmacHex(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}
