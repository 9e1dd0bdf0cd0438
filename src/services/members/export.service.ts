import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.ts';
import type { Member } from '../../entities/member.entity.ts';
import { exportBilling } from '../billing/billing.service.ts';
import { toGlobalId } from '../common/global-id.ts';
import type { Scope } from '../scope.ts';

/** `exportMyData`: the account's own data, for the member's own session only. */
export class ExportService {
  constructor(private readonly scope: Scope) {}

  async export(): Promise<Record<string, unknown>> {
    const { member } = await this.scope.require('account.use');
    return exportMemberData(this.scope.em, member, this.scope.runtime.config);
  }
}

import { LedgerService } from '../ledger/ledger.service.ts';

/**
 * `exportMyData`: everything held about the member, in one JSON document whose keys are listed in
 * docs/data-export.md. Tokens (session, e-mail, unsubscribe), their hashes and password hashes are
 * never part of it.
 */
export async function exportMemberData(em: EntityManager, member: Member, config: Config): Promise<Record<string, unknown>> {
  const sql = em.getConnection();
  const [sessions, acceptances, ledger, cookies, downloads, pendingEmails, deliveries] = await Promise.all([
    sql.execute(
      `SELECT id, created_at, last_used_at, expires_at, user_agent FROM member_session
        WHERE member_id = ? AND expires_at > now() ORDER BY created_at`,
      [member.id],
    ),
    sql.execute(
      `SELECT a.id, a.accepted_at, v.id AS policy_version_id, v.kind, v.version, v.title, v.content_hash
         FROM policy_acceptance a JOIN policy_version v ON v.id = a.policy_version_id
        WHERE a.member_id = ? ORDER BY a.accepted_at`,
      [member.id],
    ),
    sql.execute(
      `SELECT e.id, e.kind, e.at, e.source, e.policy_version_id, e.content_hash, e.detail, v.kind AS policy_kind, v.version AS policy_version
         FROM consent_event e LEFT JOIN policy_version v ON v.id = e.policy_version_id
        WHERE e.subject = ? ORDER BY e.at, e.id`,
      [member.pseudonym],
    ),
    sql.execute('SELECT preferences, analytics, updated_at FROM cookie_preferences WHERE member_id = ?', [member.id]),
    sql.execute(
      `SELECT d.id, d.track_id, d.requested_at, t.title, a.name AS artist FROM download d
         JOIN track t ON t.id = d.track_id JOIN artist a ON a.id = t.artist_id
        WHERE d.member_id = ? ORDER BY d.requested_at, d.id`,
      [member.id],
    ),
    // The address the member asked to move to, until its link is used or expires: only the
    // newest change-email token is live (issuing one ends the earlier ones).
    sql.execute(
      `SELECT email, created_at, expires_at FROM member_token
        WHERE member_id = ? AND purpose = 'change-email' AND used_at IS NULL AND expires_at > now()
        ORDER BY created_at DESC LIMIT 1`,
      [member.id],
    ),
    // The subject lives in Payload's table (schema cms); a deleted announcement leaves it null.
    sql.execute(
      `SELECT d.id, d.announcement_id, d.status, d.created_at, d.sent_at, a.subject
         FROM announcement_delivery d LEFT JOIN cms.announcements a ON a.id::text = d.announcement_id
        WHERE d.member_id = ? ORDER BY d.created_at, d.id`,
      [member.id],
    ),
  ]);
  const pendingEmail = pendingEmails[0];
  const billing = await exportBilling(em, member.id);
  const [devices, grants, disclosed] = await Promise.all([
    sql.execute('SELECT created_at, last_used_at FROM member_device WHERE member_id = ? ORDER BY created_at', [member.id]),
    sql.execute(
      `SELECT id, client_id, scopes, granted_at, last_used_at, revoked_at FROM partner_grant
        WHERE member_id = ? ORDER BY granted_at, id`,
      [member.id],
    ),
    // Every answer recorded for a partner app, one row each (me.disclosures groups them).
    sql.execute(
      `SELECT d.grant_id, d.fields, d.at FROM partner_disclosure d JOIN partner_grant g ON g.id = d.grant_id
        WHERE g.member_id = ? ORDER BY d.at, d.id`,
      [member.id],
    ),
  ]);
  return {
    format: 'mixx-data-export/1',
    exportedAt: new Date().toISOString(),
    profile: {
      id: member.id,
      email: member.email,
      displayName: member.displayName,
      emailVerified: Boolean(member.emailVerifiedAt),
      emailVerifiedAt: member.emailVerifiedAt ?? null,
      pendingEmail: pendingEmail
        ? { email: pendingEmail.email, requestedAt: iso(pendingEmail.created_at), expiresAt: iso(pendingEmail.expires_at) }
        : null,
      plan: member.plan.toUpperCase(),
      createdAt: member.createdAt,
      updatedAt: member.updatedAt,
      consentPseudonym: member.pseudonym,
      emailConsent: { status: member.emailConsent, updatedAt: member.emailConsentAt ?? null },
      cookiePreferences: cookies[0]
        ? {
            necessary: true,
            preferences: cookies[0].preferences,
            analytics: cookies[0].analytics,
            updatedAt: cookies[0].updated_at,
          }
        : null,
    },
    sessions: sessions.map((s: any) => ({
      id: s.id,
      createdAt: s.created_at,
      lastUsedAt: s.last_used_at,
      expiresAt: s.expires_at,
      userAgent: s.user_agent,
    })),
    policyAcceptances: acceptances.map((a: any) => ({
      id: a.id,
      acceptedAt: a.accepted_at,
      policyVersionId: a.policy_version_id,
      kind: a.kind.toUpperCase(),
      version: a.version,
      title: a.title,
      contentHash: a.content_hash,
    })),
    consentLedger: ledger.map((e: any) => ({
      id: e.id,
      kind: e.kind,
      at: e.at,
      source: e.source,
      policyVersionId: e.policy_version_id,
      contentHash: e.content_hash,
      detail: e.detail,
    })),
    consentReceipts: ledger.map((e: any) => consentReceipt(e, member.pseudonym)),
    signedConsentReceipts: await new LedgerService(em, config).receiptsOf(member.pseudonym, (e) =>
      consentReceipt(e, member.pseudonym),
    ),
    downloads: downloads.map((d: any) => ({
      id: d.id,
      trackId: toGlobalId('Track', d.track_id),
      trackTitle: d.title,
      artistName: d.artist,
      requestedAt: d.requested_at,
    })),
    announcementDeliveries: deliveries.map((d: any) => ({
      id: d.id,
      announcementId: d.announcement_id,
      subject: d.subject ?? null,
      status: d.status,
      recordedAt: iso(d.created_at),
      sentAt: d.sent_at ? iso(d.sent_at) : null,
    })),
    billing,
    // Only when each device was first and last used: the device id itself is a credential.
    devices: devices.map((d: any) => ({ firstUsedAt: iso(d.created_at), lastUsedAt: iso(d.last_used_at) })),
    partnerGrants: grants.map((g: any) => ({
      id: g.id,
      partnerClientId: g.client_id,
      scopes: g.scopes,
      grantedAt: iso(g.granted_at),
      lastUsedAt: g.last_used_at ? iso(g.last_used_at) : null,
      revokedAt: g.revoked_at ? iso(g.revoked_at) : null,
    })),
    partnerDisclosures: disclosed.map((d: any) => ({ grantId: d.grant_id, fields: d.fields, at: iso(d.at) })),
  };
}

const iso = (at: string | Date) => new Date(at).toISOString();

const PURPOSE: Record<string, string> = {
  EMAIL_REQUESTED: 'information-emails',
  EMAIL_CONFIRMED: 'information-emails',
  EMAIL_WITHDRAWN: 'information-emails',
  COOKIES_SET: 'cookies',
  PARTNER_GRANTED: 'partner-sharing',
  PARTNER_REVOKED: 'partner-sharing',
};
const STATE: Record<string, string> = {
  POLICY_ACCEPTED: 'accepted',
  EMAIL_REQUESTED: 'requested',
  EMAIL_CONFIRMED: 'granted',
  EMAIL_WITHDRAWN: 'withdrawn',
  COOKIES_SET: 'set',
  PARTNER_GRANTED: 'granted',
  PARTNER_REVOKED: 'withdrawn',
};

/** One ledger entry as a Kantara Consent Receipt / ISO/IEC 27560 record (docs/data-export.md). */
export function consentReceipt(e: any, pseudonym: string) {
  return {
    receiptId: e.id,
    version: 'KI-CR-v1.1.0',
    timestamp: new Date(e.at).toISOString(),
    piiController: 'Mixx',
    piiPrincipalId: pseudonym,
    collectionMethod: e.source,
    purpose: e.kind === 'POLICY_ACCEPTED' ? (e.policy_kind === 'terms' ? 'terms-of-use' : 'privacy-policy') : PURPOSE[e.kind],
    policy: e.policy_version_id
      ? { id: e.policy_version_id, kind: e.policy_kind, version: e.policy_version, contentHash: e.content_hash }
      : null,
    state: STATE[e.kind],
    detail: e.detail,
  };
}
