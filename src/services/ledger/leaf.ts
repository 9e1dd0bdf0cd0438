import canonicalize from 'canonicalize';

/** A ledger entry as the database holds it, with its policy version's kind and number. */
export type EntryRow = {
  id: string;
  ledger_index: number;
  kind: string;
  /** ISO 8601 UTC with milliseconds, written by PostgreSQL (drivers differ in how they parse timestamps). */
  at: string;
  subject: string;
  source: string;
  policy_version_id: string | null;
  policy_kind: string | null;
  policy_version: number | null;
  content_hash: string | null;
  partner_client_id: string | null;
  detail: Record<string, unknown> | null;
};

/** The columns an EntryRow is read with, from `consent_event e LEFT JOIN policy_version v`. */
export const ISO_UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
export const ENTRY_COLUMNS = `e.id, e.ledger_index, e.kind, ${ISO_UTC('e.at')} AS at, e.subject::text AS subject, e.source, e.policy_version_id,
  v.kind AS policy_kind, v.version AS policy_version, e.content_hash, e.partner_client_id, e.detail`;

/**
 * The leaf of an entry, byte for byte as the contract defines it: RFC 8785 canonical JSON of
 * { index, kind, at, subject, source, policy, contentHash, partner, detail }, members that do not
 * apply left out. `subject` is the pseudonym as lower-case hex, never anything naming the person.
 */
export function leafOf(e: EntryRow): string {
  const hasDetail = e.detail != null && Object.keys(e.detail).length > 0;
  const leaf = {
    index: e.ledger_index,
    kind: e.kind,
    at: e.at,
    subject: e.subject.replace(/-/g, '').toLowerCase(),
    source: e.source,
    policy: e.policy_kind ? `${e.policy_kind.toUpperCase()}/${e.policy_version}` : undefined,
    contentHash: e.content_hash ?? undefined,
    partner: e.partner_client_id ?? undefined,
    detail: hasDetail ? e.detail : undefined,
  };
  return canonicalize(leaf) as string;
}
