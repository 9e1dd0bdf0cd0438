import type { FastifyInstance } from 'fastify';
import { WebhookRefused } from '../services/billing/stripe-payments.ts';
import type { Runtime } from '../services/runtime.ts';
import { Scope } from '../services/scope.ts';

/**
 * `POST /webhooks/stripe`: the payment provider's signed events. An encapsulated plugin whose one
 * content-type parser keeps the body as the bytes that arrived, since the signature is over those
 * bytes (a parsed and re-serialised JSON would not verify). A refused delivery is 400 with nothing
 * written and one log line naming the reason, never the payload or the signature header. A
 * verified one is applied as the `system` actor, in a scope of its own.
 */
export async function stripeWebhookPlugin(app: FastifyInstance, opts: { services: Runtime }): Promise<void> {
  const { services } = opts;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/webhooks/stripe', async (request, reply) => {
    const payments = services.payments;
    if (!payments) return reply.code(503).send({ error: 'Payments are not configured on this instance.' });
    const header = request.headers['stripe-signature'];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let event: ReturnType<typeof payments.verifyWebhook>;
    try {
      // Two Stripe-Signature headers are no signature.
      event = payments.verifyWebhook(body, typeof header === 'string' ? header : undefined);
    } catch (error) {
      if (!(error instanceof WebhookRefused)) throw error;
      services.log.warn({ msg: 'stripe webhook refused', reason: error.reason });
      return reply.code(400).send({ error: 'The signature does not verify.' });
    }
    const scope = new Scope(services, { kind: 'system', reason: 'stripe webhook' });
    const outcome = await scope.billingEvents.apply(event);
    return reply.code(200).send({ received: true, outcome });
  });
}
