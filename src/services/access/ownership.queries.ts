import type { EntityManager } from '@mikro-orm/postgresql';
import type { Member } from '../../entities/member.entity.ts';
import type { OwnedKind } from './permissions.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Which of these ids name objects of this member; one statement per kind, every value a parameter. */
const OWNED: Record<OwnedKind, { sql: string; owner: (m: Member) => string }> = {
  session: {
    sql: 'SELECT id::text FROM member_session WHERE member_id = ? AND id = ANY(?::uuid[]) AND expires_at > now()',
    owner: (m) => m.id,
  },
  download: { sql: 'SELECT id::text FROM download WHERE member_id = ? AND id = ANY(?::uuid[])', owner: (m) => m.id },
  consentEvent: {
    sql: 'SELECT id::text FROM consent_event WHERE subject = ? AND id = ANY(?::uuid[])',
    owner: (m) => m.pseudonym,
  },
  partnerGrant: {
    sql: 'SELECT id::text FROM partner_grant WHERE member_id = ? AND id = ANY(?::uuid[]) AND revoked_at IS NULL',
    owner: (m) => m.id,
  },
  policyAcceptance: {
    sql: 'SELECT id::text FROM policy_acceptance WHERE member_id = ? AND id = ANY(?::uuid[])',
    owner: (m) => m.id,
  },
  invoice: {
    sql: `SELECT i.id::text FROM billing_invoice i JOIN billing_customer c ON c.id = i.customer_id
           WHERE c.member_id = ? AND i.id = ANY(?::uuid[])`,
    owner: (m) => m.id,
  },
};

export async function ownedIds(em: EntityManager, member: Member, kind: OwnedKind, ids: readonly string[]): Promise<Set<string>> {
  const candidates = ids.filter((id) => UUID.test(id));
  if (candidates.length === 0) return new Set();
  const query = OWNED[kind];
  const rows: { id: string }[] = await em
    .getConnection()
    .execute(query.sql, [query.owner(member), `{${candidates.join(',')}}`], 'all', em.getTransactionContext());
  return new Set(rows.map((r) => r.id));
}
