import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { setVisitorCookie } from '../../cookies.ts';
import { CookiePreferencesInput, CookiePreferencesType } from '../../schema/consent/cookie-preferences.type.ts';
import { EmailConsentStatus, EmailConsentType } from '../../schema/consent/email-consent.type.ts';
import { PolicyAcceptanceType } from '../../schema/policies/policy-acceptance.type.ts';
import type { EmailConsentState } from '../../services/consent/email-consent.service.ts';
import type { Context } from '../context.ts';
import { toAcceptance } from '../members/member.mapper.ts';
import { toCookiePreferences } from './consent.mapper.ts';

export const toEmailConsent = (s: EmailConsentState): EmailConsentType => ({
  status: EmailConsentStatus[s.status],
  updatedAt: s.updatedAt,
});

@Resolver()
export class ConsentResolver {
  @Mutation(() => [PolicyAcceptanceType])
  async acceptPolicies(
    @Arg('versionIds', () => [ID]) versionIds: string[],
    @Ctx() ctx: Context,
  ): Promise<PolicyAcceptanceType[]> {
    return (await ctx.scope.policyConsent.accept(versionIds)).map(toAcceptance);
  }

  @Mutation(() => EmailConsentType, {
    description: 'Granting sends a confirmation e-mail (status PENDING); withdrawing is immediate.',
  })
  async setEmailConsent(@Arg('granted', () => Boolean) granted: boolean, @Ctx() ctx: Context): Promise<EmailConsentType> {
    return toEmailConsent(await ctx.scope.emailConsent.set(granted));
  }

  @Authorized('account.open')
  @Mutation(() => EmailConsentType)
  async confirmEmailConsent(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<EmailConsentType> {
    return toEmailConsent(await ctx.scope.emailConsent.confirm(token));
  }

  @Authorized('account.open')
  @Mutation(() => Boolean, { description: 'From the link in every information e-mail; needs no session.' })
  async unsubscribe(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.scope.emailConsent.unsubscribe(token, 'email-link');
    return true;
  }

  @Authorized('account.open')
  @Query(() => CookiePreferencesType, {
    nullable: true,
    description: "A member's own choices, or an anonymous visitor's by visitorId.",
  })
  async cookiePreferences(
    @Arg('visitorId', () => ID, { nullable: true }) visitorId: string | null,
    @Ctx() ctx: Context,
  ): Promise<CookiePreferencesType | null> {
    const choices = await ctx.scope.cookies.current(visitorId, visitorId ? 'visitorId' : 'cookie');
    return choices && toCookiePreferences(choices);
  }

  @Authorized('account.open')
  @Mutation(() => CookiePreferencesType)
  async setCookiePreferences(
    @Arg('input', () => CookiePreferencesInput) input: CookiePreferencesInput,
    @Ctx() ctx: Context,
  ): Promise<CookiePreferencesType> {
    const saved = await ctx.scope.cookies.set({
      visitorId: input.visitorId,
      preferences: input.preferences,
      analytics: input.analytics,
    });
    if (saved.visitorId) setVisitorCookie(ctx.reply, ctx.scope.runtime.config, saved.visitorId);
    return toCookiePreferences(saved);
  }
}
