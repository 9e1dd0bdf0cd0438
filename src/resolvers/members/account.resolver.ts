import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { JSONScalar } from '../../schema/common/scalars.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import { UpdateProfileInput } from '../../schema/members/update-profile.input.ts';
import { AccountService } from '../../services/members/account.service.ts';
import { exportMemberData } from '../../services/members/export.service.ts';
import { ProfileService } from '../../services/members/profile.service.ts';
import { requireAuth } from '../auth.ts';
import type { Context } from '../context.ts';
import { toMember } from './member.mapper.ts';
import { clearSessionCookie } from './session-cookie.ts';

@Resolver()
export class AccountResolver {
  @Mutation(() => Boolean, { description: 'Always true; an e-mail goes out only where the address is registered.' })
  async requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() ctx: Context): Promise<boolean> {
    await new AccountService(ctx.em, ctx.app).requestPasswordReset(email, ctx.client);
    return true;
  }

  @Mutation(() => Boolean)
  async resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await new AccountService(ctx.em, ctx.app).resetPassword(token, newPassword);
    return true;
  }

  @Mutation(() => Boolean)
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const auth = await requireAuth(ctx);
    await new AccountService(ctx.em, ctx.app).changePassword(auth, { currentPassword, newPassword, client: ctx.client });
    return true;
  }

  @Mutation(() => Boolean, { description: 'Sends a verification e-mail to the new address; the change applies once verified.' })
  async changeEmail(
    @Arg('newEmail', () => String) newEmail: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const auth = await requireAuth(ctx);
    await new AccountService(ctx.em, ctx.app).changeEmail(auth, { newEmail, password, client: ctx.client });
    return true;
  }

  @Mutation(() => MemberType)
  async updateProfile(
    @Arg('input', () => UpdateProfileInput) input: UpdateProfileInput,
    @Ctx() ctx: Context,
  ): Promise<MemberType> {
    const auth = await requireAuth(ctx);
    return toMember(await new ProfileService(ctx.em, ctx.app).update(auth.member, { displayName: input.displayName }));
  }

  @Mutation(() => JSONScalar, { description: 'Everything the service holds about the signed-in member.' })
  async exportMyData(@Ctx() ctx: Context): Promise<Record<string, unknown>> {
    const auth = await requireAuth(ctx);
    return exportMemberData(ctx.em, auth.member, ctx.config);
  }

  @Mutation(() => Boolean, { description: "Erases the member's personal data and ends every session." })
  async deleteAccount(@Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<boolean> {
    const auth = await requireAuth(ctx);
    await new ProfileService(ctx.em, ctx.app).deleteAccount(auth, { password, client: ctx.client });
    clearSessionCookie(ctx);
    return true;
  }
}
