import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { projectRoot } from '../paths.ts';
import { webDistDir } from './web-app.plugin.ts';

const PLACEHOLDER = '<!--mixx-graphiql-options-->';

/**
 * GraphiQL for a browser that opens GET /graphql (built from the npm package into web/dist: no
 * CDN, no remote font), as a preHandler of the /graphql route; API requests pass through. Where
 * introspection is off (production, with MIXX_GRAPHIQL=true) the page carries the committed SDL.
 */
export function graphiqlPage(config: Config) {
  const options = config.isProduction
    ? { sdl: readFileSync(path.join(projectRoot, 'src', 'schema', 'schema.graphql'), 'utf8') }
    : {};
  // In a <script> element's text, only "<" can end it early: \u003c is the same JSON.
  const script = `<script type="application/json" id="mixx-graphiql-options">${JSON.stringify(options).replace(/</g, '\\u003c')}</script>`;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!config.graphiql || request.method !== 'GET' || !prefersHtml(request)) return;
    const page = await readFile(path.join(webDistDir, 'graphiql', 'index.html'), 'utf8').catch(() => null);
    if (!page) return reply.code(503).type('text/plain').send('GraphiQL is not built: `npm run web:build` builds it.');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page.replace(PLACEHOLDER, script));
  };
}

/** A browser's navigation puts text/html first; API clients ask for JSON. */
const prefersHtml = (request: FastifyRequest) => /^\s*text\/html\b/i.test(request.headers.accept ?? '');
