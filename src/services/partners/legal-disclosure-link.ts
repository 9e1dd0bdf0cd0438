import { createHmac, hkdfSync } from 'node:crypto';
import type { SqlQuery } from '../policies/policy-snapshot.ts';

// The CMS's hooks import this file: it stays free of the API's modules (entities, ORM).

/**
 * The pseudonymous link a legal-disclosure record keeps instead of the member's address: a keyed
 * hash of the member id (the key comes from Payload's secret, itself derived from MIXX_SECRET).
 * Given a member, staff can find their records; the record alone names nobody, and once the member
 * is erased nothing maps it back.
 */
export function legalDisclosureLink(payloadSecret: string, memberId: string): string {
  const key = Buffer.from(hkdfSync('sha256', payloadSecret, 'mixx', 'mixx:legal-disclosure-link', 32));
  return createHmac('sha256', key).update(memberId).digest('hex').slice(0, 32);
}

/** Written with the CMS record, in its transaction: whom to tell, and from when (now, when no delay). */
export async function scheduleNotice(
  query: SqlQuery,
  opts: { disclosureId: number; memberId: string; notifyAfter: Date | null },
): Promise<void> {
  await query(
    'INSERT INTO public.legal_disclosure_notice (disclosure_id, member_id, notify_after) VALUES ($1, $2, coalesce($3::timestamptz, now()))',
    [opts.disclosureId, opts.memberId, opts.notifyAfter?.toISOString() ?? null],
  );
}
