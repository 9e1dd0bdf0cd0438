import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CookiePreferencesInput, CookiePreferencesType } from '../../schema/consent/cookie-preferences.type.ts';
import { EmailConsentStatus, EmailConsentType } from '../../schema/consent/email-consent.type.ts';
import { PolicyAcceptanceType } from '../../schema/policies/policy-acceptance.type.ts';
import { CookiePreferencesService } from '../../services/consent/cookie-preferences.service.ts';
import { EmailConsentService, type EmailConsentState } from '../../services/consent/email-consent.service.ts';
import { PolicyConsentService } from '../../services/consent/policy-consent.service.ts';
import { requireAuth } from '../auth.ts';
import type { Context } from '../context.ts';
import { toAcceptance } from '../members/member.mapper.ts';
import { toCookiePreferences } from './consent.mapper.ts';
import { setVisitorCookie, visitorCookieOf } from './visitor-cookie.ts';

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
    const auth = await requireAuth(ctx);
    return (await new PolicyConsentService(ctx.em).accept(auth.member, versionIds)).map(toAcceptance);
  }

  @Mutation(() => EmailConsentType, {
    description: 'Granting sends a confirmation e-mail (status PENDING); withdrawing is immediate.',
  })
  async setEmailConsent(@Arg('granted', () => Boolean) granted: boolean, @Ctx() ctx: Context): Promise<EmailConsentType> {
    const auth = await requireAuth(ctx);
    return toEmailConsent(await new EmailConsentService(ctx.em, ctx.app).set(auth.member, granted, ctx.client));
  }

  @Mutation(() => EmailConsentType)
  async confirmEmailConsent(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<EmailConsentType> {
    return toEmailConsent(await new EmailConsentService(ctx.em, ctx.app).confirm(token));
  }

  @Mutation(() => Boolean, { description: 'From the link in every information e-mail; needs no session.' })
  async unsubscribe(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<boolean> {
    await new EmailConsentService(ctx.em, ctx.app).unsubscribe(token, 'email-link');
    return true;
  }

  @Query(() => CookiePreferencesType, {
    nullable: true,
    description: "A member's own choices, or an anonymous visitor's by visitorId.",
  })
  async cookiePreferences(
    @Arg('visitorId', () => ID, { nullable: true }) visitorId: string | null,
    @Ctx() ctx: Context,
  ): Promise<CookiePreferencesType | null> {
    const service = new CookiePreferencesService(ctx.em, ctx.app);
    const auth = visitorId ? null : await ctx.auth();
    if (auth) return toCookiePreferences(await service.ofMember(auth.member));
    const id = visitorId ?? visitorCookieOf(ctx);
    const choices = id ? await service.ofVisitor(id, visitorId ? 'visitorId' : 'cookie') : null;
    return choices && toCookiePreferences(choices);
  }

  @Mutation(() => CookiePreferencesType)
  async setCookiePreferences(
    @Arg('input', () => CookiePreferencesInput) input: CookiePreferencesInput,
    @Ctx() ctx: Context,
  ): Promise<CookiePreferencesType> {
    const service = new CookiePreferencesService(ctx.em, ctx.app);
    const choice = { preferences: input.preferences, analytics: input.analytics };
    const auth = input.visitorId ? null : await ctx.auth();
    if (auth) return toCookiePreferences(await service.setForMember(auth.member, choice));
    const saved = await service.setForVisitor({
      visitorId: input.visitorId ?? visitorCookieOf(ctx),
      ...choice,
      client: ctx.client,
    });
    setVisitorCookie(ctx, saved.visitorId as string);
    return toCookiePreferences(saved);
  }
}
