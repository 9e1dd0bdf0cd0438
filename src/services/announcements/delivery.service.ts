import { mailFailure } from '../mail/mailer.ts';
import { pageLink } from '../members/links.ts';
import { renderPolicyBody } from '../policies/policy-snapshot.ts';
import type { Scope } from '../scope.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { deliveryCounts, markDelivery, nextRecipients, recordRecipient } from './announcement.queries.ts';

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
  scope: Scope,
  announcement: Announcement,
  opts: { mailsPerSecond?: number; onProgress?: (report: DeliveryReport) => void } = {},
): Promise<DeliveryReport> {
  const { html, text } = renderPolicyBody(announcement.body);
  const interval = 1000 / (opts.mailsPerSecond ?? DEFAULT_MAILS_PER_SECOND);
  const { em, runtime } = scope;
  for (;;) {
    const batch = await nextRecipients(em, announcement.id);
    if (batch.length === 0) break;
    for (const { id } of batch) {
      const started = Date.now();
      const token = newToken();
      const delivery = await recordRecipient(em, { announcementId: announcement.id, memberId: id, tokenHash: hashToken(token) });
      if (!delivery) continue;
      const unsubscribe = pageLink(runtime.config.publicUrl, 'unsubscribe', token);
      try {
        await runtime.mailer.send({
          to: delivery.email,
          template: 'announcement',
          values: { displayName: delivery.display_name, subject: announcement.subject, text, unsubscribe },
          rawHtml: { body: html },
          headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        await markDelivery(em, delivery.id, 'sent');
      } catch (error) {
        await markDelivery(em, delivery.id, 'failed');
        runtime.log.error({ msg: 'announcement mail failed', announcement: announcement.id, ...mailFailure(error) });
      }
      opts.onProgress?.(await deliveryReport(em, announcement.id));
      const wait = interval - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
  return deliveryReport(em, announcement.id);
}

export function deliveryReport(em: Scope['em'], announcementId: string): Promise<DeliveryReport> {
  return deliveryCounts(em, announcementId);
}
