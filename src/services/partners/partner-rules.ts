import { isScope, type Scope, sortScopes } from './scopes.ts';

/** A registration input that breaks a rule below; the message names the field. */
export class PartnerInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PartnerInputError';
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Redirect URIs are matched exactly, so each must be a complete URL: https, or http on a loopback
 * host (a partner's development copy), without fragment or credentials. All of one partner's URIs
 * share one host: pairwise ids are computed per partner, and oidc-provider would otherwise want a
 * sector_identifier_uri it fetches over the network.
 */
export function checkRedirectUris(uris: string[]): string[] {
  if (uris.length === 0) throw new PartnerInputError('redirectUris', 'Give at least one redirect URI.');
  if (uris.length > 10) throw new PartnerInputError('redirectUris', 'Give at most 10 redirect URIs.');
  const hosts = new Set<string>();
  for (const raw of uris) {
    const uri = raw.trim();
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new PartnerInputError('redirectUris', `Not a URL: ${uri}`);
    }
    const isLoopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !isLoopback) {
      throw new PartnerInputError('redirectUris', `A redirect URI must use https (or http on localhost): ${uri}`);
    }
    if (uri.includes('#') || url.username || url.password) {
      throw new PartnerInputError('redirectUris', `A redirect URI has no fragment and no user name: ${uri}`);
    }
    if (uri.length > 500) throw new PartnerInputError('redirectUris', 'A redirect URI is at most 500 characters.');
    hosts.add(url.host);
  }
  if (hosts.size > 1) {
    throw new PartnerInputError(
      'redirectUris',
      `All redirect URIs of a partner share one host (given: ${[...hosts].join(', ')}).`,
    );
  }
  return uris.map((uri) => uri.trim());
}

/** The scopes a partner may ask for: known ones only, always with openid. */
export function checkScopes(scopes: string[]): Scope[] {
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length) throw new PartnerInputError('allowedScopes', `Unknown scope: ${unknown.join(', ')}.`);
  if (!scopes.includes('openid')) throw new PartnerInputError('allowedScopes', 'The scopes must include openid.');
  return sortScopes(scopes);
}

export function checkName(name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  if (!trimmed) throw new PartnerInputError('name', 'Give the partner a name.');
  if (trimmed.length > 100) throw new PartnerInputError('name', 'A name is at most 100 characters.');
  return trimmed;
}

/** Homepage and privacy-policy links are shown to members: https only (http on localhost). */
export function checkPageUrl(value: string | null | undefined, field: string): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return trimmed;
  } catch {}
  throw new PartnerInputError(field, `Not an https URL: ${trimmed}`);
}
