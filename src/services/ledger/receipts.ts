import { CompactSign } from 'jose';
import type { LedgerKey } from './signing-keys.ts';

/** The Kantara Consent Receipt v1.1 fields of an entry, as the data export writes them. */
export type KantaraFields = Record<string, unknown>;

export const RECEIPT_TYPE = 'consent-receipt+jwt';

/**
 * A consent receipt a member can check offline (examples/verify-receipt): a compact JWS (EdDSA,
 * header `kid` and `typ`) over the Kantara fields, the entry's leaf (its canonical JSON), the
 * inclusion proof of that leaf, and the signed note of the checkpoint the proof leads to.
 */
export async function signReceipt(
  key: LedgerKey,
  parts: {
    kantara: KantaraFields;
    leaf: string;
    proof: { leafIndex: number; treeSize: number; path: string[] };
    checkpoint: string;
  },
): Promise<string> {
  const payload = {
    ...parts.kantara,
    iat: Math.floor(Date.now() / 1000),
    leaf: parts.leaf,
    inclusionProof: parts.proof,
    checkpoint: parts.checkpoint,
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: RECEIPT_TYPE })
    .sign(key.privateKey);
}
