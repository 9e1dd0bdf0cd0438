import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { clearSessionCookie, deviceIdOfRequest } from '../../cookies.ts';
import { JSONScalar } from '../../schema/common/scalars.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { UpdateProfileInput } from '../../schema/members/update-profile.input.ts';
import type { Context } from '../context.ts';
import { toMember } from './member.mapper.ts';

@Resolver()
export class AccountResolver {
  @Authorized('account.open')
  @Mutation(() => Boolean, { description: 'Always true; an e-mail goes out only where the address is registered.' })
  async requestPasswordReset(
    @Arg('email', () => String) email: string,
    @Arg('deviceId', () => String, { nullable: true, description: 'As for login: the deviceId of an earlier sign-in.' })
    deviceId: string | null,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await ctx.scope.accounts.requestPasswordReset(email, deviceIdOfRequest(ctx.request, deviceId));
    return true;
  }

  @Authorized('account.open')
  @Mutation(() => Boolean)
  async resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await ctx.scope.accounts.resetPassword(token, newPassword);
    return true;
  }

  @Mutation(() => Boolean)
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await ctx.scope.accounts.changePassword({ currentPassword, newPassword });
    return true;
  }

  @Mutation(() => Boolean, { description: 'Sends a verification e-mail to the new address; the change applies once verified.' })
  async changeEmail(
    @Arg('newEmail', () => String) newEmail: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await ctx.scope.accounts.changeEmail({ newEmail, password });
    return true;
  }

  @Mutation(() => MemberType)
  async updateProfile(
    @Arg('input', () => UpdateProfileInput) input: UpdateProfileInput,
    @Ctx() ctx: Context,
  ): Promise<MemberType> {
    return toMember(await ctx.scope.profile.update({ displayName: input.displayName }));
  }

  @Mutation(() => JSONScalar, { description: 'Everything the service holds about the signed-in member.' })
  async exportMyData(@Ctx() ctx: Context): Promise<Record<string, unknown>> {
    return ctx.scope.exports.export();
  }

  @Mutation(() => Boolean, { description: "Erases the member's personal data and ends every session." })
  async deleteAccount(@Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.scope.profile.deleteAccount({ password });
    clearSessionCookie(ctx.reply, ctx.scope.runtime.config);
    return true;
  }
}
