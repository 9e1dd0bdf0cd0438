import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../../schema/errors/not-found.error.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { PartnerGrantType } from '../../schema/partners/partner-grant.type.ts';
import { isUuid, keyOf } from '../../services/common/global-id.ts';
import { PartnerGrantService } from '../../services/partners/grant.service.ts';
import { findPartnersByClientIds } from '../../services/partners/partner-directory.ts';
import { requireAuth } from '../auth.ts';
import type { Context } from '../context.ts';
import { toPartnerGrant } from './partner.mapper.ts';

/** The member's grants to partner apps, and taking one back. */
@Resolver(() => MemberType)
export class PartnerGrantResolver {
  @FieldResolver(() => [PartnerGrantType], { description: 'Partner apps this member allowed, and what each may do.' })
  async partnerGrants(@Root() member: MemberType, @Ctx() ctx: Context): Promise<PartnerGrantType[]> {
    const grants = await new PartnerGrantService(ctx.em).listFor(member.memberId);
    const partners = await findPartnersByClientIds(ctx.em, [...new Set(grants.map((grant) => grant.clientId))]);
    return grants.map((grant) => toPartnerGrant(grant, partners.get(grant.clientId)));
  }

  @Mutation(() => Boolean, { description: 'Ends the grant and every access and refresh token issued under it, at once.' })
  async revokePartnerGrant(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const auth = await requireAuth(ctx);
    const key = keyOf(id, 'PartnerGrant', 'id');
    if (!key || !isUuid(key) || !(await new PartnerGrantService(ctx.em).revokeByMember(auth.member.id, key))) {
      throw new NotFoundError();
    }
    return true;
  }
}
