import type { EntityManager } from '@mikro-orm/postgresql';
import { storedId } from './oidc-adapter.ts';
import type { PartnerIds } from './partner-ids.ts';

export type PartnerAccess = {
  /** The member's grant (partner_grant.id): what `revokePartnerGrant` ends. */
  grantId: string;
  clientId: string;
  /** The partner's record in the CMS. */
  partnerId: number;
  memberId: string;
  scopes: string[];
  /** The member's pairwise id for this partner (`me.id` for a partner token). */
  sub: string;
  /** Set in the admin: the partner may send only its registered documents (trusted-documents.ts). */
  trustedDocumentsOnly: boolean;
  /** Set in the admin: its cost budget per member, or null for the instance's default. */
  costBudget: number | null;
};

const TOUCH_EVERY_MS = 60_000;

/**
 * The actor behind a partner's access token, looked up in-process (no HTTP introspection): the
 * token is live (not expired, its grant not revoked), its partner enabled. Null otherwise. The
 * grant's last use is written at most once a minute. One query on the hot path.
 */
export async function resolvePartnerAccessToken(
  em: EntityManager,
  pairwise: Pick<PartnerIds, 'subFor'>,
  token: string | undefined,
): Promise<PartnerAccess | null> {
  if (!token || token.length < 20 || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const rows: {
    grant_id: string;
    client_id: string;
    partner_id: number;
    member_id: string;
    scope: string | null;
    touch: boolean;
    trusted_documents_only: boolean | null;
    cost_budget: string | null;
  }[] = await em.getConnection().execute(
    `SELECT g.id AS grant_id, g.client_id, p.id AS partner_id, g.member_id, t.payload->>'scope' AS scope,
            p.trusted_documents_only, p.cost_budget,
            (g.last_used_at IS NULL OR g.last_used_at < now() - make_interval(secs => ?)) AS touch
       FROM oauth_model t
       JOIN partner_grant g ON g.oidc_grant_id = t.grant_id AND g.revoked_at IS NULL
       JOIN cms.partners p ON p.client_id = g.client_id AND p.disabled IS NOT TRUE
      WHERE t.model = 'AccessToken' AND t.id = ? AND t.expires_at > now() AND (t.payload->>'exp')::bigint > extract(epoch FROM now())`,
    [TOUCH_EVERY_MS / 1000, storedId(token)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.touch) {
    await em.getConnection().execute('UPDATE partner_grant SET last_used_at = now() WHERE id = ?', [row.grant_id]);
  }
  return {
    grantId: row.grant_id,
    clientId: row.client_id,
    partnerId: row.partner_id,
    memberId: row.member_id,
    scopes: (row.scope ?? '').split(' ').filter(Boolean),
    sub: pairwise.subFor(row.member_id, row.client_id),
    trustedDocumentsOnly: row.trusted_documents_only === true,
    costBudget: row.cost_budget === null ? null : Number(row.cost_budget),
  };
}
