// node examples/partner-app/index.mjs — see "Build a partner app" in the README.
import { signInWithMixx } from './partner-app.mjs';

const env = process.env;
if (!env.MIXX_CLIENT_ID) {
  console.error('Set MIXX_CLIENT_ID (and MIXX_CLIENT_SECRET for a confidential client): npm run partner:create prints both.');
  process.exit(1);
}
const result = await signInWithMixx({
  issuer: env.MIXX_ISSUER ?? 'http://localhost:4000/oauth',
  clientId: env.MIXX_CLIENT_ID,
  clientSecret: env.MIXX_CLIENT_SECRET,
  redirectUri: env.MIXX_REDIRECT_URI ?? 'http://localhost:3000/callback',
  scope: env.MIXX_SCOPE ?? 'openid profile',
  open: (url) => console.log(`Open this page in your browser and sign in:\n\n  ${url}\n`),
});
console.log('Your id for this app (pairwise):', result.claims.sub);
console.log('What this app may read:', result.userinfo);
console.log('Scopes granted:', result.tokens.scope);
if (result.refreshed) console.log('Refreshed: a new refresh token replaced the old one.');
