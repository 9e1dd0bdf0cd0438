import middie from '@fastify/middie';
import type { FastifyInstance } from 'fastify';
import type { Provider } from 'oidc-provider';
import { OAUTH_PATH } from './oauth-server.ts';

/**
 * oidc-provider (a Koa app) at /oauth through @fastify/middie, in its own scope: its middleware
 * runs in this scope's onRequest hook, before any body parser, and reads the raw request itself;
 * this scope parses nothing in case a request ever gets past it. The interaction pages
 * (/oauth/interaction/…) are routes of their own plugin, so they never reach the provider.
 */
export async function registerOauth(app: FastifyInstance, provider: Provider): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    await scope.register(middie);
    scope.use(OAUTH_PATH, provider.callback());
    const unreachable = async () => ({ error: 'Not found.' });
    scope.all(OAUTH_PATH, unreachable);
    scope.all(`${OAUTH_PATH}/*`, unreachable);
  });
}
