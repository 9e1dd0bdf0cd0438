import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryReport } from './delivery.service.ts';

/** The announcements area's SQL, every value a parameter. */
const run = <T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

/** The next consenting members who have no delivery of this announcement yet. */
export function nextRecipients(em: EntityManager, announcementId: string): Promise<{ id: string }[]> {
  return run(
    em,
    `SELECT m.id FROM member m
      WHERE m.email_consent = 'GRANTED'
        AND NOT EXISTS (SELECT 1 FROM announcement_delivery d WHERE d.announcement_id = ? AND d.member_id = m.id)
      ORDER BY m.id LIMIT ?`,
    [announcementId, 100],
  );
}

/**
 * Records one recipient, re-checking the consent in the same statement; undefined when the member
 * withdrew meanwhile or was recorded already.
 */
export async function recordRecipient(
  em: EntityManager,
  opts: { announcementId: string; memberId: string; tokenHash: string },
): Promise<{ id: string; email: string; display_name: string } | undefined> {
  const rows = await run<{ id: string; email: string; display_name: string }>(
    em,
    `WITH r AS (
       INSERT INTO announcement_delivery (announcement_id, member_id, unsubscribe_token_hash)
       SELECT ?, m.id, ? FROM member m WHERE m.id = ? AND m.email_consent = 'GRANTED'
       ON CONFLICT ON CONSTRAINT announcement_delivery_once DO NOTHING
       RETURNING id, member_id)
     SELECT r.id, m.email, m.display_name FROM r JOIN member m ON m.id = r.member_id`,
    [opts.announcementId, opts.tokenHash, opts.memberId],
  );
  return rows[0];
}

export async function markDelivery(em: EntityManager, deliveryId: string, status: 'sent' | 'failed'): Promise<void> {
  await run(
    em,
    status === 'sent'
      ? `UPDATE announcement_delivery SET status = 'sent', sent_at = now() WHERE id = ?`
      : `UPDATE announcement_delivery SET status = 'failed' WHERE id = ?`,
    [deliveryId],
  );
}

export async function deliveryCounts(em: EntityManager, announcementId: string): Promise<DeliveryReport> {
  const rows = await run<DeliveryReport>(
    em,
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'queued')::int AS interrupted,
            (SELECT count(*)::int FROM member WHERE email_consent = 'GRANTED') AS consenting
       FROM announcement_delivery WHERE announcement_id = ?`,
    [announcementId],
  );
  return rows[0] as DeliveryReport;
}

/** How many consenting members this announcement has not reached. */
export async function unreachedCount(em: EntityManager, announcementId: string): Promise<number> {
  const rows = await run<{ n: number }>(
    em,
    `SELECT count(*)::int AS n FROM member m WHERE m.email_consent = 'GRANTED'
        AND NOT EXISTS (SELECT 1 FROM announcement_delivery d WHERE d.announcement_id = ? AND d.member_id = m.id AND d.status = 'sent')`,
    [announcementId],
  );
  return rows[0]?.n ?? 0;
}
