import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConsentEventKindValue, ConsentSource } from '../../entities/consent-event.entity.ts';
import type { Member } from '../../entities/member.entity.ts';
import { markAppended } from '../ledger/append.ts';
import { emSql } from '../ledger/sql.ts';

/**
 * Writes to the append-only consent ledger. Every entry names the member by pseudonym only, and
 * records nothing about a device or network. The source is decided by the server, never the client.
 * Each entry is also a leaf of the ledger's Merkle tree (src/services/ledger): it is written in
 * the caller's transaction, which must be open, with no index; the ledger builder gives it its
 * index and subtree hashes once that transaction has committed.
 */
export async function recordConsent(
  em: EntityManager,
  opts: {
    member: Member;
    kind: Exclude<ConsentEventKindValue, 'POLICY_ACCEPTED'>;
    source: ConsentSource;
    detail?: Record<string, unknown>;
    /** The partner app's OAuth client_id: required for PARTNER_GRANTED and PARTNER_REVOKED, refused otherwise. */
    partnerClientId?: string;
  },
): Promise<void> {
  const sql = inTransaction(em);
  await sql('INSERT INTO consent_event (subject, kind, source, detail, partner_client_id) VALUES (?, ?, ?, ?, ?)', [
    opts.member.pseudonym,
    opts.kind,
    opts.source,
    JSON.stringify(opts.detail ?? {}),
    opts.partnerClientId ?? null,
  ]);
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
  const sql = inTransaction(em);
  const accepted: string[] = [];
  for (const versionId of opts.versionIds) {
    const [entry] = await sql<{ policy_version_id: string }>(
      `WITH accepted AS (
         INSERT INTO policy_acceptance (member_id, policy_version_id, consent_event_id, accepted_at)
         VALUES (?, ?, ?, date_trunc('milliseconds', clock_timestamp()))
         ON CONFLICT ON CONSTRAINT policy_acceptance_once DO NOTHING
         RETURNING consent_event_id, policy_version_id, accepted_at),
       entry AS (
         INSERT INTO consent_event (id, subject, kind, at, policy_version_id, content_hash, source)
         SELECT a.consent_event_id, ?, 'POLICY_ACCEPTED', a.accepted_at, v.id, v.content_hash, ?
           FROM accepted a JOIN policy_version v ON v.id = a.policy_version_id
         RETURNING policy_version_id)
       SELECT policy_version_id FROM entry`,
      [opts.member.id, versionId, randomUUID(), opts.member.pseudonym, opts.source],
    );
    if (entry?.policy_version_id) accepted.push(entry.policy_version_id);
  }
  return accepted;
}

/** An entry is written with what it records, in one transaction; the builder wakes when it commits. */
function inTransaction(em: EntityManager) {
  if (!em.isInTransaction()) throw new Error('consent ledger entries are written inside a transaction');
  markAppended(em);
  return emSql(em);
}
