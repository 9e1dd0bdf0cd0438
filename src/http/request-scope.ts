import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { openScope } from '../services/access/resolve-actor.ts';
import { isUuid } from '../services/common/global-id.ts';
import { deviceIdOf } from '../services/members/devices.ts';
import type { Runtime } from '../services/runtime.ts';
import type { Scope } from '../services/scope.ts';

/**
 * The cookies Mixx sets, none with personal data: a random session token (stored only as a
 * hash), a random anonymous-visitor id, a random device id. HttpOnly, SameSite=Lax, Secure in
 * production.
 */
export const SESSION_COOKIE = 'mixx_session';
export const VISITOR_COOKIE = 'mixx_visitor';
export const DEVICE_COOKIE = 'mixx_device';

/** The request's scope: its actor from `Authorization: Bearer` or the session cookie, its client key. */
export async function scopeOfRequest(services: Runtime, request: FastifyRequest): Promise<Scope> {
  const visitor = request.cookies[VISITOR_COOKIE];
  const bearer = bearerTokenOf(request);
  return openScope(services, {
    token: bearer ?? request.cookies[SESSION_COOKIE],
    bearer: bearer !== undefined,
    client: await services.throttle.clientKey(request.ip),
    visitorId: visitor && isUuid(visitor) ? visitor : undefined,
  });
}

/** `Authorization: Bearer <token>` first, else the cookie. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return bearerTokenOf(request) ?? request.cookies[SESSION_COOKIE];
}

function bearerTokenOf(request: FastifyRequest): string | undefined {
  return request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

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
