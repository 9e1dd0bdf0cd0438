import type { SqlQuery } from '../policies/policy-snapshot.ts';

/**
 * Everything the authorization server holds for a partner goes: its grants, codes, access and
 * refresh tokens, and sign-ins under way. Runs in the CMS save's transaction (see the Partners
 * hook), which is why it takes a query function and imports nothing of the API.
 */
export async function endPartnerTokens(query: SqlQuery, clientId: string): Promise<void> {
  await query('DELETE FROM public.oauth_model WHERE client_id = $1', [clientId]);
}
