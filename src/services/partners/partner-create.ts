import type { Payload } from 'payload';
import { hashClientSecret, newClientSecret } from './client-credentials.ts';
import { checkName, checkRedirectUris, checkScopes } from './partner-rules.ts';

export type NewPartner = { name: string; redirectUris: string[]; scopes: string[]; isPublic: boolean };

/**
 * Registers a partner from server code (`npm run partner:create`), through the Partners collection
 * so that its hooks run (client_id, checks). Returns the secret once; only its hash is stored.
 * Throws PartnerInputError on bad input.
 */
export async function createPartner(payload: Payload, input: NewPartner): Promise<{ clientId: string; clientSecret?: string }> {
  const name = checkName(input.name);
  const redirectUris = checkRedirectUris(input.redirectUris);
  const allowedScopes = checkScopes(input.scopes);
  const clientSecret = input.isPublic ? undefined : newClientSecret();
  const doc = await payload.create({
    collection: 'partners',
    data: {
      name,
      clientType: input.isPublic ? 'public' : 'confidential',
      redirectUris: redirectUris.map((url) => ({ url })),
      allowedScopes,
      ...(clientSecret ? { clientSecretHash: hashClientSecret(clientSecret) } : {}),
    } as never,
    overrideAccess: true,
  });
  const clientId = String((doc as { clientId?: unknown }).clientId);
  return clientSecret ? { clientId, clientSecret } : { clientId };
}
