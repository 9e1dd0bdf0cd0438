import type { Member } from '../../entities/member.entity.ts';
import type { MemberSession } from '../../entities/member-session.entity.ts';
import type { PolicyAcceptance } from '../../entities/policy-acceptance.entity.ts';
import type { MemberType } from '../../schema/members/member.type.ts';
import { Plan } from '../../schema/members/plan.enum.ts';
import type { SessionType } from '../../schema/members/session.type.ts';
import type { PolicyAcceptanceType } from '../../schema/policies/policy-acceptance.type.ts';
import { toGlobalId } from '../../services/common/global-id.ts';
import { toPolicyVersion } from '../policies/policy.mapper.ts';

export function toMember(m: Member): MemberType {
  return {
    __typename: 'Member',
    id: toGlobalId('Member', m.id),
    email: m.email,
    displayName: m.displayName,
    emailVerified: Boolean(m.emailVerifiedAt),
    plan: m.plan === 'premium' ? Plan.PREMIUM : Plan.FREE,
    createdAt: m.createdAt,
  };
}

export function toSession(s: MemberSession, currentId: string | undefined): SessionType {
  return {
    __typename: 'Session',
    id: toGlobalId('Session', s.id),
    createdAt: s.createdAt,
    lastUsedAt: s.lastUsedAt,
    expiresAt: s.expiresAt,
    current: s.id === currentId,
    userAgent: s.userAgent ?? null,
  };
}

export function toAcceptance(a: PolicyAcceptance): PolicyAcceptanceType {
  return {
    __typename: 'PolicyAcceptance',
    id: toGlobalId('PolicyAcceptance', a.id),
    policy: toPolicyVersion(a.policyVersion),
    acceptedAt: a.acceptedAt,
  };
}
