import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { errors } from 'oidc-provider';
import { isUuid } from '../common/global-id.ts';
import { findPartnerByClientId, type PartnerRecord } from './partner-directory.ts';

type Payload = Record<string, unknown> & { jti?: string };
type StoredRow = { payload: Payload; consumed: number | null };

/** oidc-provider stores its artifacts by id; the table keeps only this hash of it (see the migration). */
export const storedId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('base64url');

/** The client metadata oidc-provider validates and uses for a partner; disabled partners have none. */
export function clientMetadata(partner: PartnerRecord): Record<string, unknown> | undefined {
  if (partner.isDisabled || (!partner.isPublic && !partner.secretHash)) return undefined;
  return {
    client_id: partner.clientId,
    client_name: partner.name,
    ...(partner.homepageUrl ? { client_uri: partner.homepageUrl } : {}),
    ...(partner.privacyPolicyUrl ? { policy_uri: partner.privacyPolicyUrl } : {}),
    redirect_uris: partner.redirectUris,
    response_types: ['code'],
    grant_types: partner.scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    token_endpoint_auth_method: partner.authMethod,
    // The hash, compared by Client.compareClientSecret as replaced in authorization-server.ts.
    ...(partner.isPublic ? {} : { client_secret: partner.secretHash }),
    scope: partner.scopes.join(' '),
    subject_type: 'pairwise',
    application_type: 'web',
    id_token_signed_response_alg: 'ES256',
  };
}

function lookupColumns(model: string, id: string, payload: Payload) {
  const session = payload.session as { accountId?: unknown } | undefined;
  const params = payload.params as { client_id?: unknown } | undefined;
  const accountId = payload.accountId ?? session?.accountId;
  const clientId = payload.clientId ?? params?.client_id;
  return {
    grantId: model === 'Grant' ? id : typeof payload.grantId === 'string' ? payload.grantId : null,
    uid: typeof payload.uid === 'string' ? payload.uid : null,
    userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
    accountId: typeof accountId === 'string' && isUuid(accountId) ? accountId : null,
    clientId: typeof clientId === 'string' ? clientId : null,
  };
}

/**
 * oidc-provider's storage in PostgreSQL: one table (oauth_model), one row per model and id. Clients
 * are not stored here: they are the CMS's partners, read on each lookup (a disabled one is gone at
 * once). Consuming a code or refresh token is one conditional UPDATE, so two concurrent uses of
 * the same one cannot both succeed: the second ends the whole grant, as reuse does.
 */
export function postgresAdapter(opts: { em: () => EntityManager; onGrantEnded: (grantId: string) => Promise<void> }) {
  const sql = <T = any>(text: string, params: unknown[]): Promise<T[]> => opts.em().getConnection().execute(text, params);

  const endGrant = async (grantId: string) => {
    await sql('DELETE FROM oauth_model WHERE grant_id = ?', [grantId]);
    await opts.onGrantEnded(grantId);
  };

  return class PostgresAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const { jti: _jti, ...stored } = payload;
      const c = lookupColumns(this.model, id, payload);
      await sql(
        `INSERT INTO oauth_model (model, id, payload, grant_id, uid, user_code, account_id, client_id, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?::int IS NULL THEN NULL ELSE now() + make_interval(secs => ?::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
           user_code = excluded.user_code, account_id = excluded.account_id, client_id = excluded.client_id, expires_at = excluded.expires_at`,
        [
          this.model,
          storedId(id),
          JSON.stringify(stored),
          c.grantId,
          c.uid,
          c.userCode,
          c.accountId,
          c.clientId,
          expiresIn ?? null,
          expiresIn ?? null,
        ],
      );
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') {
        const partner = await findPartnerByClientId(opts.em(), id);
        return partner ? clientMetadata(partner) : undefined;
      }
      const rows = await sql<StoredRow>(
        'SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM oauth_model WHERE model = ? AND id = ?',
        [this.model, storedId(id)],
      );
      return rows[0] ? this.restore(rows[0], id) : undefined;
    }

    /** The row's own id is stored only hashed; sessions found by uid come back without it. */
    async findByUid(uid: string): Promise<Payload | undefined> {
      const rows = await sql<StoredRow>(
        'SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM oauth_model WHERE model = ? AND uid = ?',
        [this.model, uid],
      );
      return rows[0] ? this.restore(rows[0]) : undefined;
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      const rows = await sql<StoredRow>(
        'SELECT payload, extract(epoch FROM consumed_at)::int AS consumed FROM oauth_model WHERE model = ? AND user_code = ?',
        [this.model, userCode],
      );
      return rows[0] ? this.restore(rows[0]) : undefined;
    }

    async consume(id: string): Promise<void> {
      const rows = await sql<{ claimed: boolean; grant_id: string | null }>(
        `WITH claimed AS (
           UPDATE oauth_model SET consumed_at = now() WHERE model = ? AND id = ? AND consumed_at IS NULL RETURNING grant_id)
         SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, (SELECT grant_id FROM oauth_model WHERE model = ? AND id = ?) AS grant_id`,
        [this.model, storedId(id), this.model, storedId(id)],
      );
      if (rows[0]?.claimed) return;
      // Another request consumed it between oidc-provider's check and this one: a reuse.
      if (rows[0]?.grant_id) await endGrant(rows[0].grant_id);
      throw new errors.InvalidGrant('authorization code or refresh token already used');
    }

    async destroy(id: string): Promise<void> {
      await sql('DELETE FROM oauth_model WHERE model = ? AND id = ?', [this.model, storedId(id)]);
      // oidc-provider destroys a Grant only when it revokes it: a reused code or refresh token,
      // or the partner revoking its refresh token (RFC 7009). The member's grant ends with it.
      if (this.model === 'Grant') await opts.onGrantEnded(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql('DELETE FROM oauth_model WHERE model = ? AND grant_id = ?', [this.model, grantId]);
    }

    private restore(row: StoredRow, id?: string): Payload {
      return { ...row.payload, ...(id === undefined ? {} : { jti: id }), ...(row.consumed ? { consumed: row.consumed } : {}) };
    }
  };
}

/** Expired artifacts serve nobody: removed by the daily maintenance. */
export async function purgeExpiredOauth(em: EntityManager): Promise<number> {
  const rows: { n: number }[] = await em
    .getConnection()
    .execute(
      `WITH gone AS (DELETE FROM oauth_model WHERE expires_at < now() - interval '1 hour' RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
  return rows[0]?.n ?? 0;
}
