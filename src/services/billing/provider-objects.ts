import type Stripe from 'stripe';

/**
 * The provider's objects read into the few fields Mixx keeps (in the pinned API version's shapes).
 * Everything else of an event — billing details, e-mail, card, address, hosted URLs — is never
 * copied out of it, so it can never be stored or logged.
 */

/** The contract's SubscriptionStatus. */
export type SubscriptionStatusValue = 'INCOMPLETE' | 'TRIALING' | 'ACTIVE' | 'PAST_DUE' | 'CANCELED';

const STATUSES: Record<string, SubscriptionStatusValue> = {
  incomplete: 'INCOMPLETE',
  trialing: 'TRIALING',
  active: 'ACTIVE',
  past_due: 'PAST_DUE',
  unpaid: 'PAST_DUE',
  canceled: 'CANCELED',
  incomplete_expired: 'CANCELED',
  paused: 'CANCELED',
};

/** The contract's table; a status the provider adds later grants nothing until it is mapped here. */
export function statusOf(providerStatus: string): SubscriptionStatusValue {
  return STATUSES[providerStatus] ?? 'INCOMPLETE';
}

const PREMIUM = new Set<SubscriptionStatusValue>(['ACTIVE', 'TRIALING', 'PAST_DUE']);

/** The contract's rule: PREMIUM while the subscription is ACTIVE, TRIALING or PAST_DUE. */
export const isPremium = (providerStatus: string): boolean => PREMIUM.has(statusOf(providerStatus));

/** The provider's statuses that grant PREMIUM, for SQL. */
export const PREMIUM_PROVIDER_STATUSES: readonly string[] = Object.keys(STATUSES).filter(isPremium);

/** Provider statuses a subscription never leaves: a state after one of them is never older. */
const FINAL = new Set(['canceled', 'incomplete_expired']);
export const isFinal = (providerStatus: string): boolean => FINAL.has(providerStatus);

export type SubscriptionState = {
  providerSubscriptionId: string;
  providerCustomerId: string;
  providerPriceId: string | null;
  status: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  createdAt: Date;
};

export type InvoiceRecord = {
  providerInvoiceId: string;
  providerCustomerId: string;
  providerSubscriptionId: string | null;
  number: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  status: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  createdAt: Date;
};

export type CheckoutCompletion = {
  providerCustomerId: string;
  providerSubscriptionId: string;
  ref: string | null;
};

const at = (seconds: number | null | undefined): Date | null => (typeof seconds === 'number' ? new Date(seconds * 1000) : null);
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** A subscription as the provider reports it. Its period ends with its items' (one item here). */
export function subscriptionState(sub: Stripe.Subscription): SubscriptionState {
  const items = sub.items?.data ?? [];
  const periodEnds = items.map((i) => i.current_period_end).filter((e): e is number => typeof e === 'number');
  return {
    providerSubscriptionId: sub.id,
    providerCustomerId: idOf(sub.customer) ?? '',
    providerPriceId: idOf(items[0]?.price) ?? null,
    status: sub.status,
    currentPeriodEnd: periodEnds.length ? at(Math.max(...periodEnds)) : null,
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end),
    createdAt: at(sub.created) ?? new Date(0),
  };
}

export function invoiceRecord(inv: Stripe.Invoice): InvoiceRecord {
  return {
    providerInvoiceId: inv.id ?? '',
    providerCustomerId: idOf(inv.customer) ?? '',
    providerSubscriptionId: idOf(inv.parent?.subscription_details?.subscription),
    number: inv.number ?? null,
    amountDue: inv.amount_due,
    amountPaid: inv.amount_paid,
    currency: inv.currency.toLowerCase(),
    status: inv.status ?? 'draft',
    periodStart: at(inv.period_start),
    periodEnd: at(inv.period_end),
    createdAt: at(inv.created) ?? new Date(0),
  };
}

/** A completed checkout of a subscription; null for any other kind of session. */
export function checkoutCompletion(session: Stripe.Checkout.Session): CheckoutCompletion | null {
  const customer = idOf(session.customer);
  const subscription = idOf(session.subscription);
  if (session.mode !== 'subscription' || !customer || !subscription) return null;
  return { providerCustomerId: customer, providerSubscriptionId: subscription, ref: session.client_reference_id ?? null };
}

/** What an event asks of Mixx, read from its object; null for types Mixx does not handle. */
export type EventChange =
  | { kind: 'subscription'; state: SubscriptionState }
  | { kind: 'invoice'; record: InvoiceRecord }
  | { kind: 'checkout'; completion: CheckoutCompletion };

export function changeOf(event: Stripe.Event): EventChange | null {
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { kind: 'subscription', state: subscriptionState(event.data.object) };
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return { kind: 'invoice', record: invoiceRecord(event.data.object) };
    case 'checkout.session.completed': {
      const completion = checkoutCompletion(event.data.object);
      return completion && { kind: 'checkout', completion };
    }
    default:
      return null;
  }
}
