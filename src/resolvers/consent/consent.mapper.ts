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
    ledgerIndex: e.ledgerIndex,
    partnerClientId: e.partnerClientId ?? null,
  };
}

export function toCookiePreferences(c: CookieChoices): CookiePreferencesType {
  return { visitorId: c.visitorId, necessary: true, preferences: c.preferences, analytics: c.analytics, updatedAt: c.updatedAt };
}
