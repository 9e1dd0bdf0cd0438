import type { EntityManager } from '@mikro-orm/postgresql';
import type { Member } from '../../entities/member.entity.ts';
import { EmailNotVerifiedError, NotFoundError, QuotaExceededError } from '../../errors/errors.ts';
import type { AppServices } from '../app-services.ts';
import { checkFirst, decodeCursor, type Page, toPage } from '../common/pagination.ts';
import { PolicyConsentService } from '../consent/policy-consent.service.ts';
import { deriveKey } from '../crypto/keys.ts';
import { nextUtcDay, type Quota, startOfUtcDay } from './quota.ts';
import { signTicket, TICKET_LIFETIME_SECONDS } from './tickets.ts';

export type IssuedTicket = { url: string; expiresAt: Date; trackId: number };
export type DownloadRow = { id: string; trackId: number; requestedAt: Date };

/**
 * Downloads: the gate, the quota and the ticket. A ticket is one download in the quota, the
 * history and the charts; fetching its file again (HEAD, ranges, resumes) adds nothing.
 */
export class DownloadService {
  private readonly ticketKey: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly app: AppServices,
  ) {
    this.ticketKey = deriveKey(app.config.secret, 'download-tickets');
  }

  /**
   * Refuses, in this order: e-mail not verified, a policy pending, quota used up (the caller has
   * already refused an anonymous request). The quota holds under concurrency: the member's row is
   * locked while today's downloads are counted and the new one is written.
   */
  async request(member: Member, trackId: number, now = new Date()): Promise<IssuedTicket> {
    if (!member.emailVerifiedAt) throw new EmailNotVerifiedError();
    await new PolicyConsentService(this.em).assertNothingPending(member);
    const downloadId = await this.em.transactional(async (em) => {
      const sql = em.getConnection();
      const ctx = em.getTransactionContext();
      const tracks: unknown[] = await sql.execute(
        'SELECT 1 FROM track t JOIN audio_file f ON f.track_id = t.id WHERE t.id = ?',
        [trackId],
        'all',
        ctx,
      );
      if (tracks.length === 0) throw new NotFoundError('No such track.');
      const locked: { plan: 'free' | 'premium' }[] = await sql.execute(
        'SELECT plan FROM member WHERE id = ? FOR UPDATE',
        [member.id],
        'all',
        ctx,
      );
      if (locked[0]?.plan !== 'premium') {
        const used = await this.usedToday(em, member.id, now);
        if (used >= this.app.config.freeDownloadsPerDay) throw new QuotaExceededError(nextUtcDay(now));
      }
      const rows: { id: string }[] = await sql.execute(
        'INSERT INTO download (member_id, track_id) VALUES (?, ?) RETURNING id',
        [member.id, trackId],
        'all',
        ctx,
      );
      return (rows[0] as { id: string }).id;
    });
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + TICKET_LIFETIME_SECONDS * 1000);
    const ticket = signTicket(this.ticketKey, { downloadId, trackId, expiresAt, memberId: member.id });
    return { url: `${this.app.config.publicUrl}/downloads/${ticket}`, expiresAt, trackId };
  }

  async quota(member: Member, now = new Date()): Promise<Quota> {
    const resetsAt = nextUtcDay(now);
    const used = await this.usedToday(this.em, member.id, now);
    if (member.plan === 'premium') return { plan: 'premium', limit: null, used, remaining: null, resetsAt };
    const limit = this.app.config.freeDownloadsPerDay;
    return { plan: 'free', limit, used, remaining: Math.max(0, limit - used), resetsAt };
  }

  /** The member's downloads, newest first, with cursors on (time, id). */
  async history(member: Member, opts: { first: number; after?: string | null }): Promise<Page<DownloadRow>> {
    const first = checkFirst(opts.first);
    const cursor = decodeCursor(opts.after);
    const sql = this.em.getConnection();
    const params: unknown[] = [member.id];
    let keyset = '';
    if (cursor) {
      keyset = 'AND (requested_at, id) < (?::timestamptz, ?::uuid)';
      params.push(String(cursor[0]), String(cursor[1]));
    }
    const [rows, total] = await Promise.all([
      sql.execute(
        `SELECT id, track_id, requested_at FROM download WHERE member_id = ? ${keyset} ORDER BY requested_at DESC, id DESC LIMIT ${first + 1}`,
        params,
      ) as Promise<{ id: string; track_id: number; requested_at: Date }[]>,
      sql.execute('SELECT count(*)::int AS n FROM download WHERE member_id = ?', [member.id]) as Promise<{ n: number }[]>,
    ]);
    return toPage({
      rows: rows.map((r) => ({ id: r.id, trackId: r.track_id, requestedAt: new Date(r.requested_at) })),
      first,
      totalCount: total[0]?.n ?? 0,
      hasPrevious: cursor != null,
      cursorOf: (r) => [r.requestedAt.toISOString(), r.id],
    });
  }

  async byId(member: Member, downloadId: string): Promise<DownloadRow | null> {
    const rows: { id: string; track_id: number; requested_at: Date }[] = await this.em
      .getConnection()
      .execute('SELECT id, track_id, requested_at FROM download WHERE id = ? AND member_id = ?', [downloadId, member.id]);
    const row = rows[0];
    return row ? { id: row.id, trackId: row.track_id, requestedAt: new Date(row.requested_at) } : null;
  }

  private async usedToday(em: EntityManager, memberId: string, now: Date): Promise<number> {
    const rows: { n: number }[] = await em
      .getConnection()
      .execute(
        'SELECT count(*)::int AS n FROM download WHERE member_id = ? AND requested_at >= ?',
        [memberId, startOfUtcDay(now)],
        'all',
        em.getTransactionContext(),
      );
    return rows[0]?.n ?? 0;
  }
}
