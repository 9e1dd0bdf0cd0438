import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { deviceIdOf } from './services/members/devices.ts';

/**
 * The cookies Mixx sets, none with personal data: a random session token (stored only as a
 * hash), a random anonymous-visitor id, a random device id. HttpOnly, SameSite=Lax, Secure in
 * production. Read by the HTTP layer (src/http/request-scope.ts) and written by the resolvers and
 * pages that sign in, sign out and keep cookie choices.
 */
export const SESSION_COOKIE = 'mixx_session';
export const VISITOR_COOKIE = 'mixx_visitor';
export const DEVICE_COOKIE = 'mixx_device';

/** The device id of a call: the argument of a third-party frontend, else the browser's cookie. */
export function deviceIdOfRequest(request: FastifyRequest, argument: string | null | undefined): string | undefined {
  return deviceIdOf(argument) ?? deviceIdOf(request.cookies[DEVICE_COOKIE]);
}

const base = (config: Config) => ({ httpOnly: true, sameSite: 'lax' as const, secure: config.isProduction, path: '/' });

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, { ...base(config), expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, base(config));
}

export function setDeviceCookie(reply: FastifyReply, config: Config, deviceId: string): void {
  reply.setCookie(DEVICE_COOKIE, deviceId, { ...base(config), maxAge: 365 * 86_400 });
}

export function setVisitorCookie(reply: FastifyReply, config: Config, visitorId: string): void {
  reply.setCookie(VISITOR_COOKIE, visitorId, { ...base(config), maxAge: 13 * 30 * 86_400 });
}
