import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConsentEventConnection } from '../../schema/consent/consent-event.type.ts';
import { CookiePreferencesType } from '../../schema/consent/cookie-preferences.type.ts';
import { EmailConsentType } from '../../schema/consent/email-consent.type.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { PolicyVersionType } from '../../schema/policies/policy-version.type.ts';
import type { Context } from '../context.ts';
import { toPolicyVersion } from '../policies/policy.mapper.ts';
import { toConsentEvent, toCookiePreferences } from './consent.mapper.ts';
import { toEmailConsent } from './consent.resolver.ts';

/** The consent fields of Member: the member's own session only (see the access module). */
@Resolver(() => MemberType)
export class MemberConsentResolver {
  @FieldResolver(() => [PolicyVersionType], { description: 'Current policy versions this member still has to accept.' })
  async pendingPolicies(@Ctx() ctx: Context): Promise<PolicyVersionType[]> {
    return (await ctx.scope.policyConsent.pending()).map(toPolicyVersion);
  }

  @FieldResolver(() => ConsentEventConnection)
  async consentHistory(
    @Root() _member: MemberType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConsentEventConnection> {
    const page = await ctx.scope.consentHistory.page({ first: first ?? 50, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toConsentEvent(e.node) })) };
  }

  @FieldResolver(() => EmailConsentType)
  async emailConsent(@Ctx() ctx: Context): Promise<EmailConsentType> {
    return toEmailConsent(await ctx.scope.emailConsent.current());
  }

  @FieldResolver(() => CookiePreferencesType)
  async cookiePreferences(@Ctx() ctx: Context): Promise<CookiePreferencesType> {
    return toCookiePreferences(await ctx.scope.cookies.ofCurrentMember());
  }
}
