import type { EntityManager } from '@mikro-orm/postgresql';
import { Member } from '../../entities/member.entity.ts';
import { recordConsent } from '../consent/ledger.ts';
import { sortScopes } from './scopes.ts';

export type PartnerGrantRow = {
  id: string;
  memberId: string;
  clientId: string;
  oidcGrantId: string;
  scopes: string[];
  grantedAt: Date;
  lastUsedAt: Date | null;
};

type Row = {
  id: string;
  member_id: string;
  client_id: string;
  oidc_grant_id: string;
  scopes: string[];
  granted_at: Date | string;
  last_used_at: Date | string | null;
};

const toGrant = (row: Row): PartnerGrantRow => ({
  id: row.id,
  memberId: row.member_id,
  clientId: row.client_id,
  oidcGrantId: row.oidc_grant_id,
  scopes: row.scopes,
  // Raw queries return timestamps as the driver gives them (MikroORM parses only entities' dates).
  grantedAt: new Date(row.granted_at),
  lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
});

/**
 * What each member allowed each partner (one live grant per pair), beside oidc-provider's own
 * Grant that its tokens hang from. Every grant and revocation is a ledger entry written in the same
 * transaction as the row; revoking also deletes every code and token of the grant in it.
 */
export class PartnerGrantService {
  constructor(private readonly em: EntityManager) {}

  async activeFor(memberId: string, clientId: string): Promise<PartnerGrantRow | null> {
    const rows: Row[] = await this.em
      .getConnection()
      .execute('SELECT * FROM partner_grant WHERE member_id = ? AND client_id = ? AND revoked_at IS NULL', [memberId, clientId]);
    return rows[0] ? toGrant(rows[0]) : null;
  }

  async liveById(memberId: string, grantId: string): Promise<PartnerGrantRow | null> {
    const rows: Row[] = await this.em
      .getConnection()
      .execute('SELECT * FROM partner_grant WHERE id = ? AND member_id = ? AND revoked_at IS NULL', [grantId, memberId]);
    return rows[0] ? toGrant(rows[0]) : null;
  }

  /** The member's live grants, newest first. */
  async listFor(memberId: string): Promise<PartnerGrantRow[]> {
    const rows: Row[] = await this.em
      .getConnection()
      .execute('SELECT * FROM partner_grant WHERE member_id = ? AND revoked_at IS NULL ORDER BY granted_at DESC, id DESC', [
        memberId,
      ]);
    return rows.map(toGrant);
  }

  /**
   * The member pressed Allow: the grant now holds `scopes` and points at oidc-provider's Grant.
   * A concurrent Allow for the same pair is serialised by the row lock of the upsert.
   */
  async granted(opts: { memberId: string; clientId: string; oidcGrantId: string; scopes: string[] }): Promise<void> {
    const scopes = sortScopes(opts.scopes);
    await this.em.transactional(async (em) => {
      const member = await em.findOneOrFail(Member, { id: opts.memberId });
      await em.getConnection().execute(
        `INSERT INTO partner_grant (member_id, client_id, oidc_grant_id, scopes)
         VALUES (?, ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)))
         ON CONFLICT (member_id, client_id) WHERE revoked_at IS NULL
         DO UPDATE SET oidc_grant_id = excluded.oidc_grant_id, scopes = excluded.scopes`,
        [member.id, opts.clientId, opts.oidcGrantId, JSON.stringify(scopes)],
        'run',
        em.getTransactionContext(),
      );
      await recordConsent(em, {
        member,
        kind: 'PARTNER_GRANTED',
        source: 'oauth',
        partnerClientId: opts.clientId,
        detail: { scopes },
      });
    });
  }

  /** Revoked in settings (`revokePartnerGrant`): false when no live grant of this member has the id. */
  async revokeByMember(memberId: string, grantId: string): Promise<boolean> {
    return this.em.transactional(async (em) => {
      const rows: Row[] = await em
        .getConnection()
        .execute(
          'UPDATE partner_grant SET revoked_at = now() WHERE id = ? AND member_id = ? AND revoked_at IS NULL RETURNING *',
          [grantId, memberId],
          'all',
          em.getTransactionContext(),
        );
      const row = rows[0];
      if (!row) return false;
      await em
        .getConnection()
        .execute('DELETE FROM oauth_model WHERE grant_id = ?', [row.oidc_grant_id], 'run', em.getTransactionContext());
      const member = await em.findOneOrFail(Member, { id: memberId });
      await recordConsent(em, { member, kind: 'PARTNER_REVOKED', source: 'settings', partnerClientId: row.client_id });
      return true;
    });
  }

  /**
   * oidc-provider ended its Grant (a reused code or refresh token, or the partner revoking its
   * refresh token): the member's grant ends with it, as a ledger entry of source `oauth`.
   */
  async endedByAuthorizationServer(oidcGrantId: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const rows: Row[] = await em
        .getConnection()
        .execute(
          'UPDATE partner_grant SET revoked_at = now() WHERE oidc_grant_id = ? AND revoked_at IS NULL RETURNING *',
          [oidcGrantId],
          'all',
          em.getTransactionContext(),
        );
      for (const row of rows) {
        const member = await em.findOneOrFail(Member, { id: row.member_id });
        await recordConsent(em, { member, kind: 'PARTNER_REVOKED', source: 'oauth', partnerClientId: row.client_id });
      }
    });
  }
}
