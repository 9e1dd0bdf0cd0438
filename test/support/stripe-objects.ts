import { randomBytes } from 'node:crypto';
import { STRIPE_API_VERSION } from '../../src/services/billing/stripe-payments.ts';

/**
 * The provider's objects as the stand-in makes them, in the shapes of the pinned API version
 * (period on the subscription item, an invoice's subscription under `parent`), with billing
 * details a real checkout would put there: sentinel values unlike anything of a member, so that a
 * scan for them finds only what leaked.
 */
export const SENTINELS = {
  email: 'sentinel-payer-7qz4@billing-details.invalid',
  name: 'Zebulon Quintavalle-Sentinel',
  line1: '77 Sentinel Quay Xq9',
  city: 'Sentinelburg-on-Qz',
  postalCode: 'ZQ7 9XQ',
  phone: '+99 555 0177 9431',
  cardFingerprint: 'SntnlFngrPrnt7Qz4',
  cardLast4: '4973',
  paymentMethod: 'pm_SentinelCard7Qz4',
  taxId: 'DE-SENTINEL-77QZ4',
  hostedInvoiceUrl: 'https://invoice.billing-details.invalid/i/SentinelHostedInvoice7Qz4',
  invoicePdf: 'https://invoice.billing-details.invalid/pdf/SentinelInvoicePdf7Qz4',
} as const;

/** Every sentinel a scan looks for (the four card digits alone would match hashes by chance). */
export const SCANNED_SENTINELS = Object.entries(SENTINELS)
  .filter(([key]) => key !== 'cardLast4')
  .map(([, value]) => value);

export const stamp = (): number => Math.floor(Date.now() / 1000);
export const providerId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

const address = () => ({
  city: SENTINELS.city,
  country: 'DE',
  line1: SENTINELS.line1,
  line2: null,
  postal_code: SENTINELS.postalCode,
  state: null,
});

export const billingDetails = () => ({
  address: address(),
  email: SENTINELS.email,
  name: SENTINELS.name,
  phone: SENTINELS.phone,
});

export function customerObject(opts: { id: string; ref: string; created: number; withDetails: boolean }) {
  const details = opts.withDetails;
  return {
    id: opts.id,
    object: 'customer',
    address: details ? address() : null,
    balance: 0,
    created: opts.created,
    currency: details ? 'eur' : null,
    default_source: null,
    delinquent: false,
    description: null,
    email: details ? SENTINELS.email : null,
    invoice_prefix: 'MIXX',
    invoice_settings: { custom_fields: null, default_payment_method: details ? SENTINELS.paymentMethod : null, footer: null },
    livemode: false,
    metadata: { mixx_ref: opts.ref },
    name: details ? SENTINELS.name : null,
    phone: details ? SENTINELS.phone : null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
}

export type PriceObject = ReturnType<typeof priceObject>;
export const priceObject = (id: string) => ({
  id,
  object: 'price',
  active: true,
  currency: 'eur',
  product: 'prod_MixxPremium',
  recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
  type: 'recurring',
  unit_amount: 499,
  livemode: false,
});

export type SubscriptionObject = ReturnType<typeof subscriptionObject>;
export function subscriptionObject(opts: { id: string; customer: string; price: string; created: number; periodEnd: number }) {
  return {
    id: opts.id,
    object: 'subscription',
    billing_cycle_anchor: opts.created,
    cancel_at: null as number | null,
    cancel_at_period_end: false,
    canceled_at: null as number | null,
    collection_method: 'charge_automatically',
    created: opts.created,
    currency: 'eur',
    customer: opts.customer,
    default_payment_method: SENTINELS.paymentMethod,
    ended_at: null as number | null,
    items: {
      object: 'list',
      data: [
        {
          id: providerId('si'),
          object: 'subscription_item',
          created: opts.created,
          current_period_start: opts.created,
          current_period_end: opts.periodEnd,
          metadata: {},
          price: priceObject(opts.price),
          quantity: 1,
          subscription: opts.id,
        },
      ],
      has_more: false,
      url: `/v1/subscription_items?subscription=${opts.id}`,
    },
    latest_invoice: null as string | null,
    livemode: false,
    metadata: {},
    start_date: opts.created,
    status: 'active',
    trial_end: null,
    trial_start: null,
  };
}

export type InvoiceObject = ReturnType<typeof invoiceObject>;
export function invoiceObject(opts: {
  id: string;
  number: string;
  customer: string;
  subscription: string;
  price: string;
  created: number;
  periodEnd: number;
  paid: boolean;
}) {
  const amount = 499;
  return {
    id: opts.id,
    object: 'invoice',
    account_country: 'DE',
    account_name: 'Mixx',
    amount_due: amount,
    amount_paid: opts.paid ? amount : 0,
    amount_remaining: opts.paid ? 0 : amount,
    attempt_count: 1,
    attempted: true,
    billing_reason: 'subscription_create',
    collection_method: 'charge_automatically',
    created: opts.created,
    currency: 'eur',
    customer: opts.customer,
    customer_address: address(),
    customer_email: SENTINELS.email,
    customer_name: SENTINELS.name,
    customer_phone: SENTINELS.phone,
    customer_tax_ids: [{ type: 'eu_vat', value: SENTINELS.taxId }],
    default_payment_method: SENTINELS.paymentMethod,
    hosted_invoice_url: SENTINELS.hostedInvoiceUrl,
    invoice_pdf: SENTINELS.invoicePdf,
    lines: {
      object: 'list',
      data: [
        {
          id: providerId('il'),
          object: 'line_item',
          amount,
          currency: 'eur',
          description: '1 × Mixx Premium (at €4.99 / month)',
          period: { start: opts.created, end: opts.periodEnd },
          pricing: { type: 'price_details', price_details: { price: opts.price, product: 'prod_MixxPremium' } },
          quantity: 1,
        },
      ],
      has_more: false,
    },
    livemode: false,
    metadata: {},
    number: opts.number,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: {}, subscription: opts.subscription },
    },
    period_end: opts.periodEnd,
    period_start: opts.created,
    status: opts.paid ? 'paid' : 'open',
    status_transitions: { finalized_at: opts.created, paid_at: opts.paid ? opts.created : null },
    subtotal: amount,
    total: amount,
  };
}

/** A payment method as `payment_method.attached` carries it: the card the stand-in "took". */
export function paymentMethodObject(customer: string, created: number) {
  return {
    id: SENTINELS.paymentMethod,
    object: 'payment_method',
    billing_details: billingDetails(),
    card: {
      brand: 'visa',
      country: 'DE',
      exp_month: 12,
      exp_year: 2031,
      fingerprint: SENTINELS.cardFingerprint,
      funding: 'credit',
      last4: SENTINELS.cardLast4,
    },
    created,
    customer,
    livemode: false,
    type: 'card',
  };
}

export type EventObject = {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

export function eventObject(
  type: string,
  object: unknown,
  opts: { created?: number; previous?: Record<string, unknown> } = {},
): EventObject {
  return {
    id: providerId('evt'),
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: opts.created ?? stamp(),
    // A snapshot: later changes of the stand-in's object never change an event already made.
    data: { object: structuredClone(object), ...(opts.previous ? { previous_attributes: opts.previous } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}
