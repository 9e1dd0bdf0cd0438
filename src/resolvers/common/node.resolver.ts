import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ConsentEvent } from '../../entities/consent-event.entity.ts';
import { MemberSession } from '../../entities/member-session.entity.ts';
import { PolicyAcceptance } from '../../entities/policy-acceptance.entity.ts';
import { Node } from '../../schema/common/node.interface.ts';
import { isUuid, type NodeTypeName, parseGlobalId } from '../../services/common/global-id.ts';
import { DownloadService } from '../../services/downloads/download.service.ts';
import type { Auth } from '../../services/members/session.service.ts';
import { PartnerGrantService } from '../../services/partners/grant.service.ts';
import { findPartnerByClientId } from '../../services/partners/partner-directory.ts';
import { PolicyService } from '../../services/policies/policy.service.ts';
import { catalogNodeLoaders } from '../catalog/catalog.nodes.ts';
import { toConsentEvent } from '../consent/consent.mapper.ts';
import type { Context } from '../context.ts';
import { toDownload } from '../downloads/download.mapper.ts';
import { toAcceptance, toMember, toSession } from '../members/member.mapper.ts';
import { toPartner, toPartnerGrant } from '../partners/partner.mapper.ts';
import { toPolicyVersion } from '../policies/policy.mapper.ts';

type NodeLoader = (key: string, ctx: Context) => Promise<Node | null>;

/** Member-owned objects resolve only for their own member; anyone else gets null, as for unknown ids. */
const ownedBy =
  (load: (key: string, auth: Auth, ctx: Context) => Promise<Node | null>): NodeLoader =>
  async (key, ctx) => {
    const auth = await ctx.auth();
    return auth && isUuid(key) ? load(key, auth, ctx) : null;
  };

/** Each area adds its types here; a type without a loader resolves to null. */
export const nodeLoaders: Partial<Record<NodeTypeName, NodeLoader>> = {
  ...catalogNodeLoaders,
  PolicyVersion: async (key, ctx) => {
    if (!isUuid(key)) return null;
    const version = await new PolicyService(ctx.em).byId(key);
    return version && toPolicyVersion(version);
  },
  Member: ownedBy(async (key, auth) => (key === auth.member.id ? toMember(auth.member) : null)),
  Session: ownedBy(async (key, auth, ctx) => {
    const session = await ctx.em.findOne(MemberSession, { id: key, member: auth.member.id, expiresAt: { $gt: new Date() } });
    return session && toSession(session, auth.session.id);
  }),
  ConsentEvent: ownedBy(async (key, auth, ctx) => {
    const event = await ctx.em.findOne(
      ConsentEvent,
      { id: key, subject: auth.member.pseudonym },
      { populate: ['policyVersion'] },
    );
    return event && toConsentEvent(event);
  }),
  Download: ownedBy(async (key, auth, ctx) => {
    const row = await new DownloadService(ctx.em, ctx.app).byId(auth.member, key);
    return row && toDownload(row);
  }),
  Partner: async (key, ctx) => {
    const partner = await findPartnerByClientId(ctx.em, key);
    return partner && toPartner(key, partner);
  },
  PartnerGrant: ownedBy(async (key, auth, ctx) => {
    const grant = await new PartnerGrantService(ctx.em).liveById(auth.member.id, key);
    return grant && toPartnerGrant(grant, (await findPartnerByClientId(ctx.em, grant.clientId)) ?? undefined);
  }),
  PolicyAcceptance: ownedBy(async (key, auth, ctx) => {
    const acceptance = await ctx.em.findOne(
      PolicyAcceptance,
      { id: key, member: auth.member.id },
      { populate: ['policyVersion'] },
    );
    return acceptance && toAcceptance(acceptance);
  }),
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    const { type, key } = parseGlobalId(id, 'id');
    const load = nodeLoaders[type];
    return load ? load(key, ctx) : null;
  }
}
