import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CookiePreferences } from '../../entities/cookie-preferences.entity.ts';
import type { Member } from '../../entities/member.entity.ts';
import { BadUserInputError } from '../../errors/errors.ts';
import type { AppServices } from '../app-services.ts';
import { isUuid } from '../common/global-id.ts';
import type { ClientKey } from '../security/client-keys.ts';
import { recordConsent } from './ledger.ts';

export type CookieChoices = { visitorId: string | null; preferences: boolean; analytics: boolean; updatedAt: Date | null };

export const VISITOR_RETENTION_MONTHS = 13;

/**
 * Cookie choices: necessary cookies are always on; preferences and analytics are the member's or
 * the visitor's choice. A member's changes are COOKIES_SET ledger entries; an anonymous visitor is
 * a random id and nothing else, linked to nobody.
 */
export class CookiePreferencesService {
  constructor(
    private readonly em: EntityManager,
    private readonly app: Pick<AppServices, 'throttle'>,
  ) {}

  async ofMember(member: Member): Promise<CookieChoices> {
    const row = await this.em.findOne(CookiePreferences, { member: member.id });
    return row ? choices(row, null) : { visitorId: null, preferences: false, analytics: false, updatedAt: null };
  }

  /** A visitor's choices, or null for an id never seen (or purged). */
  async ofVisitor(visitorId: string, field = 'visitorId'): Promise<CookieChoices | null> {
    const row = await this.em.findOne(CookiePreferences, { visitorId: checkVisitorId(visitorId, field) });
    return row && choices(row, row.visitorId ?? null);
  }

  async setForMember(
    member: Member,
    input: { preferences: boolean; analytics: boolean },
    source: 'settings' | 'prompt' = 'settings',
  ): Promise<CookieChoices> {
    return this.em.transactional(async (em) => {
      // The member's row is the lock: concurrent identical choices wait here, and all but the
      // first then find nothing to change (no second ledger entry, no duplicate-key error).
      await em
        .getConnection()
        .execute('SELECT 1 FROM member WHERE id = ? FOR UPDATE', [member.id], 'all', em.getTransactionContext());
      let row = await em.findOne(CookiePreferences, { member: member.id }, { refresh: true });
      if (row && row.preferences === input.preferences && row.analytics === input.analytics) return choices(row, null);
      row ??= em.create(CookiePreferences, {
        id: randomUUID(),
        member: member.id,
        preferences: input.preferences,
        analytics: input.analytics,
        updatedAt: new Date(),
      });
      row.preferences = input.preferences;
      row.analytics = input.analytics;
      row.updatedAt = new Date();
      await em.flush();
      await recordConsent(em, {
        member,
        kind: 'COOKIES_SET',
        source,
        detail: { preferences: input.preferences, analytics: input.analytics },
      });
      return choices(row, null);
    });
  }

  /**
   * Updates a known visitor's choices (an equal choice writes nothing), or starts a new visitor
   * with a new random id; new visitors are throttled per client, so that a script cannot fill
   * the table.
   */
  async setForVisitor(input: {
    visitorId?: string | null;
    preferences: boolean;
    analytics: boolean;
    client: ClientKey;
  }): Promise<CookieChoices> {
    const known = input.visitorId
      ? await this.em.findOne(CookiePreferences, { visitorId: checkVisitorId(input.visitorId, 'input.visitorId') })
      : null;
    if (known && known.preferences === input.preferences && known.analytics === input.analytics) {
      return choices(known, known.visitorId ?? null);
    }
    if (!known) await this.app.throttle.attempt('new-visitor', { client: input.client });
    const row =
      known ??
      this.em.create(CookiePreferences, {
        id: randomUUID(),
        visitorId: randomUUID(),
        preferences: false,
        analytics: false,
        updatedAt: new Date(),
      });
    row.preferences = input.preferences;
    row.analytics = input.analytics;
    row.updatedAt = new Date();
    await this.em.flush();
    return choices(row, row.visitorId ?? null);
  }

  /** At sign-in: a visitor's choices become the member's when the member has made none. */
  async carryOver(member: Member, visitorId: string | undefined): Promise<void> {
    if (!visitorId || !isUuid(visitorId)) return;
    const visitor = await this.em.findOne(CookiePreferences, { visitorId });
    if (!visitor || (await this.em.count(CookiePreferences, { member: member.id }))) return;
    await this.setForMember(member, { preferences: visitor.preferences, analytics: visitor.analytics }, 'prompt');
  }
}

/** Anonymous visitors' records go 13 months after their last change. */
export function purgeStaleVisitors(em: EntityManager, now = new Date()): Promise<number> {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - VISITOR_RETENTION_MONTHS);
  return em.nativeDelete(CookiePreferences, { visitorId: { $ne: null }, updatedAt: { $lt: cutoff } });
}

function checkVisitorId(visitorId: string, field: string): string {
  if (!isUuid(visitorId)) throw new BadUserInputError('Not a visitor id.', field);
  return visitorId;
}

function choices(row: CookiePreferences, visitorId: string | null): CookieChoices {
  return { visitorId, preferences: row.preferences, analytics: row.analytics, updatedAt: row.updatedAt };
}
