import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffCookieSeal } from './staff-cookie.ts';

export type RawHandler = (req: FastifyRequest['raw'], res: FastifyReply['raw']) => Promise<void>;

/**
 * Next's paths go to Next: the Payload admin at /admin, its REST API at /api, its assets at /_next
 * (the web app owns the rest: web-app.plugin.ts). Next must read the request body itself, so this
 * scope parses nothing and hands over the raw, unread stream. The staff session cookie crosses this boundary sealed (see StaffCookieSeal).
 */
export async function registerCms(app: FastifyInstance, handle: RawHandler, seal: StaffCookieSeal): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const passThrough = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      seal.openRequest(request.raw);
      seal.sealResponse(reply.raw);
      await handle(request.raw, reply.raw);
    };
    for (const prefix of ['/admin', '/api', '/_next']) {
      scope.all(prefix, passThrough);
      scope.all(`${prefix}/*`, passThrough);
    }
  });
}
