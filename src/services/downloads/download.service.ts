import { EmailNotVerifiedError, NotFoundError, QuotaExceededError } from '../../errors/errors.ts';
import { isUuid } from '../common/global-id.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type Page, toPage } from '../common/keyset.ts';
import { deriveKey } from '../crypto/keys.ts';
import type { Scope } from '../scope.ts';
import {
  countDownloads,
  countSince,
  type DownloadRow,
  downloadsByIds,
  downloadsPage,
  insertDownload,
  lockPlan,
  type TicketFile,
  ticketFile,
  trackHasFile,
} from './download.queries.ts';
import { nextUtcDay, type Quota, startOfUtcDay } from './quota.ts';
import { isAuthentic, readTicket, signTicket, TICKET_LIFETIME_SECONDS } from './tickets.ts';

export type { DownloadRow } from './download.queries.ts';
export type IssuedTicket = { url: string; expiresAt: Date; trackId: number };

/** A member's downloads, newest first. */
const NEWEST: KeysetOrder = { tag: 'dl', sortKey: 'requested_at', sortType: 'timestamp', idType: 'uuid', descending: true };

/**
 * Downloads: the gate, the quota and the ticket. A ticket is one download in the quota, the
 * history and the charts; fetching its file again (HEAD, ranges, resumes) adds nothing.
 */
export class DownloadService {
  private readonly ticketKey: Buffer;

  constructor(private readonly scope: Scope) {
    this.ticketKey = deriveKey(scope.runtime.config.secret, 'download-tickets');
  }

  /**
   * Refuses, in this order: not a member (the access check), e-mail not verified, a policy
   * pending, quota used up. The quota holds under concurrency: the member's row is locked while
   * today's downloads are counted and the new one is written.
   */
  async request(trackId: number, now = new Date()): Promise<IssuedTicket> {
    const { member } = await this.scope.require('downloads.write');
    if (!member.emailVerifiedAt) throw new EmailNotVerifiedError();
    await this.scope.policyConsent.assertNothingPending(member);
    const downloadId = await this.scope.em.transactional(async (em) => {
      if (!(await trackHasFile(em, trackId))) throw new NotFoundError('No such track.');
      // The plan as it is now, not as the session found it: an upgrade or an end applies at once.
      const limit = this.limitOf(await lockPlan(em, member.id));
      if (limit !== null && (await countSince(em, member.id, startOfUtcDay(now))) >= limit) {
        throw new QuotaExceededError(nextUtcDay(now));
      }
      return insertDownload(em, member.id, trackId);
    });
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + TICKET_LIFETIME_SECONDS * 1000);
    const ticket = signTicket(this.ticketKey, { downloadId, trackId, expiresAt, memberId: member.id });
    return { url: `${this.scope.runtime.config.publicUrl}/downloads/${ticket}`, expiresAt, trackId };
  }

  async quota(now = new Date()): Promise<Quota> {
    const { member } = await this.scope.require('downloads.read');
    const resetsAt = nextUtcDay(now);
    const used = await countSince(this.scope.em, member.id, startOfUtcDay(now));
    const plan = member.plan === 'premium' ? 'premium' : 'free';
    const limit = this.limitOf(plan);
    return { plan, limit, used, remaining: limit === null ? null : Math.max(0, limit - used), resetsAt };
  }

  /** A plan's downloads per UTC day; null: no limit (PREMIUM, unless MIXX_PREMIUM_DOWNLOADS_PER_DAY). */
  private limitOf(plan: 'free' | 'premium' | undefined): number | null {
    const { config } = this.scope.runtime;
    return plan === 'premium' ? config.premiumDownloadsPerDay : config.freeDownloadsPerDay;
  }

  /** The member's downloads, newest first, with cursors on (time, id). */
  async history(opts: { first: number; after?: string | null }): Promise<Page<DownloadRow>> {
    const { member } = await this.scope.require('downloads.read');
    const first = checkFirst(opts.first);
    const after = decodeKeyset<string>(NEWEST, opts.after);
    // Cursors and ids are in the actor's own terms (a partner's are partner-scoped: Scope.outwardId).
    const afterId = after && this.scope.inwardId(after.id);
    const [rows, totalCount] = await Promise.all([
      downloadsPage(this.scope.em, {
        memberId: member.id,
        after: after && afterId ? { requestedAt: String(after.sortKey), id: afterId } : null,
        limit: first + 1,
      }),
      countDownloads(this.scope.em, member.id),
    ]);
    return toPage({
      rows: rows.map((row) => {
        const node = { ...row, id: this.scope.outwardId(row.id) };
        return { id: node.id, sortKey: node.requestedAt, node };
      }),
      first,
      order: NEWEST,
      hasPrevious: after != null,
      totalCount,
      map: (r) => r.node,
    });
  }

  /** One of the member's downloads; null for any other id. */
  async byId(id: string): Promise<DownloadRow | null> {
    const downloadId = this.scope.inwardId(id);
    if (!downloadId) return null;
    await this.scope.require('downloads.read', { kind: 'download', ids: [downloadId] });
    const row = (await downloadsByIds(this.scope.em, [downloadId]))[0];
    return row ? { ...row, id: this.scope.outwardId(row.id) } : null;
  }

  /**
   * The file a ticket opens, for anyone holding it (the ticket is the proof): `invalid` when it
   * is forged, tampered or names no download of its member, `expired` after its time.
   */
  async fileOfTicket(
    raw: string,
    now = new Date(),
  ): Promise<{ status: 'invalid' } | { status: 'expired' } | { status: 'ok'; file: TicketFile }> {
    const ticket = readTicket(raw);
    if (!ticket || !isUuid(ticket.downloadId)) return { status: 'invalid' };
    const file = await ticketFile(this.scope.em, ticket.downloadId);
    if (!file?.memberId || file.trackId !== ticket.trackId || !isAuthentic(this.ticketKey, ticket, file.memberId)) {
      return { status: 'invalid' };
    }
    if (ticket.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
    return { status: 'ok', file };
  }
}
