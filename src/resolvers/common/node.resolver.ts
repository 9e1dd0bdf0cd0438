import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from '../../schema/common/node.interface.ts';
import { isUuid, type NodeTypeName, parseGlobalId } from '../../services/common/global-id.ts';
import { partnerByClientId } from '../../services/partners/member-grants.service.ts';
import { toInvoice } from '../billing/billing.mapper.ts';
import { catalogNodeLoaders } from '../catalog/catalog.nodes.ts';
import { toConsentEvent } from '../consent/consent.mapper.ts';
import type { Context } from '../context.ts';
import { toDownload } from '../downloads/download.mapper.ts';
import { toAcceptance, toMember, toSession } from '../members/member.mapper.ts';
import { meOf } from '../members/member.resolver.ts';
import { toPartner, toPartnerGrant } from '../partners/partner.mapper.ts';
import { toPolicyVersion } from '../policies/policy.mapper.ts';

type NodeLoader = (key: string, ctx: Context) => Promise<Node | null>;

/**
 * Member-owned objects resolve only for their own member (the services ask the access module);
 * anyone else gets null, as for unknown ids: a refusal here would tell "not yours" from "none".
 */
const orNull =
  (load: NodeLoader): NodeLoader =>
  async (key, ctx) => {
    if (!isUuid(key)) return null;
    if (!(await ctx.scope.permits('member.identity'))) return null;
    return load(key, ctx).catch((error) => {
      if ((error as { code?: string }).code === 'NOT_FOUND' || (error as { code?: string }).code === 'FORBIDDEN') return null;
      throw error;
    });
  };

/** Each area adds its types here; a type without a loader resolves to null. */
export const nodeLoaders: Partial<Record<NodeTypeName, NodeLoader>> = {
  ...catalogNodeLoaders,
  PolicyVersion: async (key, ctx) => {
    if (!isUuid(key)) return null;
    const version = await ctx.scope.policies.byId(key);
    return version && toPolicyVersion(version);
  },
  Member: async (key, ctx) => {
    const { actor } = ctx.scope;
    return actor.kind === 'member' && key === actor.member.id ? toMember(actor.member) : null;
  },
  Session: orNull(async (key, ctx) => {
    const session = await ctx.scope.sessions.byId(key);
    return session && toSession(session, ctx.scope.actor.kind === 'member' ? ctx.scope.actor.session.id : undefined);
  }),
  ConsentEvent: orNull(async (key, ctx) => {
    const event = await ctx.scope.consentHistory.byId(key);
    return event && toConsentEvent(event);
  }),
  Download: orNull(async (key, ctx) => {
    const row = await ctx.scope.downloads.byId(key);
    return row && toDownload(row);
  }),
  Partner: async (key, ctx) => {
    const partner = await partnerByClientId(ctx.scope, key);
    return partner && toPartner(key, partner);
  },
  PartnerGrant: orNull(async (key, ctx) => {
    const found = await ctx.scope.partnerGrants.byId(key);
    return found && toPartnerGrant(found.grant, found.partner);
  }),
  PolicyAcceptance: orNull(async (key, ctx) => {
    const acceptance = await ctx.scope.policyConsent.acceptance(key);
    return acceptance && toAcceptance(acceptance);
  }),
  Invoice: orNull(async (key, ctx) => {
    const invoice = await ctx.scope.billing.invoiceById(key);
    return invoice && toInvoice(invoice);
  }),
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    // A partner app knows the member by its pairwise sub (me.id), which is no global id.
    if (ctx.scope.actor.kind === 'partner' && id === ctx.scope.actor.sub) return meOf(ctx);
    const { type, key } = parseGlobalId(id, 'id');
    const load = nodeLoaders[type];
    return load ? load(key, ctx) : null;
  }
}
