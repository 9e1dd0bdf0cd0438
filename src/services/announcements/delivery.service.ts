import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppServices } from '../app-services.ts';
import { mailFailure } from '../mail/mailer.ts';
import { pageLink } from '../members/links.ts';
import { renderPolicyBody } from '../policies/policy-snapshot.ts';
import { hashToken, newToken } from '../security/tokens.ts';

export type Announcement = { id: string; subject: string; body: unknown };
/** `interrupted`: recorded, but whether the message left is unknown (a crash); never retried. */
export type DeliveryReport = { sent: number; failed: number; interrupted: number; consenting: number };

/** Mails a second by default: enough for a small service, gentle with any relay. */
export const DEFAULT_MAILS_PER_SECOND = 20;

/**
 * Sends an announcement to every member whose e-mail consent is GRANTED, at most once each.
 *
 * Each recipient is recorded (with the hash of a personal unsubscribe token) before the message
 * leaves, in a statement that re-checks the consent at that moment: a member who withdrew a second
 * before is not recorded and gets nothing, and a re-run after a crash skips everyone recorded,
 * whether their message left or not. Paced, so that a large list does not flood the relay.
 */
export async function deliverAnnouncement(
  em: EntityManager,
  app: AppServices,
  announcement: Announcement,
  opts: { mailsPerSecond?: number; onProgress?: (report: DeliveryReport) => void } = {},
): Promise<DeliveryReport> {
  const { html, text } = renderPolicyBody(announcement.body);
  const interval = 1000 / (opts.mailsPerSecond ?? DEFAULT_MAILS_PER_SECOND);
  const sql = em.getConnection();
  for (;;) {
    const batch: { id: string }[] = await sql.execute(
      `SELECT m.id FROM member m
        WHERE m.email_consent = 'GRANTED'
          AND NOT EXISTS (SELECT 1 FROM announcement_delivery d WHERE d.announcement_id = ? AND d.member_id = m.id)
        ORDER BY m.id LIMIT 100`,
      [announcement.id],
    );
    if (batch.length === 0) break;
    for (const { id } of batch) {
      const started = Date.now();
      const token = newToken();
      const recorded: { id: string; email: string; display_name: string }[] = await sql.execute(
        `WITH r AS (
           INSERT INTO announcement_delivery (announcement_id, member_id, unsubscribe_token_hash)
           SELECT ?, m.id, ? FROM member m WHERE m.id = ? AND m.email_consent = 'GRANTED'
           ON CONFLICT ON CONSTRAINT announcement_delivery_once DO NOTHING
           RETURNING id, member_id)
         SELECT r.id, m.email, m.display_name FROM r JOIN member m ON m.id = r.member_id`,
        [announcement.id, hashToken(token), id],
      );
      const delivery = recorded[0];
      if (!delivery) continue;
      const unsubscribe = pageLink(app.config.publicUrl, 'unsubscribe', token);
      try {
        await app.mailer.send({
          to: delivery.email,
          template: 'announcement',
          values: { displayName: delivery.display_name, subject: announcement.subject, text, unsubscribe },
          rawHtml: { body: html },
          headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        await sql.execute(`UPDATE announcement_delivery SET status = 'sent', sent_at = now() WHERE id = ?`, [delivery.id]);
      } catch (error) {
        await sql.execute(`UPDATE announcement_delivery SET status = 'failed' WHERE id = ?`, [delivery.id]);
        app.log.error({ msg: 'announcement mail failed', announcement: announcement.id, ...mailFailure(error) });
      }
      opts.onProgress?.(await deliveryReport(em, announcement.id));
      const wait = interval - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
  return deliveryReport(em, announcement.id);
}

export async function deliveryReport(em: EntityManager, announcementId: string): Promise<DeliveryReport> {
  const rows: DeliveryReport[] = await em.getConnection().execute(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'queued')::int AS interrupted,
            (SELECT count(*)::int FROM member WHERE email_consent = 'GRANTED') AS consenting
       FROM announcement_delivery WHERE announcement_id = ?`,
    [announcementId],
  );
  return rows[0] as DeliveryReport;
}
