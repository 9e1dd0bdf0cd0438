import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConsentEventConnection } from '../../schema/consent/consent-event.type.ts';
import { CookiePreferencesType } from '../../schema/consent/cookie-preferences.type.ts';
import { EmailConsentType } from '../../schema/consent/email-consent.type.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { PolicyVersionType } from '../../schema/policies/policy-version.type.ts';
import { CookiePreferencesService } from '../../services/consent/cookie-preferences.service.ts';
import { EmailConsentService } from '../../services/consent/email-consent.service.ts';
import { consentHistory } from '../../services/consent/history.service.ts';
import { PolicyConsentService } from '../../services/consent/policy-consent.service.ts';
import { requireAuth } from '../auth.ts';
import type { Context } from '../context.ts';
import { toPolicyVersion } from '../policies/policy.mapper.ts';
import { toConsentEvent, toCookiePreferences } from './consent.mapper.ts';
import { toEmailConsent } from './consent.resolver.ts';

/** The consent fields of Member; a Member is only ever resolved for the signed-in member. */
@Resolver(() => MemberType)
export class MemberConsentResolver {
  @FieldResolver(() => [PolicyVersionType], { description: 'Current policy versions this member still has to accept.' })
  async pendingPolicies(@Ctx() ctx: Context): Promise<PolicyVersionType[]> {
    const { member } = await requireAuth(ctx);
    return (await new PolicyConsentService(ctx.em).pending(member)).map(toPolicyVersion);
  }

  @FieldResolver(() => ConsentEventConnection)
  async consentHistory(
    @Root() _member: MemberType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ConsentEventConnection> {
    const { member } = await requireAuth(ctx);
    const page = await consentHistory(ctx.em, member, { first: first ?? 50, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toConsentEvent(e.node) })) };
  }

  @FieldResolver(() => EmailConsentType)
  async emailConsent(@Ctx() ctx: Context): Promise<EmailConsentType> {
    const { member } = await requireAuth(ctx);
    return toEmailConsent(new EmailConsentService(ctx.em, ctx.app).state(member));
  }

  @FieldResolver(() => CookiePreferencesType)
  async cookiePreferences(@Ctx() ctx: Context): Promise<CookiePreferencesType> {
    const { member } = await requireAuth(ctx);
    return toCookiePreferences(await new CookiePreferencesService(ctx.em, ctx.app).ofMember(member));
  }
}
