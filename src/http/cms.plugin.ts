import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerCmsServices } from '../cms/process-services.ts';
import { CLIENT_HEADER } from '../cms/request-client.ts';
import type { Throttle } from '../services/security/throttle.ts';
import type { StaffCookieSeal } from './staff-cookie.ts';

export type RawHandler = (req: FastifyRequest['raw'], res: FastifyReply['raw']) => Promise<void>;

const TOO_LARGE = JSON.stringify({ errors: [{ message: 'The request body is too large.' }] });
const NOT_FOUND = { errors: [{ message: 'Not found.' }] };

/**
 * Next's paths go to Next: the Payload admin at /admin, its REST API at /api, its assets at /_next
 * (the web app owns the rest: web-app.plugin.ts). Next must read the request body itself, so this
 * scope parses nothing and hands over the raw, unread stream, within the server's body limit. The
 * staff session cookie crosses this boundary sealed (see StaffCookieSeal), and the client crosses
 * it as its throttling keys only.
 */
export async function registerCms(
  app: FastifyInstance,
  opts: { handle: RawHandler; seal: StaffCookieSeal; throttle: Throttle },
): Promise<void> {
  const { handle, seal } = opts;
  registerCmsServices({ throttle: opts.throttle });
  app.addHook('onClose', async () => registerCmsServices(undefined));
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const passThrough = async (request: FastifyRequest, reply: FastifyReply) => {
      if (Number(request.headers['content-length'] ?? 0) > bodyLimit) {
        // Refused before anything is read. Node then discards the declared rest as it arrives (as
        // for Fastify's own 413), so the client reliably reads this answer.
        return reply.code(413).type('application/json').send(TOO_LARGE);
      }
      // The client key first: nothing may wait between the hand-off's steps and Next's read.
      await setTrustedClient(request, opts.throttle);
      reply.hijack();
      denyFraming(reply.raw);
      limitUndeclaredBody(request.raw, reply.raw, bodyLimit);
      seal.openRequest(request.raw);
      seal.sealResponse(reply.raw);
      await handle(request.raw, reply.raw);
    };
    // Payload's migrations collection has no endpoints; it answered 501 with Next's internal URL.
    scope.all('/api/payload-migrations', async (_request, reply) => reply.code(404).send(NOT_FOUND));
    scope.all('/api/payload-migrations/*', async (_request, reply) => reply.code(404).send(NOT_FOUND));
    for (const prefix of ['/admin', '/api', '/_next']) {
      scope.all(prefix, passThrough);
      scope.all(`${prefix}/*`, passThrough);
    }
  });
}

/** The admin and its API are never shown inside another site's frame (clickjacking). */
function denyFraming(res: ServerResponse): void {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
}

/** Payload's hooks throttle by this header (src/cms/request-client.ts): a client's own copy is dropped. */
async function setTrustedClient(request: FastifyRequest, throttle: Throttle): Promise<void> {
  const raw = request.raw;
  const rawHeaders = raw.rawHeaders;
  for (let i = rawHeaders.length - 2; i >= 0; i -= 2) {
    if (rawHeaders[i]?.toLowerCase() === CLIENT_HEADER) rawHeaders.splice(i, 2);
  }
  const key = await throttle.clientKey(request.ip);
  raw.headers[CLIENT_HEADER] = `${key.current}.${key.previous}`;
}

/**
 * A body without a declared length (chunked) is counted as Next reads it, without buffering. Past
 * the limit nothing more reaches Next: the client gets 413 (unless Next has begun its answer), and
 * the connection closes, which ends Next's read of the request with an error.
 */
function limitUndeclaredBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  if (req.headers['content-length'] !== undefined) return;
  let received = 0;
  let refused = false;
  const push = req.push.bind(req);
  // Node's HTTP parser hands each chunk of the body to the request's push().
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (refused) return false;
    if (chunk !== null && chunk !== undefined) received += (chunk as Buffer).length;
    if (received <= limit) return push(chunk, encoding);
    refused = true;
    // Next may still write after this; those writes must not become an uncaught 'error'.
    res.on('error', () => {});
    const close = () => req.socket.destroy();
    if (res.headersSent) close();
    else res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(TOO_LARGE, close);
    return false;
  };
}
