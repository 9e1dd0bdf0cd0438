import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import { MemberToken, type TokenPurpose } from '../../entities/member-token.entity.ts';
import { InvalidTokenError } from '../../errors/errors.ts';
import { hashToken, isWellFormedToken, newToken } from '../security/tokens.ts';

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  'verify-email': 24 * 3_600_000,
  'change-email': 24 * 3_600_000,
  'reset-password': 3_600_000,
  'confirm-email-consent': 7 * 24 * 3_600_000,
};

/** A new single-use token for `email`; earlier unused tokens of the same purpose stop working. */
export async function issueToken(
  em: EntityManager,
  opts: { member: Member; purpose: TokenPurpose; email: string },
): Promise<string> {
  const token = newToken();
  await em.nativeUpdate(
    MemberToken,
    { member: opts.member.id, purpose: opts.purpose, usedAt: null },
    { expiresAt: new Date(Date.now() - 1) },
  );
  em.create(MemberToken, {
    member: opts.member,
    purpose: opts.purpose,
    tokenHash: hashToken(token),
    email: opts.email,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[opts.purpose]),
  });
  await em.flush();
  return token;
}

/**
 * Uses a token exactly once, even when two requests race for it: the UPDATE that marks it used is
 * the check. Unknown, used, expired and malformed tokens are all INVALID_TOKEN.
 */
export async function consumeToken(
  em: EntityManager,
  token: string,
  purposes: TokenPurpose[],
): Promise<{ member: Member; purpose: TokenPurpose; email: string }> {
  if (!isWellFormedToken(token)) throw new InvalidTokenError();
  const rows: { member_id: string; purpose: TokenPurpose; email: string }[] = await em.getConnection().execute(
    `UPDATE member_token SET used_at = now()
      WHERE token_hash = ? AND used_at IS NULL AND expires_at > now() AND purpose = ANY(?::text[])
      RETURNING member_id, purpose, email`,
    [hashToken(token), `{${purposes.join(',')}}`],
    'all',
    em.getTransactionContext(),
  );
  const row = rows[0];
  if (!row) throw new InvalidTokenError();
  const member = await em.findOneOrFail(Member, { id: row.member_id });
  return { member, purpose: row.purpose, email: row.email };
}

/**
 * The member a live token of these purposes belongs to, without using it up: checked before any
 * costly work (scoring and hashing a new password), which then consumes it in its transaction.
 */
export async function findLiveToken(em: EntityManager, token: string, purposes: TokenPurpose[]): Promise<{ member: Member }> {
  if (!isWellFormedToken(token)) throw new InvalidTokenError();
  const row = await em.findOne(MemberToken, {
    tokenHash: hashToken(token),
    usedAt: null,
    expiresAt: { $gt: new Date() },
    purpose: { $in: purposes },
  });
  if (!row) throw new InvalidTokenError();
  return { member: await em.findOneOrFail(Member, { id: row.member.id }) };
}

/**
 * A changed address or password ends every reset and verification link still out: a link mailed
 * to an address the member has left, or sent before the password changed, proves nothing now.
 */
export async function endAccountTokens(em: EntityManager, memberId: string): Promise<void> {
  await em.nativeUpdate(
    MemberToken,
    { member: memberId, usedAt: null, purpose: { $in: ['reset-password', 'verify-email', 'change-email'] } },
    { expiresAt: new Date(Date.now() - 1) },
  );
}
