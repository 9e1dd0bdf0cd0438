import type { PayloadRequest } from 'payload';

/**
 * The client of a REST request, as the keyed hash of its address (privacy/client-address.ts). The
 * Fastify hand-off to Next (src/http/cms.plugin.ts) drops any copy of this header a client sent and
 * sets its own, so inside Payload the value can be trusted. Never an address: Next sees only the hash.
 */
export const CLIENT_HEADER = 'x-mixx-client';

/** The hashed client, or one shared key when the header is missing (nothing then escapes the limits). */
export const requestClient = (req: PayloadRequest): string => req.headers.get(CLIENT_HEADER) || 'no-client-header';
