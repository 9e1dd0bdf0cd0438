import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { MemberType } from '../../schema/members/member.type.ts';
import { SessionType } from '../../schema/members/session.type.ts';
import { PolicyAcceptanceType } from '../../schema/policies/policy-acceptance.type.ts';
import type { Context } from '../context.ts';
import { toAcceptance, toMember, toSession } from './member.mapper.ts';

/**
 * The member the request acts for; for a partner app, known by the pairwise `sub` that partner
 * alone sees (so two partners cannot join on it).
 */
export function meOf(ctx: Context): MemberType | null {
  const { actor } = ctx.scope;
  if (actor.kind === 'member') return toMember(actor.member);
  if (actor.kind === 'partner') return { ...toMember(actor.member), id: actor.sub };
  return null;
}

@Resolver(() => MemberType)
export class MemberResolver {
  @Query(() => MemberType, { nullable: true, description: 'The signed-in member; null for an anonymous request.' })
  me(@Ctx() ctx: Context): MemberType | null {
    return meOf(ctx);
  }

  @FieldResolver(() => [PolicyAcceptanceType])
  async acceptances(@Ctx() ctx: Context): Promise<PolicyAcceptanceType[]> {
    return (await ctx.scope.policyConsent.acceptances()).map(toAcceptance);
  }

  @FieldResolver(() => [SessionType])
  async sessions(@Ctx() ctx: Context): Promise<SessionType[]> {
    const { sessions, currentId } = await ctx.scope.sessions.list();
    return sessions.map((s) => toSession(s, currentId));
  }
}
