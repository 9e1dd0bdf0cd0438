import send from '@fastify/send';
import type { FastifyInstance } from 'fastify';
import { coverStorageKey, mediaDirOf } from '../services/catalog/import/media-store.ts';
import type { Runtime } from '../services/runtime.ts';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * `GET`/`HEAD /covers/<sha256>.<jpg|png|webp>`: the release covers the import found in MP3 tags,
 * public like the rest of the catalog. A cover's name is the hash of its bytes, so its answer never
 * changes: cached for a year, immutable. Pictures come from files' tags, so they are served with
 * their type pinned by the extension, never sniffed, and no script may run in them.
 */
export async function coversPlugin(app: FastifyInstance, opts: { services: Runtime }): Promise<void> {
  const mediaDir = mediaDirOf(opts.services.config);

  app.route<{ Params: { name: string } }>({
    method: ['GET', 'HEAD'],
    url: '/covers/:name',
    handler: async (request, reply) => {
      const key = coverStorageKey(request.params.name);
      if (!key) return reply.code(404).type('text/plain; charset=utf-8').send('No such cover.');
      const result = await send(request.raw, encodeURI(key), {
        root: mediaDir,
        etag: true,
        lastModified: true,
        maxAge: YEAR_MS,
        immutable: true,
        acceptRanges: false,
      });
      if (result.type === 'error' && result.statusCode === 404) {
        return reply.code(404).type('text/plain; charset=utf-8').send('No such cover.');
      }
      return reply
        .code(result.statusCode)
        .headers(result.headers)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(result.stream);
    },
  });
}
