import { isUuid } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';

/** The anonymous visitor cookie holds a random id and nothing else. */
export const VISITOR_COOKIE = 'mixx_visitor';

export function setVisitorCookie(ctx: Context, visitorId: string): void {
  ctx.reply.setCookie(VISITOR_COOKIE, visitorId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.isProduction,
    path: '/',
    maxAge: 13 * 30 * 86_400,
  });
}

/** The visitor id from the cookie, when it is one of ours (anything else is ignored). */
export function visitorCookieOf(ctx: Context): string | undefined {
  const value = ctx.request.cookies[VISITOR_COOKIE];
  return value && isUuid(value) ? value : undefined;
}
