import { deviceIdOf } from '../../services/members/devices.ts';
import type { Context } from '../context.ts';

export const SESSION_COOKIE = 'mixx_session';
/** A random device id (see services/members/devices.ts): recognises the member's own browser. */
export const DEVICE_COOKIE = 'mixx_device';
const DEVICE_COOKIE_DAYS = 365;

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

export function setDeviceCookie(ctx: Context, deviceId: string): void {
  ctx.reply.setCookie(DEVICE_COOKIE, deviceId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.isProduction,
    path: '/',
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
}

/** The device id of a call: the argument of a third-party frontend, else the browser's cookie. */
export function deviceIdOfRequest(ctx: Context, argument: string | null | undefined): string | undefined {
  return deviceIdOf(argument) ?? deviceIdOf(ctx.request.cookies[DEVICE_COOKIE]);
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
