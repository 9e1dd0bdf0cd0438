import type { PartnerType } from '../../schema/partners/partner.type.ts';
import type { PartnerGrantType } from '../../schema/partners/partner-grant.type.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import type { PartnerGrantRow } from '../../services/partners/grant.service.ts';
import type { PartnerRecord } from '../../services/partners/partner-directory.ts';

/** A partner as members see it; the global id is made of the public client_id. */
export function toPartner(clientId: string, partner: PartnerRecord | undefined): PartnerType {
  return {
    __typename: 'Partner',
    id: toGlobalId('Partner', clientId),
    name: partner?.name ?? clientId,
    homepageUrl: partner?.homepageUrl ?? null,
    privacyPolicyUrl: partner?.privacyPolicyUrl ?? null,
  };
}

export function toPartnerGrant(grant: PartnerGrantRow, partner: PartnerRecord | undefined): PartnerGrantType {
  return {
    __typename: 'PartnerGrant',
    id: toGlobalId('PartnerGrant', grant.id),
    partner: toPartner(grant.clientId, partner),
    scopes: grant.scopes,
    grantedAt: grant.grantedAt,
    lastUsedAt: grant.lastUsedAt,
  };
}
