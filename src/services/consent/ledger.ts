import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConsentEventKindValue, ConsentSource } from '../../entities/consent-event.entity.ts';
import type { Member } from '../../entities/member.entity.ts';

/**
 * Writes to the append-only consent ledger. Every entry names the member by pseudonym only, and
 * records nothing about a device or network. The source is decided by the server, never the client.
 */
export async function recordConsent(
  em: EntityManager,
  opts: {
    member: Member;
    kind: Exclude<ConsentEventKindValue, 'POLICY_ACCEPTED'>;
    source: ConsentSource;
    detail?: Record<string, unknown>;
    /** The partner's OAuth client_id, for PARTNER_GRANTED and PARTNER_REVOKED. */
    partner?: string;
  },
): Promise<void> {
  await em
    .getConnection()
    .execute(
      'INSERT INTO consent_event (subject, kind, source, detail, partner_client_id) VALUES (?, ?, ?, ?, ?)',
      [opts.member.pseudonym, opts.kind, opts.source, JSON.stringify(opts.detail ?? {}), opts.partner ?? null],
      'run',
      em.getTransactionContext(),
    );
}

/**
 * Accepts policy versions once each: the acceptance and its ledger entry are written by one
 * statement, and only when the acceptance is new, so that concurrent calls leave one of each.
 * Returns the ids of the versions newly accepted.
 */
export async function recordAcceptances(
  em: EntityManager,
  opts: { member: Member; versionIds: string[]; source: ConsentSource },
): Promise<string[]> {
  const accepted: string[] = [];
  for (const versionId of opts.versionIds) {
    const rows: { policy_version_id: string }[] = await em.getConnection().execute(
      `WITH accepted AS (
         INSERT INTO policy_acceptance (member_id, policy_version_id, consent_event_id, accepted_at)
         VALUES (?, ?, ?, date_trunc('milliseconds', clock_timestamp()))
         ON CONFLICT ON CONSTRAINT policy_acceptance_once DO NOTHING
         RETURNING consent_event_id, policy_version_id, accepted_at)
       INSERT INTO consent_event (id, subject, kind, at, policy_version_id, content_hash, source)
       SELECT a.consent_event_id, ?, 'POLICY_ACCEPTED', a.accepted_at, v.id, v.content_hash, ?
         FROM accepted a JOIN policy_version v ON v.id = a.policy_version_id
       RETURNING policy_version_id`,
      [opts.member.id, versionId, randomUUID(), opts.member.pseudonym, opts.source],
      'all',
      em.getTransactionContext(),
    );
    if (rows[0]) accepted.push(rows[0].policy_version_id);
  }
  return accepted;
}
