import { UnauthenticatedError } from '../errors/errors.ts';
import type { Auth } from '../services/members/session.service.ts';
import type { Context } from './context.ts';

/** The signed-in member's session, or UNAUTHENTICATED. */
export async function requireAuth(ctx: Context): Promise<Auth> {
  const auth = await ctx.auth();
  if (!auth) throw new UnauthenticatedError();
  return auth;
}
