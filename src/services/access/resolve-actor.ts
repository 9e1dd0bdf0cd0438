import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppServices } from '../app-services.ts';
import { sessionActor } from '../members/session.service.ts';
import { Scope } from '../scope.ts';
import type { ClientKey } from '../security/client-keys.ts';
import type { Actor } from './actor.ts';

/**
 * The actor of a request from its credentials, looked up once: a member with a live session
 * token, else a visitor (the token, if any, being unknown or expired: nobody is signed in).
 */
/** A request's scope from its credentials: one EntityManager, the actor they name. */
export async function openScope(
  app: AppServices,
  credentials: { token: string | undefined; client: ClientKey; visitorId?: string },
): Promise<Scope> {
  const em = app.orm.em.fork();
  return new Scope(app, await resolveActor(em, credentials), em);
}

export async function resolveActor(
  em: EntityManager,
  opts: { token: string | undefined; client: ClientKey; visitorId?: string },
): Promise<Actor> {
  const member = await sessionActor(em, { token: opts.token, client: opts.client });
  return member ?? { kind: 'visitor', client: opts.client, visitorId: opts.visitorId };
}
