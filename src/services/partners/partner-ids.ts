import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { deriveKey } from '../crypto/keys.ts';
import { PairwiseIds } from './pairwise.ts';

const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
const MAX_CACHED_KEYS = 1_000;

const toBytes = (uuid: string): Buffer | null => (UUID.test(uuid) ? Buffer.from(uuid.replaceAll('-', ''), 'hex') : null);
const toUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The ids a partner app knows a member and the member's objects by, so that no two partners can
 * join their data on any id:
 * - the member: the pairwise `sub` (an HMAC of member and client id, PairwiseIds);
 * - a member-owned object (a download): its UUID enciphered under a key of that partner's own, one
 *   AES block (a keyed permutation of 128 bits), written as a UUID again. It passes every check a
 *   UUID does (global ids, cursors) and turns back into the object's id only for that partner.
 */
export class PartnerIds {
  private readonly pairwise: PairwiseIds;
  private readonly objectKey: Buffer;
  private readonly keys = new Map<string, Buffer>();

  constructor(secret: string) {
    this.pairwise = new PairwiseIds(secret);
    this.objectKey = deriveKey(secret, 'partner-object-ids');
  }

  subFor(memberId: string, clientId: string): string {
    return this.pairwise.subFor(memberId, clientId);
  }

  /** The id this partner sees for an object's UUID. */
  outward(clientId: string, uuid: string): string {
    const bytes = toBytes(uuid);
    if (!bytes) throw new Error('not a UUID');
    const cipher = createCipheriv('aes-256-ecb', this.keyOf(clientId), null).setAutoPadding(false);
    return toUuid(Buffer.concat([cipher.update(bytes), cipher.final()]));
  }

  /** The object's UUID behind an id this partner was given; null when it is not a UUID at all. */
  inward(clientId: string, id: string): string | null {
    const bytes = toBytes(id);
    if (!bytes) return null;
    const decipher = createDecipheriv('aes-256-ecb', this.keyOf(clientId), null).setAutoPadding(false);
    return toUuid(Buffer.concat([decipher.update(bytes), decipher.final()]));
  }

  private keyOf(clientId: string): Buffer {
    let key = this.keys.get(clientId);
    if (!key) {
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      key = createHmac('sha256', this.objectKey).update(clientId).digest();
      this.keys.set(clientId, key);
    }
    return key;
  }
}
