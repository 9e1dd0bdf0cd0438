import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CookiePreferences } from '../../entities/cookie-preferences.entity.ts';
import type { Member } from '../../entities/member.entity.ts';
import { BadUserInputError } from '../../errors/errors.ts';
import { isUuid } from '../common/global-id.ts';
import { lockMember } from '../members/member.queries.ts';
import type { Scope } from '../scope.ts';
import { recordConsent } from './ledger.ts';

export type CookieChoices = { visitorId: string | null; preferences: boolean; analytics: boolean; updatedAt: Date | null };

export const VISITOR_RETENTION_MONTHS = 13;

/**
 * Cookie choices: necessary cookies are always on; preferences and analytics are the member's or
 * the visitor's choice. A member's changes are COOKIES_SET ledger entries; an anonymous visitor is
 * a random id and nothing else, linked to nobody.
 */
export class CookiePreferencesService {
  constructor(private readonly scope: Scope) {}

  /**
   * The choices of whoever asks: a signed-in member's own, else those of the visitor id given
   * (or the visitor cookie's), null for an id never seen. A partner may not read them.
   */
  async current(visitorId: string | null, field: string): Promise<CookieChoices | null> {
    if (!visitorId && this.scope.actor.kind !== 'visitor') return this.ofMember((await this.scope.require('account.use')).member);
    const id = visitorId ?? (this.scope.actor.kind === 'visitor' ? this.scope.actor.visitorId : undefined);
    return id ? this.ofVisitor(id, field) : null;
  }

  /** Sets the choices of whoever asks: a member's own (a ledger entry), else a visitor's. */
  async set(input: { visitorId?: string | null; preferences: boolean; analytics: boolean }): Promise<CookieChoices> {
    const choice = { preferences: input.preferences, analytics: input.analytics };
    if (!input.visitorId && this.scope.actor.kind !== 'visitor') {
      return this.setForMember((await this.scope.require('account.use')).member, choice);
    }
    const visitorId = input.visitorId ?? (this.scope.actor.kind === 'visitor' ? this.scope.actor.visitorId : undefined);
    return this.setForVisitor({ visitorId, ...choice });
  }

  /** The member's own choices (for `Member.cookiePreferences`). */
  async ofCurrentMember(): Promise<CookieChoices> {
    return this.ofMember((await this.scope.require('account.use')).member);
  }

  private async ofMember(member: Member): Promise<CookieChoices> {
    const row = await this.scope.em.findOne(CookiePreferences, { member: member.id });
    return row ? choices(row, null) : { visitorId: null, preferences: false, analytics: false, updatedAt: null };
  }

  /** A visitor's choices, or null for an id never seen (or purged). */
  private async ofVisitor(visitorId: string, field: string): Promise<CookieChoices | null> {
    const row = await this.scope.em.findOne(CookiePreferences, { visitorId: checkVisitorId(visitorId, field) });
    return row && choices(row, row.visitorId ?? null);
  }

  private async setForMember(
    member: Member,
    input: { preferences: boolean; analytics: boolean },
    source: 'settings' | 'prompt' = 'settings',
  ): Promise<CookieChoices> {
    return this.scope.em.transactional(async (em) => {
      // The member's row is the lock: concurrent identical choices wait here, and all but the
      // first then find nothing to change (no second ledger entry, no duplicate-key error).
      await lockMember(em, member.id);
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
  private async setForVisitor(input: {
    visitorId?: string | null;
    preferences: boolean;
    analytics: boolean;
  }): Promise<CookieChoices> {
    const known = input.visitorId
      ? await this.scope.em.findOne(CookiePreferences, { visitorId: checkVisitorId(input.visitorId, 'input.visitorId') })
      : null;
    if (known && known.preferences === input.preferences && known.analytics === input.analytics) {
      return choices(known, known.visitorId ?? null);
    }
    if (!known) await this.scope.runtime.throttle.attempt('new-visitor', { client: this.scope.client });
    const row =
      known ??
      this.scope.em.create(CookiePreferences, {
        id: randomUUID(),
        visitorId: randomUUID(),
        preferences: false,
        analytics: false,
        updatedAt: new Date(),
      });
    row.preferences = input.preferences;
    row.analytics = input.analytics;
    row.updatedAt = new Date();
    await this.scope.em.flush();
    return choices(row, row.visitorId ?? null);
  }

  /**
   * At sign-in (the member has just proved who they are): a visitor's choices become the member's
   * when the member has made none.
   */
  async carryOver(member: Member, visitorId: string | undefined): Promise<void> {
    if (!visitorId || !isUuid(visitorId)) return;
    const visitor = await this.scope.em.findOne(CookiePreferences, { visitorId });
    if (!visitor || (await this.scope.em.count(CookiePreferences, { member: member.id }))) return;
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
