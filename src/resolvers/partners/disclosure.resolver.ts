import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConsentEventType } from '../../schema/consent/consent-event.type.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { DisclosureConnection, DisclosureKind, type DisclosureType } from '../../schema/partners/disclosure.type.ts';
import { PartnerType } from '../../schema/partners/partner.type.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import type { DisclosureRow } from '../../services/partners/disclosure-log.ts';
import type { Context } from '../context.ts';
import { partnerLoader, toPartner } from './partner.mapper.ts';

export function toDisclosure(row: DisclosureRow): DisclosureType {
  return {
    __typename: 'Disclosure',
    id: toGlobalId('Disclosure', row.id),
    kind: DisclosureKind[row.kind],
    recipient: row.recipient,
    partner: row.clientId ? toPartner(row.clientId, row.partner) : null,
    fields: row.fields,
    firstAt: row.firstAt,
    lastAt: row.lastAt,
    count: row.count,
    legalBasis: row.legalBasis,
  };
}

/** What left Mixx about the member: the member's own session only (never a partner app). */
@Resolver(() => MemberType)
export class MemberDisclosuresResolver {
  @FieldResolver(() => DisclosureConnection, {
    description: 'What partner apps received, and what staff had to disclose by law, newest first.',
  })
  async disclosures(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<DisclosureConnection> {
    const page = await ctx.scope.disclosures.list({ first: first ?? 20, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDisclosure(e.node) })) };
  }
}

/** The partner of a PARTNER_GRANTED or PARTNER_REVOKED entry (one lookup for a whole page). */
@Resolver(() => ConsentEventType)
export class ConsentEventPartnerResolver {
  @FieldResolver(() => PartnerType, { nullable: true, description: 'For PARTNER_GRANTED and PARTNER_REVOKED.' })
  async partner(@Root() event: ConsentEventType, @Ctx() ctx: Context): Promise<PartnerType | null> {
    if (!event.partnerClientId) return null;
    return toPartner(event.partnerClientId, await partnerLoader(ctx).load(event.partnerClientId));
  }
}
