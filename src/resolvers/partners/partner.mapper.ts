import DataLoader from 'dataloader';
import type { PartnerType } from '../../schema/partners/partner.type.ts';
import type { PartnerGrantType } from '../../schema/partners/partner-grant.type.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import type { PartnerGrantRow } from '../../services/partners/grant.service.ts';
import { partnersByClientIds } from '../../services/partners/member-grants.service.ts';
import type { PartnerRecord } from '../../services/partners/partner-directory.ts';
import type { Context } from '../context.ts';

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

const loaders = new WeakMap<Context, DataLoader<string, PartnerRecord | undefined>>();

/** Partners' public faces by client id, one lookup per request for all the ids asked. */
export function partnerLoader(ctx: Context): DataLoader<string, PartnerRecord | undefined> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await partnersByClientIds(ctx.scope, [...ids]);
      return ids.map((id) => found.get(id));
    });
    loaders.set(ctx, loader);
  }
  return loader;
}
