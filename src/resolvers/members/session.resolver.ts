import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { clearSessionCookie, deviceIdOfRequest, setDeviceCookie, setSessionCookie } from '../../cookies.ts';
import { AuthPayload } from '../../schema/members/auth-payload.type.ts';
import { keyOf } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { toMember } from './member.mapper.ts';

@Resolver()
export class SessionResolver {
  @Authorized('account.open')
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
    const { scope, request, reply } = ctx;
    const signedIn = await scope.accounts.login({
      email,
      password,
      deviceId: deviceIdOfRequest(request, deviceId),
      visitorId: visitorId ?? (scope.actor.kind === 'visitor' ? scope.actor.visitorId : undefined),
      userAgent: request.headers['user-agent'],
    });
    setSessionCookie(reply, scope.runtime.config, signedIn.token, signedIn.session.expiresAt);
    setDeviceCookie(reply, scope.runtime.config, signedIn.deviceId);
    return {
      token: signedIn.token,
      expiresAt: signedIn.session.expiresAt,
      member: toMember(signedIn.member),
      deviceId: signedIn.deviceId,
    };
  }

  @Mutation(() => Boolean)
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.scope.sessions.endCurrent();
    clearSessionCookie(ctx.reply, ctx.scope.runtime.config);
    return true;
  }

  @Mutation(() => Int, { description: 'Ends every session of the member; returns how many.' })
  async logoutEverywhere(@Ctx() ctx: Context): Promise<number> {
    const ended = await ctx.scope.sessions.endAll();
    clearSessionCookie(ctx.reply, ctx.scope.runtime.config);
    return ended;
  }

  @Mutation(() => Boolean)
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    // Another type's id, like one of another member's session, is NOT_FOUND (after the access check).
    const { wasCurrent } = await ctx.scope.sessions.end(keyOf(id, 'Session', 'id') ?? '');
    if (wasCurrent) clearSessionCookie(ctx.reply, ctx.scope.runtime.config);
    return true;
  }
}
