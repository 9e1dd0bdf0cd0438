import escapeHtml from 'escape-html';
import { interactionPolicy, type KoaContextWithOIDC, Provider } from 'oidc-provider';
import { SESSION_COOKIE } from '../cookies.ts';
import { loggableError as loggable } from '../services/common/loggable-error.ts';
import { deriveKey } from '../services/crypto/keys.ts';
import { clientSecretMatches } from '../services/partners/client-credentials.ts';
import { OAuthDomain } from '../services/partners/oauth-support.ts';
import { SCOPE_CLAIMS, SCOPES } from '../services/partners/scopes.ts';
import { oauthSigningJwk } from '../services/partners/signing-keys.ts';
import type { Runtime } from '../services/runtime.ts';
import { page } from './pages/page.ts';

export const OAUTH_PATH = '/oauth';
export const interactionPath = (uid: string) => `${OAUTH_PATH}/interaction/${uid}`;

const DAY = 86_400;

/**
 * The member's Mixx sign-in decides, not oidc-provider's own session: an authorization goes on
 * without the sign-in page only while the `mixx_session` cookie names the same member (so signing
 * out of Mixx, or signing in as someone else, is seen by the next authorization).
 */
function mixxSessionCheck(domain: OAuthDomain) {
  const { Check } = interactionPolicy;
  return new Check('mixx_session', 'The member is not signed in to Mixx', async (ctx) => {
    const accountId = ctx.oidc.session?.accountId;
    if (!accountId) return Check.REQUEST_PROMPT;
    if (ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    const memberId = await domain.memberIdOfSession(ctx.cookies.get(SESSION_COOKIE, { signed: false }));
    return memberId === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  });
}

/**
 * The OAuth 2.1 / OpenID Connect authorization server for partner apps (oidc-provider), with
 * issuer PUBLIC_URL/oauth. Authorization code with PKCE S256 only; exact redirect URIs; refresh
 * tokens rotate on every use and a reused one ends the grant; opaque access tokens for an hour.
 */
export function createAuthorizationServer(runtime: Runtime): Provider {
  const { config, log } = runtime;
  const domain = new OAuthDomain(runtime);
  const pairwise = runtime.partnerIds;
  const grants = () => domain.grants();
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(mixxSessionCheck(domain));

  const provider = new Provider(`${config.publicUrl}${OAUTH_PATH}`, {
    adapter: domain.adapter(),
    findAccount: (_ctx, id, token) => domain.account(id, token?.grantId),
    claims: { openid: [...SCOPE_CLAIMS.openid], profile: [...SCOPE_CLAIMS.profile], email: [...SCOPE_CLAIMS.email] },
    scopes: [...SCOPES],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: async (_ctx, accountId, client) => pairwise.subFor(accountId, client.clientId),
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    rotateRefreshToken: true,
    expiresWithSession: async () => false,
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    jwks: { keys: [oauthSigningJwk(config.secret)] },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      claimsParameter: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    cookies: {
      keys: [deriveKey(config.secret, 'oauth-cookies').toString('base64url')],
      names: { session: 'mixx_oauth_session', interaction: 'mixx_oauth_interaction', resume: 'mixx_oauth_resume' },
      long: { httpOnly: true, sameSite: 'lax', path: OAUTH_PATH },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 1800,
      RefreshToken: 30 * DAY,
      Session: 14 * DAY,
      // The member's consent lasts until revoked; oidc-provider's grant is renewed at each sign-in.
      Grant: 365 * DAY,
    },
    interactions: { policy, url: async (_ctx, interaction) => interactionPath(interaction.uid) },
    // Only the member's live grant (partner_grant) counts, never a grant remembered by a session.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const resultGrantId = ctx.oidc.result?.consent?.grantId;
      if (resultGrantId) return ctx.oidc.provider.Grant.find(resultGrantId);
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const live = await grants().activeFor(accountId, clientId);
      return live ? ctx.oidc.provider.Grant.find(live.oidcGrantId) : undefined;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page({
        title: 'This sign-in did not work',
        body: `<p class="error">${escapeHtml(String(out.error_description ?? 'Something went wrong.'))}</p>
<p>Go back to the app you came from and try again.</p>
<p><small>Error: <code>${escapeHtml(String(out.error ?? 'server_error'))}</code></small></p>`,
      });
    },
  });
  // Stored client secrets are hashes (partner-directory.ts): compare the hash of the one given.
  provider.Client.prototype.compareClientSecret = function compare(this: { clientSecret?: string }, actual: string) {
    return clientSecretMatches(this.clientSecret, actual);
  };
  // Behind load balancers, X-Forwarded-Proto tells the issuer's scheme; the client address Mixx
  // throttles by is Fastify's, taken by MIXX_TRUST_PROXY's rule (src/http/http-server.ts).
  provider.proxy = config.trustProxy !== false;
  if (typeof config.trustProxy === 'number') provider.maxIpsCount = config.trustProxy;
  // Koa would print errors to stderr; they are logged here instead, without request details.
  provider.silent = true;
  provider.on('server_error', (_ctx, error) => log.error({ msg: 'oauth server error', err: loggable(error) }));
  return provider;
}
