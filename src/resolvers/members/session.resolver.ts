import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { NotFoundError } from '../../errors/errors.ts';
import { AuthPayload } from '../../schema/members/auth-payload.type.ts';
import { isUuid, keyOf } from '../../services/common/global-id.ts';
import { CookiePreferencesService } from '../../services/consent/cookie-preferences.service.ts';
import { AccountService } from '../../services/members/account.service.ts';
import { SessionService } from '../../services/members/session.service.ts';
import { requireAuth } from '../auth.ts';
import { visitorCookieOf } from '../consent/visitor-cookie.ts';
import type { Context } from '../context.ts';
import { toMember } from './member.mapper.ts';
import { clearSessionCookie, deviceIdOfRequest, setDeviceCookie, setSessionCookie } from './session-cookie.ts';

@Resolver()
export class SessionResolver {
  @Mutation(() => AuthPayload, {
    description: "visitorId: an anonymous visitor's id, whose cookie choices carry over to a member who has none.",
  })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Arg('visitorId', () => ID, { nullable: true }) visitorId: string | null,
    @Arg('deviceId', () => String, {
      nullable: true,
      description: 'The deviceId of an earlier sign-in from this client (browsers send the mixx_device cookie instead).',
    })
    deviceId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const signedIn = await new AccountService(ctx.em, ctx.app).login({
      email,
      password,
      client: ctx.client,
      deviceId: deviceIdOfRequest(ctx, deviceId),
      userAgent: ctx.request.headers['user-agent'],
    });
    const { token, session, member } = signedIn;
    await new CookiePreferencesService(ctx.em, ctx.app).carryOver(member, visitorId ?? visitorCookieOf(ctx));
    setSessionCookie(ctx, token, session.expiresAt);
    setDeviceCookie(ctx, signedIn.deviceId);
    return { token, expiresAt: session.expiresAt, member: toMember(member), deviceId: signedIn.deviceId };
  }

  @Mutation(() => Boolean)
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    const auth = await requireAuth(ctx);
    await new SessionService(ctx.em).end(auth.member.id, auth.session.id);
    clearSessionCookie(ctx);
    return true;
  }

  @Mutation(() => Int, { description: 'Ends every session of the member; returns how many.' })
  async logoutEverywhere(@Ctx() ctx: Context): Promise<number> {
    const auth = await requireAuth(ctx);
    const ended = await new SessionService(ctx.em).endAll(auth.member.id);
    clearSessionCookie(ctx);
    return ended;
  }

  @Mutation(() => Boolean)
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const auth = await requireAuth(ctx);
    const key = keyOf(id, 'Session', 'id');
    if (!key || !isUuid(key) || !(await new SessionService(ctx.em).end(auth.member.id, key))) throw new NotFoundError();
    if (key === auth.session.id) clearSessionCookie(ctx);
    return true;
  }
}
