import type { CollectionAfterChangeHook } from 'payload';
import { endPartnerTokens } from '../../services/partners/partner-tokens.ts';
import { payloadTransactionQuery } from '../transaction-query.ts';

/**
 * Disabling a partner, or taking a scope away from it, ends every grant, code and token it holds,
 * in the same transaction as the save. Members' consent records stay: they see them and may revoke.
 */
export const endPartnerTokensWhenNarrowed: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || !previousDoc) return doc;
  const scopes = new Set<string>(doc.allowedScopes ?? []);
  const lostScope = (previousDoc.allowedScopes ?? []).some((scope: string) => !scopes.has(scope));
  const becameDisabled = Boolean(doc.disabled) && !previousDoc.disabled;
  const typeChanged = doc.clientType !== previousDoc.clientType;
  if (becameDisabled || lostScope || typeChanged) await endPartnerTokens(await payloadTransactionQuery(req), doc.clientId);
  return doc;
};
