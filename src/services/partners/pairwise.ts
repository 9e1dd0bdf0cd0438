import { createHmac } from 'node:crypto';
import { deriveKey } from '../crypto/keys.ts';

/**
 * A member's `sub` for one partner: a keyed hash of member and client id. Stable for the pair,
 * different for every partner (even two on one host), and no partner can compute another's.
 */
export class PairwiseIds {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = deriveKey(secret, 'pairwise');
  }

  subFor(memberId: string, clientId: string): string {
    return createHmac('sha256', this.key).update(`${clientId}\u0000${memberId}`).digest('base64url').slice(0, 32);
  }
}
