import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError, PaymentsUnavailableError } from '../../errors/errors.ts';
import { isUuid } from '../common/global-id.ts';
import { checkFirst, decodeKeyset, type KeysetOrder, type Page, toPage } from '../common/keyset.ts';
import type { Scope } from '../scope.ts';
import {
  billingOfMember,
  countInvoices,
  currentSubscription,
  customerOfMember,
  ensureCustomerRow,
  type InvoiceRow,
  invoicesByIds,
  invoicesPage,
  openSubscriptions,
  setProviderCustomer,
} from './billing.queries.ts';
import { isPremium, type SubscriptionStatusValue, statusOf } from './provider-objects.ts';
import type { StripePayments } from './stripe-payments.ts';

export type { InvoiceRow } from './billing.queries.ts';
export type HostedPage = { url: string; expiresAt: Date | null };
export type SubscriptionView = {
  plan: 'free' | 'premium';
  status: SubscriptionStatusValue;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
};

/** A member's invoices, newest first (by the provider's time of issue). */
const NEWEST: KeysetOrder = { tag: 'inv', sortKey: 'created_at', sortType: 'timestamp', idType: 'uuid', descending: true };

/**
 * The member's side of billing: the provider's hosted pages, and what Mixx holds of the
 * subscription and invoices — for the member's own session only (`account.use`: partner apps,
 * staff and everyone else are refused by the access module).
 */
export class BillingService {
  constructor(private readonly scope: Scope) {}

  /**
   * The provider's checkout page for PREMIUM. A member who is PREMIUM already gets the billing
   * portal instead: a second subscription would bill twice for one plan.
   */
  async startCheckout(): Promise<HostedPage> {
    const { member } = await this.scope.require('account.use');
    const payments = this.payments();
    const customer = await this.providerCustomer(member.id, payments);
    const base = this.scope.runtime.config.publicUrl;
    if (member.plan === 'premium') return payments.createPortal({ customer: customer.providerId, returnUrl: `${base}/` });
    return payments.createCheckout({
      customer: customer.providerId,
      ref: customer.ref,
      successUrl: `${base}/?checkout=complete`,
      cancelUrl: `${base}/?checkout=canceled`,
    });
  }

  /** The provider's billing portal; NOT_FOUND for a member who never started a checkout. */
  async openPortal(): Promise<HostedPage> {
    const { member } = await this.scope.require('account.use');
    const payments = this.payments();
    const customer = await customerOfMember(this.scope.em, member.id);
    if (!customer?.providerCustomerId) throw new NotFoundError('No billing account yet: start a premium checkout first.');
    return payments.createPortal({ customer: customer.providerCustomerId, returnUrl: `${this.scope.runtime.config.publicUrl}/` });
  }

  /** The subscription that counts (one granting PREMIUM, else the newest); null if none ever was. */
  async subscription(): Promise<SubscriptionView | null> {
    const { member } = await this.scope.require('account.use');
    const row = await currentSubscription(this.scope.em, member.id);
    if (!row) return null;
    return {
      plan: isPremium(row.status) ? 'premium' : 'free',
      status: statusOf(row.status),
      currentPeriodEnd: row.currentPeriodEnd,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    };
  }

  async invoices(opts: { first: number; after?: string | null }): Promise<Page<InvoiceRow>> {
    const { member } = await this.scope.require('account.use');
    const first = checkFirst(opts.first);
    const after = decodeKeyset<string>(NEWEST, opts.after);
    const [rows, totalCount] = await Promise.all([
      invoicesPage(this.scope.em, {
        memberId: member.id,
        after: after && { createdAt: String(after.sortKey), id: after.id },
        limit: first + 1,
      }),
      countInvoices(this.scope.em, member.id),
    ]);
    return toPage({
      rows: rows.map((node) => ({ id: node.id, sortKey: node.createdAt, node })),
      first,
      order: NEWEST,
      hasPrevious: after != null,
      totalCount,
      map: (r) => r.node,
    });
  }

  /** One of the member's invoices; null for any other id. */
  async invoiceById(id: string): Promise<InvoiceRow | null> {
    if (!isUuid(id)) return null;
    await this.scope.require('account.use', { kind: 'invoice', ids: [id] });
    return (await invoicesByIds(this.scope.em, [id]))[0] ?? null;
  }

  /**
   * Before an erasure: every subscription the provider would still bill is cancelled there first
   * (an erased member cannot cancel any more). Refused when billing is off on this instance but
   * the member has one: erasing then would leave the member paying.
   */
  async cancelBeforeErasure(): Promise<void> {
    const { member } = await this.scope.require('account.use');
    const open = await openSubscriptions(this.scope.em, member.id);
    if (open.length === 0) return;
    const payments = this.payments();
    for (const id of open) await payments.cancelSubscription(id);
  }

  private payments(): StripePayments {
    const payments = this.scope.runtime.payments;
    if (!payments) throw new PaymentsUnavailableError();
    return payments;
  }

  /**
   * The member's one customer at the provider, made on first checkout with nothing but the
   * opaque ref. The ref is stored first and doubles as the idempotency key, so two first
   * checkouts at once make one customer.
   */
  private async providerCustomer(memberId: string, payments: StripePayments): Promise<{ providerId: string; ref: string }> {
    const row = await ensureCustomerRow(this.scope.em, memberId);
    if (row.providerCustomerId) return { providerId: row.providerCustomerId, ref: row.ref };
    const created = await payments.createCustomer(row.ref);
    return { providerId: await setProviderCustomer(this.scope.em, row.id, created), ref: row.ref };
  }
}

/** Billing's part of `exportMyData` (keys in docs/data-export.md): ids, statuses, periods, amounts. */
export async function exportBilling(em: EntityManager, memberId: string): Promise<Record<string, unknown>> {
  const { customer, subscriptions, invoices } = await billingOfMember(em, memberId);
  const iso = (at: unknown) => (at ? new Date(at as string).toISOString() : null);
  return {
    customer: customer
      ? { reference: customer.ref, providerCustomerId: customer.provider_customer_id, createdAt: iso(customer.created_at) }
      : null,
    subscriptions: subscriptions.map((s) => ({
      providerSubscriptionId: s.provider_subscription_id,
      providerPriceId: s.provider_price_id,
      status: statusOf(String(s.status)),
      providerStatus: s.status,
      currentPeriodEnd: iso(s.current_period_end),
      cancelAtPeriodEnd: s.cancel_at_period_end,
      createdAt: iso(s.created_at),
      reportedAt: iso(s.state_at),
    })),
    invoices: invoices.map((i) => ({
      id: i.id,
      providerInvoiceId: i.providerInvoiceId,
      providerSubscriptionId: i.providerSubscriptionId,
      number: i.number,
      amountDue: i.amountDue,
      amountPaid: i.amountPaid,
      currency: i.currency,
      status: i.status,
      periodStart: iso(i.periodStart),
      periodEnd: iso(i.periodEnd),
      createdAt: iso(i.createdAt),
    })),
  };
}
