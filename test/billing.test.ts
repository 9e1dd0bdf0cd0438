import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Member } from '../src/entities/member.entity.ts';
import { STRIPE_API_VERSION } from '../src/services/billing/stripe-payments.ts';
import { importFolder } from '../src/services/catalog/import/catalog-import.ts';
import { mediaDirOf } from '../src/services/catalog/import/media-store.ts';
import { Scope } from '../src/services/scope.ts';
import { writeMp3 } from './support/catalog.ts';
import { makeMember, type Smtp } from './support/members.ts';
import type { TestMixx } from './support/mixx.ts';
import { findAnywhere } from './support/scan.ts';
import { startStack, stopStack } from './support/stack.ts';
import { sendEvent } from './support/stripe-events.ts';
import { eventObject, invoiceObject, providerId, SCANNED_SENTINELS, stamp } from './support/stripe-objects.ts';
import { type StandIn, startStripeStandIn } from './support/stripe-standin.ts';

let standIn: StandIn;
let mixx: TestMixx;
let smtp: Smtp;
let db: pg.Client;
let trackId: string;
let webhook: string;

const FREE_PER_DAY = 2;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  ({ mixx, smtp, db } = await startStack({
    env: { ...standIn.env, MIXX_FREE_DOWNLOADS_PER_DAY: String(FREE_PER_DAY) },
    withAdmin: false,
  }));
  webhook = `${mixx.url}/webhooks/stripe`;
  standIn.setWebhook(webhook);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mixx-billing-'));
  const title = `Premium Song ${Date.now().toString(36)}`;
  writeMp3(path.join(folder, 'song.mp3'), { title, artist: 'The Payers', album: 'Invoices', year: 2026 });
  await importFolder({ folder, mediaDir: mediaDirOf(mixx.config), db });
  const { rows } = await db.query('SELECT id FROM track WHERE title = $1', [title]);
  trackId = Buffer.from(`Track:${rows[0].id}`).toString('base64url');
});
afterAll(async () => {
  await standIn?.settled();
  await stopStack({ mixx, smtp, db });
  await standIn?.close();
});

type Member_ = Awaited<ReturnType<typeof makeMember>>;
const CHECKOUT = 'mutation { startPremiumCheckout { url expiresAt } }';
const PORTAL = 'mutation { openBillingPortal { url expiresAt } }';
const DOWNLOAD = 'mutation($t: ID!) { requestDownload(trackId: $t) { url } }';
const ME = `{ me { plan downloadQuota { plan limit used remaining }
  subscription { plan status currentPeriodEnd cancelAtPeriodEnd }
  invoices(first: 5) { totalCount edges { cursor node { id number amountDue amountPaid currency status periodStart periodEnd createdAt } } } } }`;
const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A member who paid on the stand-in's checkout page: the events it sent, and its subscription. */
async function subscribe(member: Member_) {
  const checkout = await mixx.gql(CHECKOUT, {}, member.auth);
  expect(checkout.errors).toBeUndefined();
  const url: string = checkout.data.startPremiumCheckout.url;
  expect((await fetch(url)).status).toBe(200);
  const before = standIn.deliveries.length;
  const paid = await fetch(url, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toBe(`${mixx.config.publicUrl}/?checkout=complete`);
  const sent = standIn.deliveries.slice(before);
  const subscription = sent.find((d) => d.event.type === 'customer.subscription.created')?.event.data.object as { id: string };
  const invoice = sent.find((d) => d.event.type === 'invoice.paid')?.event.data.object as {
    id: string;
    number: string;
    period_end: number;
  };
  return { checkout: checkout.data.startPremiumCheckout, sent, subscriptionId: subscription.id, invoice };
}

const counts = async () =>
  (
    await db.query(`SELECT (SELECT count(*) FROM billing_event)::int AS events, (SELECT count(*) FROM billing_invoice)::int AS invoices,
      (SELECT count(*) FROM billing_subscription)::int AS subscriptions, (SELECT count(*) FROM billing_customer)::int AS customers,
      (SELECT string_agg(status || cancel_at_period_end::text, ',' ORDER BY id) FROM billing_subscription) AS states,
      (SELECT string_agg(plan, ',' ORDER BY id) FROM member) AS plans`)
  ).rows[0];

describe('premium through the provider', () => {
  it('upgrades on the provider page, downloads beyond the free limit, lists the invoice, and ends with the period', async () => {
    const member = await makeMember(mixx, smtp);
    const free = await mixx.gql(ME, {}, member.auth);
    expect(free.data.me).toEqual({
      plan: 'FREE',
      downloadQuota: { plan: 'FREE', limit: FREE_PER_DAY, used: 0, remaining: FREE_PER_DAY },
      subscription: null,
      invoices: { totalCount: 0, edges: [] },
    });
    for (let i = 0; i < FREE_PER_DAY; i++) expect((await mixx.gql(DOWNLOAD, { t: trackId }, member.auth)).errors).toBeUndefined();
    expect(codeOf(await mixx.gql(DOWNLOAD, { t: trackId }, member.auth))).toBe('QUOTA_EXCEEDED');

    const { checkout, sent, subscriptionId, invoice } = await subscribe(member);
    expect(checkout.url).toMatch(new RegExp(`^${standIn.url}/c/pay/cs_test_`));
    expect(Date.parse(checkout.expiresAt)).toBeGreaterThan(Date.now());
    // The customer carries the opaque ref alone; the checkout names the member by the same ref.
    const created = standIn.requests.filter((r) => r.route === 'POST /v1/customers');
    const customerCall = created.at(-1);
    expect(Object.keys(customerCall?.body ?? {})).toEqual(['metadata[mixx_ref]']);
    const ref = customerCall?.body['metadata[mixx_ref]'] as string;
    const memberRow = (await db.query('SELECT id FROM member WHERE email = $1', [member.email])).rows[0];
    expect(ref).toMatch(/^[0-9a-f-]{36}$/);
    expect(ref).not.toBe(memberRow.id);
    const checkoutCall = standIn.requests.filter((r) => r.route === 'POST /v1/checkout/sessions').at(-1);
    expect(checkoutCall?.body).toMatchObject({
      mode: 'subscription',
      client_reference_id: ref,
      'line_items[0][price]': standIn.price,
    });
    expect(JSON.stringify(checkoutCall?.body)).not.toContain(member.email);
    expect(JSON.stringify(checkoutCall?.body)).not.toContain(memberRow.id);

    expect(sent.map((d) => [d.event.type, d.delivery.status, d.delivery.body.outcome])).toEqual([
      ['customer.updated', 200, 'ignored'],
      ['payment_method.attached', 200, 'ignored'],
      ['checkout.session.completed', 200, 'applied'],
      // Same provider second as the checkout's state: Mixx reads the subscription to order them.
      ['customer.subscription.created', 200, 'applied'],
      ['invoice.paid', 200, 'applied'],
    ]);

    const premium = await mixx.gql(ME, {}, member.auth);
    const invoiceId = premium.data.me.invoices.edges[0]?.node.id;
    expect(premium.data.me).toEqual({
      plan: 'PREMIUM',
      downloadQuota: { plan: 'PREMIUM', limit: null, used: FREE_PER_DAY, remaining: null },
      subscription: { plan: 'PREMIUM', status: 'ACTIVE', currentPeriodEnd: iso(invoice.period_end), cancelAtPeriodEnd: false },
      invoices: {
        totalCount: 1,
        edges: [
          {
            cursor: expect.any(String),
            node: {
              id: invoiceId,
              number: invoice.number,
              amountDue: 499,
              amountPaid: 499,
              currency: 'eur',
              status: 'paid',
              periodStart: iso(invoice.period_end - 30 * 86_400),
              periodEnd: iso(invoice.period_end),
              createdAt: iso(invoice.period_end - 30 * 86_400),
            },
          },
        ],
      },
    });
    for (let i = 0; i < 3; i++) expect((await mixx.gql(DOWNLOAD, { t: trackId }, member.auth)).errors).toBeUndefined();

    // The invoice by id: for its member only.
    const node = `query($id: ID!) { node(id: $id) { id ... on Invoice { number amountPaid } } }`;
    expect((await mixx.gql(node, { id: invoiceId }, member.auth)).data).toEqual({
      node: { id: invoiceId, number: invoice.number, amountPaid: 499 },
    });
    const stranger = await makeMember(mixx, smtp);
    expect((await mixx.gql(node, { id: invoiceId }, stranger.auth)).data).toEqual({ node: null });
    expect((await mixx.gql(node, { id: invoiceId })).data).toEqual({ node: null });

    // Cancelling in the portal keeps PREMIUM to the end of the period.
    const portal = await mixx.gql(PORTAL, {}, member.auth);
    expect(portal.data.openBillingPortal).toEqual({ url: expect.stringMatching(/\/p\/session\/bps_/), expiresAt: null });
    const cancelled = await fetch(`${portal.data.openBillingPortal.url}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(cancelled.status).toBe(303);
    expect(standIn.deliveries.at(-1)?.delivery.body.outcome).toBe('applied');
    expect((await mixx.gql(ME, {}, member.auth)).data.me).toMatchObject({
      plan: 'PREMIUM',
      subscription: { plan: 'PREMIUM', status: 'ACTIVE', cancelAtPeriodEnd: true },
    });

    await standIn.endPeriod(subscriptionId);
    expect(standIn.deliveries.at(-1)?.delivery).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
    const ended = await mixx.gql(ME, {}, member.auth);
    expect(ended.data.me).toMatchObject({
      plan: 'FREE',
      downloadQuota: { plan: 'FREE', limit: FREE_PER_DAY, used: FREE_PER_DAY + 3, remaining: 0 },
      subscription: { plan: 'FREE', status: 'CANCELED', cancelAtPeriodEnd: true },
      invoices: { totalCount: 1 },
    });
    expect(codeOf(await mixx.gql(DOWNLOAD, { t: trackId }, member.auth))).toBe('QUOTA_EXCEEDED');

    // The export holds what Mixx keeps, and not one billing detail of the provider's.
    const exported = (await mixx.gql('mutation { exportMyData }', {}, member.auth)).data.exportMyData;
    expect(exported.billing).toEqual({
      customer: { reference: ref, providerCustomerId: expect.stringMatching(/^cus_/), createdAt: expect.any(String) },
      subscriptions: [
        {
          providerSubscriptionId: subscriptionId,
          providerPriceId: standIn.price,
          status: 'CANCELED',
          providerStatus: 'canceled',
          currentPeriodEnd: iso(invoice.period_end),
          cancelAtPeriodEnd: true,
          createdAt: expect.any(String),
          reportedAt: expect.any(String),
        },
      ],
      invoices: [
        expect.objectContaining({ providerInvoiceId: invoice.id, number: invoice.number, amountPaid: 499, status: 'paid' }),
      ],
    });
    for (const value of SCANNED_SENTINELS) expect(JSON.stringify(exported)).not.toContain(value);

    // Mixx made only the contract's five kinds of call.
    const five = [
      'POST /v1/customers',
      'POST /v1/checkout/sessions',
      'POST /v1/billing_portal/sessions',
      'GET /v1/subscriptions/:id',
      'DELETE /v1/subscriptions/:id',
    ];
    expect(standIn.requests.map((r) => r.route).filter((route) => !five.includes(route))).toEqual([]);
  });

  it('makes one provider customer for two first checkouts at once, and sends a PREMIUM member to the portal', async () => {
    const member = await makeMember(mixx, smtp);
    const before = standIn.customers.size;
    const [a, b] = await Promise.all([mixx.gql(CHECKOUT, {}, member.auth), mixx.gql(CHECKOUT, {}, member.auth)]);
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    expect(standIn.customers.size).toBe(before + 1);
    expect(
      (
        await db.query(
          'SELECT count(*)::int AS n FROM billing_customer c JOIN member m ON m.id = c.member_id WHERE m.email = $1',
          [member.email],
        )
      ).rows[0].n,
    ).toBe(1);
    await subscribe(member);
    const again = await mixx.gql(CHECKOUT, {}, member.auth);
    expect(again.data.startPremiumCheckout.url).toMatch(/\/p\/session\/bps_/);
  });

  it('answers null for a FREE member who never subscribed, and BAD_USER_INPUT for a cursor of another list', async () => {
    const member = await makeMember(mixx, smtp);
    expect(
      (await mixx.gql('{ me { subscription { status } invoices { totalCount edges { cursor } } } }', {}, member.auth)).data,
    ).toEqual({
      me: { subscription: null, invoices: { totalCount: 0, edges: [] } },
    });
    await mixx.gql(DOWNLOAD, { t: trackId }, member.auth);
    const downloads = await mixx.gql('{ me { downloads(first: 1) { edges { cursor } } } }', {}, member.auth);
    const foreign = downloads.data.me.downloads.edges[0].cursor;
    const res = await mixx.gql('query($a: String) { me { invoices(after: $a) { totalCount } } }', { a: foreign }, member.auth);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(codeOf(await mixx.gql(PORTAL, {}, member.auth))).toBe('NOT_FOUND');
    expect(codeOf(await mixx.gql(CHECKOUT))).toBe('UNAUTHENTICATED');
  });

  it('refuses partner apps: billing is the account of the member alone', async () => {
    const member = await makeMember(mixx, smtp);
    const em = mixx.orm.em.fork();
    const row = (await em.findOne(Member, { email: member.email })) as Member;
    const partner = new Scope(mixx.services, {
      kind: 'partner',
      client: { current: 'test', previous: 'test' },
      member: row,
      grant: { id: 'g', clientId: 'c', partnerId: 'p' },
      scopes: new Set(['openid', 'profile', 'email', 'downloads:read', 'downloads:write']),
      sub: 'pairwise',
      settings: { trustedDocumentsOnly: false, costBudget: null },
    });
    await expect(partner.billing.startCheckout()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(partner.billing.openPortal()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(partner.billing.subscription()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(partner.billing.invoices({ first: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const staff = new Scope(mixx.services, { kind: 'staff', staff: { id: 's', role: 'admin' } });
    await expect(staff.billing.invoices({ first: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(new Scope(mixx.services, { kind: 'system', reason: 'x' }).billing.subscription()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('pins the API version the stripe package was built for', () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  });
});

describe('the webhook', () => {
  it('gives the same event delivered twice one effect', async () => {
    const member = await makeMember(mixx, smtp);
    const { sent } = await subscribe(member);
    const paid = sent.find((d) => d.event.type === 'invoice.paid');
    const before = await counts();
    const again = await sendEvent(webhook, paid?.event as never, { secret: standIn.webhookSecret });
    expect(again).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await counts()).toEqual(before);
    expect((await db.query('SELECT count(*)::int AS n FROM billing_event WHERE id = $1', [paid?.event.id])).rows[0].n).toBe(1);
  });

  it('never lets an older subscription state overwrite a newer one', async () => {
    const member = await makeMember(mixx, smtp);
    const { subscriptionId } = await subscribe(member);
    const sub = standIn.subscriptions.get(subscriptionId) as NonNullable<ReturnType<typeof standIn.subscriptions.get>>;
    const t = stamp();
    const send = (event: ReturnType<typeof eventObject>) => sendEvent(webhook, event, { secret: standIn.webhookSecret });
    // Not final: the member asked to cancel (newer), then an older "renewing" state arrives.
    const older = eventObject('customer.subscription.updated', { ...sub, cancel_at_period_end: false }, { created: t + 10 });
    const newer = eventObject('customer.subscription.updated', { ...sub, cancel_at_period_end: true }, { created: t + 20 });
    expect((await send(newer)).body.outcome).toBe('applied');
    expect((await send(older)).body.outcome).toBe('stale');
    const query = '{ me { plan subscription { status cancelAtPeriodEnd } } }';
    expect((await mixx.gql(query, {}, member.auth)).data.me).toEqual({
      plan: 'PREMIUM',
      subscription: { status: 'ACTIVE', cancelAtPeriodEnd: true },
    });
    // At the same provider second as the stored state, the event cannot say which is newer: Mixx
    // reads the subscription from the provider and keeps what it says now (not cancelling).
    const reads = standIn.requests.filter((r) => r.route === 'GET /v1/subscriptions/:id').length;
    const tie = eventObject(
      'customer.subscription.updated',
      { ...sub, cancel_at_period_end: true, status: 'past_due' },
      { created: t + 20 },
    );
    expect((await send(tie)).body.outcome).toBe('applied');
    expect(standIn.requests.filter((r) => r.route === 'GET /v1/subscriptions/:id').length).toBe(reads + 1);
    expect((await mixx.gql(query, {}, member.auth)).data.me).toEqual({
      plan: 'PREMIUM',
      subscription: { status: 'ACTIVE', cancelAtPeriodEnd: false },
    });
    // Cancelled (newer) before an older active state: the member stays CANCELED and FREE.
    const canceled = eventObject('customer.subscription.updated', { ...sub, status: 'canceled' }, { created: t + 40 });
    const active = eventObject('customer.subscription.updated', { ...sub, status: 'active' }, { created: t + 30 });
    expect((await send(canceled)).body.outcome).toBe('applied');
    expect((await send(active)).body.outcome).toBe('stale');
    expect((await mixx.gql(query, {}, member.auth)).data.me).toEqual({
      plan: 'FREE',
      subscription: { status: 'CANCELED', cancelAtPeriodEnd: false },
    });
  });

  it('refuses another secret, a changed body, a 301 s old or future timestamp and a missing header, changing nothing', async () => {
    const member = await makeMember(mixx, smtp);
    const { subscriptionId } = await subscribe(member);
    const sub = standIn.subscriptions.get(subscriptionId) as { id: string; customer: string };
    const customer = sub.customer;
    const invoice = invoiceObject({
      id: providerId('in'),
      number: 'MIXX-FORGED',
      customer,
      subscription: sub.id,
      price: standIn.price,
      created: stamp(),
      periodEnd: stamp() + 86_400,
      paid: true,
    });
    const event = eventObject('invoice.paid', invoice);
    const body = JSON.stringify(event, null, 2);
    const before = await counts();
    const linesBefore = mixx.logLines().length;
    const secret = standIn.webhookSecret;
    const refused = [
      await sendEvent(webhook, event, { secret: `whsec_${'other'.repeat(8)}` }),
      await sendEvent(webhook, event, { secret, payload: body.replace('"amount_paid": 499', '"amount_paid": 1') }),
      await sendEvent(webhook, event, { secret, timestamp: stamp() - 301 }),
      await sendEvent(webhook, event, { secret, timestamp: stamp() + 600 }),
      await sendEvent(webhook, event, { secret, header: null }),
      await sendEvent(webhook, event, { secret, header: 'garbage' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(await counts()).toEqual(before);
    const lines = mixx.logLines().slice(linesBefore);
    expect(lines.filter((l) => l.msg === 'stripe webhook refused').map((l) => l.reason)).toEqual([
      'bad-signature',
      'bad-signature',
      'too-old',
      'in-the-future',
      'no-signature',
      'bad-signature',
    ]);
    const logged = JSON.stringify(lines);
    for (const needle of [event.id, invoice.id, 'MIXX-FORGED', 'v1=', ...SCANNED_SENTINELS]) expect(logged).not.toContain(needle);
    // Signed properly, the same event is taken.
    expect((await sendEvent(webhook, event, { secret })).body.outcome).toBe('applied');
  });

  it('answers 200 to a type it does not handle and stores nothing of it', async () => {
    const before = await counts();
    const event = eventObject('charge.refund.updated', { id: providerId('re'), object: 'refund', amount: 100 });
    expect(await sendEvent(webhook, event, { secret: standIn.webhookSecret })).toEqual({
      status: 200,
      body: { received: true, outcome: 'ignored' },
    });
    expect(await counts()).toEqual(before);
  });

  it('applies one of 50 concurrent deliveries of one event', async () => {
    const member = await makeMember(mixx, smtp);
    const { sent, invoice: paid } = await subscribe(member);
    const first = sent.find((d) => d.event.type === 'invoice.paid')?.event.data.object as Parameters<typeof invoiceObject>[0] & {
      customer: string;
      parent: { subscription_details: { subscription: string } };
    };
    const invoice = invoiceObject({
      id: providerId('in'),
      number: 'MIXX-RENEWAL',
      customer: first.customer,
      subscription: first.parent.subscription_details.subscription,
      price: standIn.price,
      created: stamp() + 60,
      periodEnd: stamp() + 30 * 86_400,
      paid: true,
    });
    const event = eventObject('invoice.paid', invoice);
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => sendEvent(webhook, event, { secret: standIn.webhookSecret })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(results.filter((r) => r.body.outcome === 'applied').length).toBe(1);
    expect(results.filter((r) => r.body.outcome === 'duplicate').length).toBe(49);
    expect(await counts()).toMatchObject({ events: before.events + 1, invoices: before.invoices + 1 });
    expect(
      (await mixx.gql('{ me { invoices { totalCount edges { node { number } } } } }', {}, member.auth)).data.me.invoices,
    ).toEqual({
      totalCount: 2,
      edges: [{ node: { number: 'MIXX-RENEWAL' } }, { node: { number: paid.number } }],
    });
  });
});

describe('erasure', () => {
  it('cancels the subscription at the provider first and keeps only the pseudonymised invoices', async () => {
    const member = await makeMember(mixx, smtp, { displayName: 'Paying Paula' });
    const { subscriptionId, invoice } = await subscribe(member);
    const memberId = (await db.query('SELECT id FROM member WHERE email = $1', [member.email])).rows[0].id;
    const deleted = await mixx.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: member.password }, member.auth);
    expect(deleted.data).toEqual({ deleteAccount: true });
    expect(standIn.requests.filter((r) => r.route === 'DELETE /v1/subscriptions/:id').length).toBeGreaterThan(0);
    expect(standIn.subscriptions.get(subscriptionId)?.status).toBe('canceled');
    await standIn.settled();
    // The provider's "deleted" event races the erasure: taken before it, or ignored after it.
    expect(standIn.deliveries.at(-1)).toMatchObject({
      event: { type: 'customer.subscription.deleted' },
      delivery: { status: 200 },
    });
    expect(['applied', 'ignored']).toContain(standIn.deliveries.at(-1)?.delivery.body.outcome);
    expect(
      (
        await db.query('SELECT count(*)::int AS n FROM billing_subscription WHERE provider_subscription_id = $1', [
          subscriptionId,
        ])
      ).rows[0].n,
    ).toBe(0);
    const kept = await db.query(
      `SELECT i.number, i.amount_paid::int, c.member_id FROM billing_invoice i JOIN billing_customer c ON c.id = i.customer_id
        WHERE i.provider_invoice_id = $1`,
      [invoice.id],
    );
    expect(kept.rows).toEqual([{ number: invoice.number, amount_paid: 499, member_id: null }]);
    expect(await findAnywhere(db, [member.email, 'Paying Paula', memberId])).toEqual([]);
  });
});

describe('what is stored', () => {
  it('holds none of the billing details the provider sent, in any table or log line', async () => {
    await standIn.settled();
    expect(standIn.deliveries.length).toBeGreaterThan(10);
    expect(await findAnywhere(db, [...SCANNED_SENTINELS])).toEqual([]);
    const logged = JSON.stringify(mixx.logLines());
    for (const value of SCANNED_SENTINELS) expect(logged).not.toContain(value);
  });

  it('gives the admin no collection, global, field or endpoint that holds billing data', async () => {
    const BILLING = /billing|invoice|subscri|stripe|payment|checkout|card|iban|customer|amount|currency|price/i;
    const found: string[] = [];
    let walked = 0;
    const walk = (where: string, fields: unknown[]) => {
      walked += fields.length;
      for (const field of fields as {
        name?: string;
        type?: string;
        fields?: unknown[];
        tabs?: { fields: unknown[] }[];
        blocks?: { slug: string; fields: unknown[] }[];
      }[]) {
        if (field.name && BILLING.test(field.name)) found.push(`${where}.${field.name}`);
        if (field.fields) walk(`${where}.${field.name ?? field.type}`, field.fields);
        for (const tab of field.tabs ?? []) walk(where, tab.fields);
        for (const block of field.blocks ?? []) walk(`${where}.${block.slug}`, block.fields);
      }
    };
    const config = mixx.payload.config;
    expect(config.collections.length).toBeGreaterThan(0);
    for (const c of config.collections) {
      if (BILLING.test(c.slug)) found.push(c.slug);
      walk(c.slug, c.fields);
      for (const e of Array.isArray(c.endpoints) ? c.endpoints : []) if (BILLING.test(e.path)) found.push(`${c.slug} ${e.path}`);
    }
    for (const g of config.globals) {
      if (BILLING.test(g.slug)) found.push(g.slug);
      walk(g.slug, g.fields);
    }
    for (const e of config.endpoints ?? []) if (BILLING.test(e.path)) found.push(e.path);
    const views = (config.admin.components?.views ?? {}) as Record<string, { path?: string }>;
    for (const [key, view] of Object.entries(views)) if (BILLING.test(`${key} ${view?.path ?? ''}`)) found.push(`view ${key}`);
    expect(walked).toBeGreaterThan(20);
    expect(found).toEqual([]);
    const { rows } = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'cms'
         AND (table_name ~* $1 OR column_name ~* $1)`,
      [BILLING.source],
    );
    expect(rows).toEqual([]);
  });
});
