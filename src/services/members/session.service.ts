import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import { MemberSession } from '../../entities/member-session.entity.ts';
import type { MemberActor } from '../access/actor.ts';
import type { Scope } from '../scope.ts';
import type { ClientKey } from '../security/client-keys.ts';
import { hashToken, isWellFormedToken, newToken } from '../security/tokens.ts';

export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions: a random 256-bit token given to the client once, stored only as its sha256, with
 * expiry, last use and the user agent. Never the client's address.
 */
export class SessionService {
  constructor(private readonly scope: Scope) {}

  /** The member's live sessions, newest first. */
  async list(): Promise<{ sessions: MemberSession[]; currentId: string | undefined }> {
    const actor = await this.scope.require('account.use');
    const sessions = await this.scope.em.find(
      MemberSession,
      { member: actor.member.id, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc' } },
    );
    return { sessions, currentId: currentSessionId(this.scope) };
  }

  /** One of the member's live sessions; null for any other id. */
  async byId(id: string): Promise<MemberSession | null> {
    await this.scope.require('account.use', { kind: 'session', ids: [id] });
    return this.scope.em.findOne(MemberSession, { id });
  }

  /** Ends the session the request is made with. */
  async endCurrent(): Promise<void> {
    const actor = await this.scope.require('account.use');
    await this.scope.em.nativeDelete(MemberSession, { id: currentSessionId(this.scope), member: actor.member.id });
  }

  /** Ends one session of the member; NOT_FOUND when it is not theirs or does not exist. */
  async end(id: string): Promise<{ wasCurrent: boolean }> {
    const actor = await this.scope.require('account.use', { kind: 'session', ids: [id] });
    await this.scope.em.nativeDelete(MemberSession, { id, member: actor.member.id });
    return { wasCurrent: id === currentSessionId(this.scope) };
  }

  /** Ends every session of the member; returns how many. */
  async endAll(): Promise<number> {
    const actor = await this.scope.require('account.use');
    return endSessions(this.scope.em, actor.member.id);
  }
}

const currentSessionId = (scope: Scope) => (scope.actor.kind === 'member' ? scope.actor.session.id : undefined);

/** A new session for a member who just proved who they are (sign-in). */
export async function createSession(
  em: EntityManager,
  member: Member,
  userAgent: string | undefined,
): Promise<{ token: string; session: MemberSession }> {
  const token = newToken();
  const session = em.create(MemberSession, {
    member,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    userAgent: userAgent?.slice(0, 256) || null,
    createdAt: new Date(),
    lastUsedAt: new Date(),
  });
  await em.persistAndFlush(session);
  return { token, session };
}

/** Ends every session of a member but `keep`; returns how many ended. */
export function endSessions(em: EntityManager, memberId: string, keep?: string): Promise<number> {
  return em.nativeDelete(MemberSession, keep ? { member: memberId, id: { $ne: keep } } : { member: memberId });
}

/**
 * The actor of a request: the member of a live session token, else a visitor. Last use is written
 * at most once a minute.
 */
export async function sessionActor(
  em: EntityManager,
  opts: { token: string | undefined; client: ClientKey },
): Promise<MemberActor | null> {
  if (!opts.token || !isWellFormedToken(opts.token)) return null;
  const session = await em.findOne(
    MemberSession,
    { tokenHash: hashToken(opts.token), expiresAt: { $gt: new Date() } },
    { populate: ['member'] },
  );
  if (!session) return null;
  if (Date.now() - session.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    session.lastUsedAt = new Date();
    await em.nativeUpdate(MemberSession, { id: session.id }, { lastUsedAt: session.lastUsedAt });
  }
  return { kind: 'member', client: opts.client, member: session.member as Member, session };
}

/** Expired sessions serve nobody: removed at start-up and then daily. */
export function purgeExpiredSessions(em: EntityManager): Promise<number> {
  return em.nativeDelete(MemberSession, { expiresAt: { $lte: new Date() } });
}
