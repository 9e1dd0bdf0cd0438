import type { PayloadRequest } from 'payload';
import type { ClientKey } from '../services/security/client-keys.ts';

/**
 * The client of a REST request, as its throttling keys (security/client-keys.ts: today's and
 * yesterday's keyed hash of its address, joined by a dot). The
 * Fastify hand-off to Next (src/http/cms.plugin.ts) drops any copy of this header a client sent and
 * sets its own, so inside Payload the value can be trusted. Never an address: Next sees only the hash.
 */
export const CLIENT_HEADER = 'x-mixx-client';

/** The hashed client, or one shared key when the header is missing (nothing then escapes the limits). */
export function requestClient(req: PayloadRequest): ClientKey {
  const [current, previous] = (req.headers.get(CLIENT_HEADER) || 'no-client-header').split('.');
  return { current: current || 'no-client-header', previous: previous || current || 'no-client-header' };
}
