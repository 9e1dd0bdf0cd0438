import type { EntityManager } from '@mikro-orm/postgresql';
import type { Runtime } from '../runtime.ts';

/**
 * The job: e-mails each member whose disclosure's notice date has come, once. A notice is claimed
 * by one UPDATE (so several instances never mail twice) and released again if the mail fails.
 * `now` is a parameter so that tests need not wait for a clock.
 */
export async function sendDueLegalNotices(app: Runtime, now = new Date()): Promise<number> {
  const em = app.orm.em.fork();
  const due: { disclosure_id: number; email: string; display_name: string; authority: string; legal_basis: string }[] = await em
    .getConnection()
    .execute(
      `UPDATE legal_disclosure_notice n SET notified_at = now()
         FROM member m, cms.legal_disclosures d
        WHERE n.notified_at IS NULL AND n.notify_after <= ? AND m.id = n.member_id AND d.id = n.disclosure_id
        RETURNING n.disclosure_id, m.email, m.display_name, d.authority, d.legal_basis`,
      [now],
    );
  let sent = 0;
  for (const notice of due) {
    try {
      await app.mailer.send({
        to: notice.email,
        template: 'legal-disclosure',
        values: {
          displayName: notice.display_name,
          authority: notice.authority,
          legalBasis: notice.legal_basis,
          settingsLink: `${app.config.publicUrl}/`,
        },
      });
      sent++;
    } catch (error) {
      app.log.error({ msg: 'legal disclosure notice failed', error: (error as Error).name });
      await em
        .getConnection()
        .execute('UPDATE legal_disclosure_notice SET notified_at = NULL WHERE disclosure_id = ?', [notice.disclosure_id]);
    }
  }
  return sent;
}

/** Runs the job every minute (and shortly after start-up); several instances may run it. */
export function scheduleLegalNotices(app: Runtime, everyMs = 60_000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = sendDueLegalNotices(app).catch((error: Error) =>
      app.log.error({ msg: 'legal disclosure notices failed', error: error.name }),
    );
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}

/** The member's legal-obligation disclosures they may see now (for `me.disclosures`). */
export async function visibleLegalDisclosures(em: EntityManager, memberId: string, now = new Date()) {
  const rows: { id: number; authority: string; legal_basis: string; disclosed_at: Date; categories: string[] }[] = await em
    .getConnection()
    .execute(
      `SELECT d.id, d.authority, d.legal_basis, d.disclosed_at,
              coalesce((SELECT array_agg(c.value::text ORDER BY c."order") FROM cms.legal_disclosures_data_categories c WHERE c.parent_id = d.id), '{}') AS categories
         FROM legal_disclosure_notice n JOIN cms.legal_disclosures d ON d.id = n.disclosure_id
        WHERE n.member_id = ? AND n.notify_after <= ?
        ORDER BY d.disclosed_at DESC, d.id DESC`,
      [memberId, now],
    );
  return rows;
}
