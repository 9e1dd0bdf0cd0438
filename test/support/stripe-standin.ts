import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { STRIPE_API_VERSION } from '../../src/services/billing/stripe-payments.ts';
import { type Delivery, sendEvent } from './stripe-events.ts';
import {
  billingDetails,
  customerObject,
  type EventObject,
  eventObject,
  type InvoiceObject,
  invoiceObject,
  paymentMethodObject,
  providerId,
  type SubscriptionObject,
  stamp,
  subscriptionObject,
} from './stripe-objects.ts';

/**
 * A local stand-in for the payment provider: the five calls Mixx makes, in the shapes of the
 * pinned API version, plus the hosted pages a member would use (checkout's "Pay", the portal's
 * "Cancel plan"), which deliver the events the provider would send, signed, to Mixx's webhook.
 * It refuses a wrong key or API version as the provider would. Everything it was asked is kept in
 * `requests` for the tests to read. Never reaches the network: it listens on 127.0.0.1.
 */
export type StandIn = Awaited<ReturnType<typeof startStripeStandIn>>;

type Recorded = { method: string; route: string; body: Record<string, string>; idempotencyKey?: string };

export async function startStripeStandIn(
  opts: { port?: number; secretKey?: string; webhookSecret?: string; price?: string } = {},
) {
  const secretKey = opts.secretKey ?? `sk_test_${randomBytes(16).toString('hex')}`;
  const webhookSecret = opts.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;
  const price = opts.price ?? 'price_MixxPremiumMonthly';
  const customers = new Map<string, ReturnType<typeof customerObject>>();
  const checkouts = new Map<string, Record<string, any>>();
  const portals = new Map<string, Record<string, any>>();
  const subscriptions = new Map<string, SubscriptionObject>();
  const invoices = new Map<string, InvoiceObject>();
  const idempotent = new Map<string, unknown>();
  const requests: Recorded[] = [];
  const deliveries: { event: EventObject; delivery: Delivery }[] = [];
  let webhookUrl: string | undefined;
  let invoiceCount = 0;
  let pending: Promise<unknown> = Promise.resolve();

  const app = Fastify({ logger: false });
  await app.register(formbody);
  let base = '';

  const fail = (reply: FastifyReply, status: number, type: string, message: string, code?: string) =>
    reply.code(status).send({ error: { type, message, ...(code ? { code } : {}) } });

  /** Delivers events one after the other, as the provider's queue would for one endpoint. */
  const deliver = (...events: EventObject[]): Promise<void> => {
    const run = pending.then(async () => {
      for (const event of events) {
        if (!webhookUrl) throw new Error('the stand-in has no webhook URL yet');
        deliveries.push({ event, delivery: await sendEvent(webhookUrl, event, { secret: webhookSecret }) });
      }
    });
    pending = run.catch(() => {});
    return run;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      return fail(reply, 401, 'invalid_request_error', 'Invalid API Key provided.');
    }
    if (request.headers['stripe-version'] !== STRIPE_API_VERSION) {
      return fail(reply, 400, 'invalid_request_error', `This stand-in speaks ${STRIPE_API_VERSION} only.`);
    }
  });

  const record = (request: FastifyRequest, route: string) => {
    const key = request.headers['idempotency-key'];
    requests.push({
      method: request.method,
      route,
      body: { ...((request.body as Record<string, string>) ?? {}) },
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });
    return typeof key === 'string' ? `${route} ${key}` : undefined;
  };
  const once = <T>(key: string | undefined, make: () => T): T => {
    if (key && idempotent.has(key)) return idempotent.get(key) as T;
    const made = make();
    if (key) idempotent.set(key, made);
    return made;
  };

  app.post('/v1/customers', async (request) => {
    const body = request.body as Record<string, string>;
    return once(record(request, 'POST /v1/customers'), () => {
      const customer = customerObject({
        id: providerId('cus'),
        ref: body['metadata[mixx_ref]'] ?? '',
        created: stamp(),
        withDetails: false,
      });
      customers.set(customer.id, customer);
      return customer;
    });
  });

  app.post('/v1/checkout/sessions', async (request, reply) => {
    const body = request.body as Record<string, string>;
    const key = record(request, 'POST /v1/checkout/sessions');
    if (body.mode !== 'subscription' || body['line_items[0][price]'] !== price || !customers.has(body.customer ?? '')) {
      return fail(reply, 400, 'invalid_request_error', 'Unknown price or customer.');
    }
    return once(key, () => {
      const id = providerId('cs_test');
      const session = {
        id,
        object: 'checkout.session',
        client_reference_id: body.client_reference_id ?? null,
        created: stamp(),
        customer: body.customer,
        customer_details: null as unknown,
        expires_at: stamp() + 86_400,
        livemode: false,
        mode: 'subscription',
        payment_status: 'unpaid',
        status: 'open',
        subscription: null as string | null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        url: `${base}/c/pay/${id}`,
      };
      checkouts.set(id, session);
      return session;
    });
  });

  app.post('/v1/billing_portal/sessions', async (request, reply) => {
    const body = request.body as Record<string, string>;
    record(request, 'POST /v1/billing_portal/sessions');
    if (!customers.has(body.customer ?? ''))
      return fail(reply, 400, 'invalid_request_error', 'No such customer.', 'resource_missing');
    const id = providerId('bps');
    const session = {
      id,
      object: 'billing_portal.session',
      configuration: 'bpc_MixxDefault',
      created: stamp(),
      customer: body.customer,
      flow: null,
      livemode: false,
      locale: null,
      on_behalf_of: null,
      return_url: body.return_url ?? null,
      url: `${base}/p/session/${id}`,
    };
    portals.set(id, session);
    return session;
  });

  app.get<{ Params: { id: string } }>('/v1/subscriptions/:id', async (request, reply) => {
    record(request, 'GET /v1/subscriptions/:id');
    const sub = subscriptions.get(request.params.id);
    return sub ?? fail(reply, 404, 'invalid_request_error', 'No such subscription.', 'resource_missing');
  });

  app.delete<{ Params: { id: string } }>('/v1/subscriptions/:id', async (request, reply) => {
    record(request, 'DELETE /v1/subscriptions/:id');
    const sub = subscriptions.get(request.params.id);
    if (!sub || sub.status === 'canceled')
      return fail(reply, 404, 'invalid_request_error', 'No such subscription.', 'resource_missing');
    end(sub);
    // The provider tells the webhook once it has answered, as it does.
    const event = eventObject('customer.subscription.deleted', sub);
    reply.raw.once('finish', () => void deliver(event).catch(() => {}));
    return sub;
  });

  // The hosted checkout page, and its "Pay" button.
  app.get<{ Params: { id: string } }>('/c/pay/:id', async (request, reply) =>
    reply
      .type('text/html')
      .send(`<form method="post" action="/c/pay/${request.params.id}"><button>Pay €4.99 / month</button></form>`),
  );
  app.post<{ Params: { id: string } }>('/c/pay/:id', async (request, reply) => {
    const session = checkouts.get(request.params.id);
    if (session?.status !== 'open') return reply.code(404).send('No such checkout.');
    await pay(session);
    return reply.redirect(session.success_url, 303);
  });

  // The billing portal, and its "Cancel plan" button (at the end of the period, the default).
  app.get<{ Params: { id: string } }>('/p/session/:id', async (request, reply) =>
    reply
      .type('text/html')
      .send(`<form method="post" action="/p/session/${request.params.id}/cancel"><button>Cancel plan</button></form>`),
  );
  app.post<{ Params: { id: string } }>('/p/session/:id/cancel', async (request, reply) => {
    const portal = portals.get(request.params.id);
    const sub = [...subscriptions.values()].find((s) => s.customer === portal?.customer && s.status !== 'canceled');
    if (!portal || !sub) return reply.code(404).send('Nothing to cancel.');
    sub.cancel_at_period_end = true;
    sub.cancel_at = sub.items.data[0]?.current_period_end ?? null;
    sub.canceled_at = stamp();
    await deliver(
      eventObject('customer.subscription.updated', sub, { previous: { cancel_at_period_end: false, cancel_at: null } }),
    );
    return reply.redirect(portal.return_url ?? '/', 303);
  });

  /** What a successful checkout does at the provider, and the events it sends, in its order. */
  async function pay(session: Record<string, any>) {
    const now = stamp();
    const customer = customers.get(session.customer) as ReturnType<typeof customerObject>;
    Object.assign(
      customer,
      customerObject({ id: customer.id, ref: customer.metadata.mixx_ref, created: customer.created, withDetails: true }),
    );
    const sub = subscriptionObject({
      id: providerId('sub'),
      customer: customer.id,
      price,
      created: now,
      periodEnd: now + 30 * 86_400,
    });
    const invoice = invoiceObject({
      id: providerId('in'),
      number: `MIXX-${String(++invoiceCount).padStart(4, '0')}`,
      customer: customer.id,
      subscription: sub.id,
      price,
      created: now,
      periodEnd: now + 30 * 86_400,
      paid: true,
    });
    sub.latest_invoice = invoice.id;
    subscriptions.set(sub.id, sub);
    invoices.set(invoice.id, invoice);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      subscription: sub.id,
      customer_details: { ...billingDetails(), tax_exempt: 'none', tax_ids: [] },
    });
    await deliver(
      eventObject('customer.updated', customer, { previous: { email: null, name: null, address: null } }),
      eventObject('payment_method.attached', paymentMethodObject(customer.id, now)),
      eventObject('checkout.session.completed', session),
      eventObject('customer.subscription.created', sub),
      eventObject('invoice.paid', invoice),
    );
    return { subscription: sub, invoice };
  }

  function end(sub: SubscriptionObject) {
    sub.status = 'canceled';
    sub.ended_at = stamp();
    sub.canceled_at ??= stamp();
  }

  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  return {
    url: base,
    secretKey,
    webhookSecret,
    price,
    /** The environment that points Mixx at this stand-in. */
    env: {
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_PRICE_PREMIUM: price,
      STRIPE_API_URL: base,
    },
    requests,
    deliveries,
    customers,
    subscriptions,
    invoices,
    setWebhook: (url: string) => {
      webhookUrl = url;
    },
    deliver,
    /** Waits for the deliveries under way (the provider sends some after answering a call). */
    settled: () => pending,
    /** The period ran out on a subscription set to cancel: the provider ends it and says so. */
    endPeriod: async (subscriptionId: string) => {
      const sub = subscriptions.get(subscriptionId) as SubscriptionObject;
      end(sub);
      await deliver(eventObject('customer.subscription.deleted', sub, { previous: { status: 'active' } }));
    },
    close: () => app.close(),
  };
}

// `npm run stripe:standin`: for `npm run dev`, pointed at by STRIPE_API_URL and STRIPE_SECRET_KEY.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const standIn = await startStripeStandIn({
    port: Number(process.env.STANDIN_PORT ?? 12111),
    secretKey: process.env.STRIPE_SECRET_KEY,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    price: process.env.STRIPE_PRICE_PREMIUM,
  });
  standIn.setWebhook(process.env.MIXX_WEBHOOK_URL ?? 'http://localhost:4000/webhooks/stripe');
  process.stdout.write(
    `Stripe stand-in on ${standIn.url}. Start Mixx with:\n${Object.entries(standIn.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
}
