import send from '@fastify/send';
import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppServices } from '../services/app-services.ts';
import { mediaDirOf } from '../services/catalog/import/media-store.ts';
import { scopeOfRequest } from './request-scope.ts';

/**
 * `GET`/`HEAD /downloads/<ticket>`: streams the file of a download ticket from media storage
 * (never buffered whole), with ranges, ETag, If-Range and Last-Modified (@fastify/send). A forged
 * or tampered ticket is 403 (so is anything that is not a ticket at all), an expired one 410;
 * neither sends a byte of the file. Fetching again
 * counts nothing: the download was counted when the ticket was issued.
 */
export async function downloadsPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const mediaDir = mediaDirOf(opts.services.config);
  const refuse = (reply: FastifyReply, status: 403 | 410, message: string) =>
    reply.code(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(message);

  // A wildcard, not `:ticket`: the router answers 414 to a parameter over 100 characters, and a
  // ticket reaches 102 with a ten-digit track id. Whatever the path holds, readTicket decides.
  app.route<{ Params: { '*': string } }>({
    method: ['GET', 'HEAD'],
    url: '/downloads/*',
    handler: async (request, reply) => {
      const scope = await scopeOfRequest(opts.services, request);
      const opened = await scope.downloads.fileOfTicket(request.params['*']);
      if (opened.status === 'invalid') return refuse(reply, 403, 'This download link is not valid.');
      if (opened.status === 'expired') return refuse(reply, 410, 'This download link has expired. Ask for a new one.');
      const row = opened.file;

      const result = await send(request.raw, encodeURI(row.storageKey), {
        root: mediaDir,
        acceptRanges: true,
        etag: true,
        lastModified: true,
        maxAge: 0,
        highWaterMark: 256 * 1024,
      });
      if (result.type !== 'file') {
        // 416 and 412 are answers to the request; anything else means the stored file is missing.
        if (result.statusCode !== 416 && result.statusCode !== 412) {
          opts.services.log.error({ msg: 'the media file of a download is missing', status: result.statusCode });
        }
        return reply.code(result.statusCode).headers(result.headers).send(result.stream);
      }
      if (result.statusCode === 304) return reply.code(304).headers(result.headers).send(result.stream);
      return reply
        .code(result.statusCode)
        .headers(result.headers)
        .header('content-type', 'audio/mpeg')
        .header('content-disposition', attachment(fileName(row.artist, row.title)))
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff')
        .send(result.stream);
    },
  });
}

/** "Artist - Title.mp3", without path separators, control characters or quotes (RFC 6266). */
export function fileName(artist: string, title: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFC')
      .replace(/\p{Cc}+/gu, ' ')
      .replace(/["\\/:*?<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 100);
  return `${clean(artist) || 'Unknown artist'} - ${clean(title) || 'Untitled'}.mp3`;
}

/** RFC 6266: an ASCII `filename` for old clients, and the exact name as UTF-8 in `filename*`. */
function attachment(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
  return contentDisposition(name, { type: 'attachment', fallback: ascii });
}
