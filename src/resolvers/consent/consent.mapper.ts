import type { ConsentEvent } from '../../entities/consent-event.entity.ts';
import { ConsentEventKind, type ConsentEventType } from '../../schema/consent/consent-event.type.ts';
import type { CookiePreferencesType } from '../../schema/consent/cookie-preferences.type.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import type { CookieChoices } from '../../services/consent/cookie-preferences.service.ts';
import { toPolicyVersion } from '../policies/policy.mapper.ts';

export function toConsentEvent(e: ConsentEvent): ConsentEventType {
  return {
    __typename: 'ConsentEvent',
    id: toGlobalId('ConsentEvent', e.id),
    kind: ConsentEventKind[e.kind],
    at: e.at,
    policy: e.policyVersion ? toPolicyVersion(e.policyVersion) : null,
    source: e.source,
    ledgerIndex: ledgerIndexOf(e),
    partnerClientId: e.partnerClientId ?? null,
  };
}

/** The services index an entry before handing it out (ConsentHistoryService): none here is a bug. */
function ledgerIndexOf(e: ConsentEvent): number {
  if (e.ledgerIndex == null) throw new Error(`consent entry ${e.id} was served before the ledger indexed it`);
  return e.ledgerIndex;
}

export function toCookiePreferences(c: CookieChoices): CookiePreferencesType {
  return { visitorId: c.visitorId, necessary: true, preferences: c.preferences, analytics: c.analytics, updatedAt: c.updatedAt };
}
