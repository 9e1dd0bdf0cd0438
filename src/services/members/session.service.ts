import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import { MemberSession } from '../../entities/member-session.entity.ts';
import { hashToken, isWellFormedToken, newToken } from '../security/tokens.ts';

export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 60_000;

export type Auth = { member: Member; session: MemberSession };

/**
 * Sessions: a random 256-bit token given to the client once, stored only as its sha256, with
 * expiry, last use and the user agent. Never the client's address.
 */
export class SessionService {
  constructor(private readonly em: EntityManager) {}

  async create(member: Member, userAgent: string | undefined): Promise<{ token: string; session: MemberSession }> {
    const token = newToken();
    const session = this.em.create(MemberSession, {
      member,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
      userAgent: userAgent?.slice(0, 256) || null,
      createdAt: new Date(),
      lastUsedAt: new Date(),
    });
    await this.em.persistAndFlush(session);
    return { token, session };
  }

  /** The live session of a token, or null; last use is written at most once a minute. */
  async resolve(token: string | undefined): Promise<Auth | null> {
    if (!token || !isWellFormedToken(token)) return null;
    const session = await this.em.findOne(
      MemberSession,
      { tokenHash: hashToken(token), expiresAt: { $gt: new Date() } },
      { populate: ['member'] },
    );
    if (!session) return null;
    if (Date.now() - session.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      session.lastUsedAt = new Date();
      await this.em.nativeUpdate(MemberSession, { id: session.id }, { lastUsedAt: session.lastUsedAt });
    }
    return { member: session.member, session };
  }

  list(memberId: string): Promise<MemberSession[]> {
    return this.em.find(MemberSession, { member: memberId, expiresAt: { $gt: new Date() } }, { orderBy: { createdAt: 'desc' } });
  }

  /** Ends one session of this member; false when it is not theirs or does not exist. */
  async end(memberId: string, sessionId: string): Promise<boolean> {
    return (await this.em.nativeDelete(MemberSession, { id: sessionId, member: memberId })) > 0;
  }

  /** Ends every session of the member but `keep`; returns how many ended. */
  endAll(memberId: string, keep?: string): Promise<number> {
    return this.em.nativeDelete(MemberSession, keep ? { member: memberId, id: { $ne: keep } } : { member: memberId });
  }

  /** Expired sessions serve nobody: removed at start-up and then daily. */
  purgeExpired(): Promise<number> {
    return this.em.nativeDelete(MemberSession, { expiresAt: { $lte: new Date() } });
  }
}

export async function findMemberByEmail(em: EntityManager, email: string): Promise<Member | null> {
  return em.findOne(Member, { email });
}
