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
  | 'outbox-tags';

export function deriveKey(secret: string, purpose: KeyPurpose, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'mixx', `mixx:${purpose}`, length));
}

export function hmacHex(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}
