import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import { sessionActor } from '../members/session.service.ts';
import { resolvePartnerAccessToken } from '../partners/access-tokens.ts';
import type { PartnerIds } from '../partners/partner-ids.ts';
import type { Runtime } from '../runtime.ts';
import { Scope } from '../scope.ts';
import type { ClientKey } from '../security/client-keys.ts';
import type { Actor, PartnerActor } from './actor.ts';

export type Credentials = {
  /** The session token of the `mixx_session` cookie or of `Authorization: Bearer`. */
  token: string | undefined;
  /** True when the token came in `Authorization: Bearer`, where a partner's access token may come too. */
  bearer?: boolean;
  client: ClientKey;
  visitorId?: string;
};

/** A request's scope from its credentials: one EntityManager, the actor they name. */
export async function openScope(runtime: Runtime, credentials: Credentials): Promise<Scope> {
  const em = runtime.orm.em.fork();
  return new Scope(runtime, await resolveActor(em, runtime.partnerIds, credentials), em);
}

/**
 * The actor of a request from its credentials, looked up once: a member with a live session
 * token; else, for a bearer token, a partner app with a live access token of a live grant of an
 * enabled partner; else a visitor (an unknown or expired token signs nobody in).
 */
export async function resolveActor(em: EntityManager, partnerIds: PartnerIds, credentials: Credentials): Promise<Actor> {
  const member = await sessionActor(em, { token: credentials.token, client: credentials.client });
  if (member) return member;
  if (credentials.bearer) {
    const partner = await partnerActor(em, partnerIds, credentials);
    if (partner) return partner;
  }
  return { kind: 'visitor', client: credentials.client, visitorId: credentials.visitorId };
}

async function partnerActor(em: EntityManager, partnerIds: PartnerIds, credentials: Credentials): Promise<PartnerActor | null> {
  const access = await resolvePartnerAccessToken(em, partnerIds, credentials.token);
  if (!access) return null;
  const member = await em.findOne(Member, { id: access.memberId });
  if (!member) return null;
  return {
    kind: 'partner',
    client: credentials.client,
    member,
    grant: { id: access.grantId, clientId: access.clientId, partnerId: String(access.partnerId) },
    scopes: new Set(access.scopes),
    sub: access.sub,
    settings: { trustedDocumentsOnly: access.trustedDocumentsOnly, costBudget: access.costBudget },
  };
}
