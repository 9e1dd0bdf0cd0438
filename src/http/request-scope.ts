import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE, VISITOR_COOKIE } from '../cookies.ts';
import { openScope } from '../services/access/resolve-actor.ts';
import { isUuid } from '../services/common/global-id.ts';
import type { Runtime } from '../services/runtime.ts';
import type { Scope } from '../services/scope.ts';

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
