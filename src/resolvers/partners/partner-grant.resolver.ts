import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver } from 'type-graphql';
import { MemberType } from '../../schema/members/member.type.ts';
import { PartnerGrantType } from '../../schema/partners/partner-grant.type.ts';
import { keyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toPartnerGrant } from './partner.mapper.ts';

/** The member's grants to partner apps, and taking one back (the member's own session only). */
@Resolver(() => MemberType)
export class PartnerGrantResolver {
  @FieldResolver(() => [PartnerGrantType], { description: 'Partner apps this member allowed, and what each may do.' })
  async partnerGrants(@Ctx() ctx: Context): Promise<PartnerGrantType[]> {
    return (await ctx.scope.partnerGrants.list()).map(({ grant, partner }) => toPartnerGrant(grant, partner));
  }

  @Mutation(() => Boolean, { description: 'Ends the grant and every access and refresh token issued under it, at once.' })
  async revokePartnerGrant(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    // Another type's id, like another member's grant, is NOT_FOUND (after the access check).
    await ctx.scope.partnerGrants.revoke(keyOf(id, 'PartnerGrant', 'id') ?? '');
    return true;
  }
}
