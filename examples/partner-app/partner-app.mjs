// A partner app's side of "Sign in with Mixx", with openid-client (panva's certified relying-party
// library): discovery, authorization code with PKCE and state, code exchange, userinfo, refresh.
import { createServer } from 'node:http';
import * as client from 'openid-client';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Signs a member in and returns what the app may read. `open(url)` shows the member Mixx's page
 * (a real app redirects the browser there); the member's browser comes back to `redirectUri`,
 * where this function listens once.
 */
export async function signInWithMixx({ issuer, clientId, clientSecret, redirectUri, scope, open }) {
  const issuerUrl = new URL(issuer);
  // Plain http only for a Mixx on this machine (development); anything else must be https.
  const execute = LOOPBACK.has(issuerUrl.hostname) ? [client.allowInsecureRequests] : [];
  const config = await client.discovery(
    issuerUrl,
    clientId,
    undefined,
    clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
    { execute },
  );

  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    // A refresh token (offline_access) is only given with prompt=consent (OpenID Connect Core 11).
    ...(scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
  });

  const callbackUrl = await waitForCallback(new URL(redirectUri), () => open(authorizationUrl.href));
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
  });
  const claims = tokens.claims();
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  const refreshed = tokens.refresh_token ? await client.refreshTokenGrant(config, tokens.refresh_token) : undefined;
  return { config, claims, userinfo, tokens, refreshed };
}

/** Listens on the redirect URI until the member's browser arrives there once. */
function waitForCallback(redirectUri, onListening) {
  return new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', redirectUri);
      if (url.pathname !== redirectUri.pathname) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Signed in. You can close this tab.\n');
      server.close();
      resolve(url);
    });
    server.once('error', reject);
    server.listen(Number(redirectUri.port || 80), redirectUri.hostname.replace(/^\[|\]$/g, ''), () => {
      Promise.resolve(onListening()).catch(reject);
    });
  });
}
