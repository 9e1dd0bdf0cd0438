import type { FastifyInstance } from 'fastify';
import { jwks, ledgerKeys } from '../services/ledger/signing-keys.ts';
import type { Runtime } from '../services/runtime.ts';

/** The public keys of the consent ledger's checkpoints and receipts, every version ever used. */
export async function jwksPlugin(app: FastifyInstance, opts: { services: Runtime }): Promise<void> {
  const body = JSON.stringify(jwks(ledgerKeys(opts.services.config)));
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.header('content-type', 'application/json').header('cache-control', 'public, max-age=300').send(body),
  );
}
