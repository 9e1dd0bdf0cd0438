import type { EntityManager } from '@mikro-orm/postgresql';
import { type Scope, sortScopes } from './scopes.ts';

/** A partner as the authorization server and the consent screen need it (from the CMS's tables). */
export type PartnerRecord = {
  id: number;
  name: string;
  clientId: string;
  isPublic: boolean;
  authMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  secretHash: string | null;
  homepageUrl: string | null;
  privacyPolicyUrl: string | null;
  redirectUris: string[];
  scopes: Scope[];
  isDisabled: boolean;
};

type Row = {
  id: number;
  name: string;
  client_id: string;
  client_type: string;
  token_endpoint_auth_method: string | null;
  client_secret_hash: string | null;
  homepage_url: string | null;
  privacy_policy_url: string | null;
  disabled: boolean | null;
  redirect_uris: string[];
  scopes: string[];
};

const SELECT_PARTNER = `
  SELECT p.id, p.name, p.client_id, p.client_type, p.token_endpoint_auth_method, p.client_secret_hash,
         p.homepage_url, p.privacy_policy_url, p.disabled,
         coalesce((SELECT array_agg(r.url ORDER BY r._order) FROM cms.partners_redirect_uris r WHERE r._parent_id = p.id), '{}') AS redirect_uris,
         coalesce((SELECT array_agg(s.value::text ORDER BY s."order") FROM cms.partners_allowed_scopes s WHERE s.parent_id = p.id), '{}') AS scopes
    FROM cms.partners p`;

function toRecord(row: Row): PartnerRecord {
  const isPublic = row.client_type === 'public';
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    isPublic,
    authMethod: isPublic
      ? 'none'
      : row.token_endpoint_auth_method === 'client_secret_post'
        ? 'client_secret_post'
        : 'client_secret_basic',
    secretHash: row.client_secret_hash,
    homepageUrl: row.homepage_url,
    privacyPolicyUrl: row.privacy_policy_url,
    redirectUris: row.redirect_uris,
    scopes: sortScopes(row.scopes),
    isDisabled: Boolean(row.disabled),
  };
}

/** Partners are registered in the CMS (collection Partners); the API reads them here, never writes. */
export async function findPartnerByClientId(em: EntityManager, clientId: string): Promise<PartnerRecord | null> {
  if (clientId.length > 100) return null;
  const rows: Row[] = await em.getConnection().execute(`${SELECT_PARTNER} WHERE p.client_id = ?`, [clientId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function findPartnersByClientIds(em: EntityManager, clientIds: string[]): Promise<Map<string, PartnerRecord>> {
  if (clientIds.length === 0) return new Map();
  const rows: Row[] = await em
    .getConnection()
    .execute(`${SELECT_PARTNER} WHERE p.client_id IN (SELECT jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(clientIds)]);
  return new Map(rows.map((row) => [row.client_id, toRecord(row)]));
}
