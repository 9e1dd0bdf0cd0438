import type { Context } from '../context.ts';

export const SESSION_COOKIE = 'mixx_session';

/** The session token for first-party browsers: HttpOnly, SameSite=Lax, Secure in production. */
export function setSessionCookie(ctx: Context, token: string, expiresAt: Date): void {
  ctx.reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.isProduction,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(ctx: Context): void {
  ctx.reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: ctx.config.isProduction, path: '/' });
}

/** `Authorization: Bearer <token>` first, else the cookie. */
export function sessionTokenOf(
  headers: Record<string, string | string[] | undefined>,
  cookies: Record<string, string | undefined>,
) {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const bearer = value?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? cookies[SESSION_COOKIE];
}
