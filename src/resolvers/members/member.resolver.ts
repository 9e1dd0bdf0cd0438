import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { PolicyAcceptance } from '../../entities/policy-acceptance.entity.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { SessionType } from '../../schema/members/session.type.ts';
import { PolicyAcceptanceType } from '../../schema/policies/policy-acceptance.type.ts';
import { SessionService } from '../../services/members/session.service.ts';
import { requireAuth } from '../auth.ts';
import type { Context } from '../context.ts';
import { toAcceptance, toMember, toSession } from './member.mapper.ts';

@Resolver(() => MemberType)
export class MemberResolver {
  @Query(() => MemberType, { nullable: true, description: 'The signed-in member; null for an anonymous request.' })
  async me(@Ctx() ctx: Context): Promise<MemberType | null> {
    const auth = await ctx.auth();
    return auth && toMember(auth.member);
  }

  @FieldResolver(() => [PolicyAcceptanceType])
  async acceptances(@Root() member: MemberType, @Ctx() ctx: Context): Promise<PolicyAcceptanceType[]> {
    const rows = await ctx.em.find(
      PolicyAcceptance,
      { member: member.memberId },
      { populate: ['policyVersion'], orderBy: { acceptedAt: 'desc' } },
    );
    return rows.map(toAcceptance);
  }

  @FieldResolver(() => [SessionType])
  async sessions(@Root() member: MemberType, @Ctx() ctx: Context): Promise<SessionType[]> {
    const auth = await requireAuth(ctx);
    const sessions = await new SessionService(ctx.em).list(member.memberId);
    return sessions.map((s) => toSession(s, auth.session.id));
  }
}
