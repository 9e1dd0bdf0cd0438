import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log.ts';
import { projectRoot } from '../paths.ts';

/** Vite's build of web/ (the web app and GraphiQL), made by `npm start` and the tests' global setup. */
export const webDistDir = path.join(projectRoot, 'web', 'dist');

/**
 * First path segments that other rows of the contract's HTTP table own: a path under one of them
 * that no route answers is a plain 404, never the web app's page.
 */
const NOT_THE_APP = new Set([
  'admin',
  'api',
  '_next',
  'graphql',
  'oauth',
  '.well-known',
  'webhooks',
  'downloads',
  'covers',
  'verify-email',
  'reset-password',
  'confirm-email-consent',
  'unsubscribe',
  'healthz',
  'readyz',
  'assets',
]);

/**
 * The reference web app at `/`: hashed assets cached for a year (gzip when the client takes it),
 * and index.html, revalidated on every load, for `/` and for any other browser page outside the
 * rows above, where the app's own router decides (and shows its "Page not found").
 */
export async function registerWebApp(app: FastifyInstance, opts: { log: Logger }): Promise<void> {
  if (!existsSync(path.join(webDistDir, 'index.html'))) {
    opts.log.warn({ msg: 'the web app is not built, so / answers 404: `npm start` or `npm run web:build` builds it' });
    return;
  }
  await app.register(fastifyStatic, {
    root: path.join(webDistDir, 'assets'),
    prefix: '/assets/',
    index: false,
    preCompressed: true,
    maxAge: '365d',
    immutable: true,
  });
  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', webDistDir, { cacheControl: false });
  app.get('/', (_request, reply) => sendIndex(reply));
  app.setNotFoundHandler((request, reply) => {
    if (isAppPage(request)) return sendIndex(reply);
    return reply.code(404).send({ error: 'Not found.' });
  });
}

function isAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (!request.headers.accept?.includes('text/html')) return false;
  const segment = request.url.split(/[/?#]/)[1] ?? '';
  try {
    return !NOT_THE_APP.has(decodeURIComponent(segment).toLowerCase());
  } catch {
    return false;
  }
}
