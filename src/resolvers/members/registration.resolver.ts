import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { RegisterInput } from '../../schema/members/register.input.ts';
import type { Context } from '../context.ts';

@Resolver()
export class RegistrationResolver {
  @Authorized('account.open')
  @Mutation(() => Boolean, {
    description: 'Never tells whether the address is already registered; the address gets an e-mail either way.',
  })
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.scope.registration.register({
      email: input.email,
      password: input.password,
      displayName: input.displayName,
      acceptedPolicyVersionIds: input.acceptedPolicyVersionIds,
      emailConsent: input.emailConsent ?? false,
    });
    return true;
  }

  @Authorized('account.open')
  @Mutation(() => Boolean)
  async verifyEmail(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.scope.registration.verifyEmail(token);
    return true;
  }

  @Authorized('account.open')
  @Mutation(() => Boolean)
  async resendVerificationEmail(@Arg('email', () => String) email: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.scope.registration.resendVerification(email);
    return true;
  }
}
