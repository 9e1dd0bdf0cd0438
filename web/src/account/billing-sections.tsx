import { useState } from 'react';
import { ApiError, request } from '../api/client.ts';
import { explain } from '../api/errors.ts';
import type { InvoicesSectionFragment, PremiumSectionFragment } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { Section } from './section.tsx';
import { useMore } from './use-more.ts';

graphql(`
  fragment PremiumSection on Member {
    plan
    subscription { plan status currentPeriodEnd cancelAtPeriodEnd }
  }
`);
graphql(`
  fragment InvoicePage on InvoiceConnection {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id number amountDue amountPaid currency status periodStart periodEnd createdAt } }
  }
`);
graphql(`
  fragment InvoicesSection on Member {
    invoices(first: 10) { ...InvoicePage }
  }
`);

const MoreInvoices = graphql(`
  query MoreInvoices($after: String!) {
    me { invoices(first: 10, after: $after) { ...InvoicePage } }
  }
`);
const StartPremiumCheckout = graphql(`
  mutation StartPremiumCheckout {
    startPremiumCheckout { url }
  }
`);
const OpenBillingPortal = graphql(`
  mutation OpenBillingPortal {
    openBillingPortal { url }
  }
`);

const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '');

function planWords(member: PremiumSectionFragment): string {
  const sub = member.subscription;
  if (!sub) return 'You are on the free plan.';
  const end = day(sub.currentPeriodEnd);
  switch (sub.status) {
    case 'ACTIVE':
      return sub.cancelAtPeriodEnd ? `Premium until ${end}: it will not renew.` : `Premium, renewing on ${end}.`;
    case 'TRIALING':
      return sub.cancelAtPeriodEnd ? `Premium trial until ${end}: it will not renew.` : `Premium trial, until ${end}.`;
    case 'PAST_DUE':
      return 'Premium, but the last payment did not go through: please check your payment details in billing.';
    case 'INCOMPLETE':
      return 'Your payment for Premium is not complete yet.';
    case 'CANCELED':
      return `Your Premium plan has ended${end ? ` (on ${end})` : ''}. You are on the free plan.`;
  }
}

/**
 * The plan, and the payment provider's own pages to upgrade or to manage billing: the browser
 * goes there at the member's click (the app itself sends nothing to the provider), and comes back
 * to Mixx afterwards (CheckoutReturn).
 */
export function PremiumSection({ member }: { member: PremiumSectionFragment }) {
  const [isUnavailable, setUnavailable] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const go = async (open: () => Promise<string>) => {
    setBusy(true);
    setError('');
    try {
      const url = new URL(await open());
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not a web page');
      window.location.assign(url.href);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === 'PAYMENTS_UNAVAILABLE') setUnavailable(true);
      else setError(explain(e));
    }
  };
  const checkout = () => go(async () => (await request(StartPremiumCheckout)).startPremiumCheckout.url);
  const portal = () => go(async () => (await request(OpenBillingPortal)).openBillingPortal.url);
  return (
    <Section title="Premium">
      <p>{planWords(member)}</p>
      {isUnavailable ? (
        <p role="status">Premium is not offered here: this Mixx does not take payments.</p>
      ) : (
        <div className="actions">
          {member.plan === 'FREE' && (
            <button type="button" onClick={checkout} disabled={isBusy}>
              Upgrade to Premium
            </button>
          )}
          {member.subscription && (
            <button type="button" onClick={portal} disabled={isBusy}>
              Manage billing
            </button>
          )}
        </div>
      )}
      {!isUnavailable && (
        <p className="meta">Payments happen on the payment provider’s pages: Mixx never sees or keeps card or bank details.</p>
      )}
      {error && <p role="alert">{error}</p>}
    </Section>
  );
}

const INVOICE_STATUS: Record<string, string> = {
  draft: 'Draft',
  open: 'Due',
  paid: 'Paid',
  uncollectible: 'Not collected',
  void: 'Cancelled',
};

/** An amount in the currency's smallest unit, as money (2 decimals for EUR, none for JPY). */
function money(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amount} ${currency}`;
  }
}

export function InvoicesSection({ member }: { member: InvoicesSectionFragment }) {
  const list = useMore(member.invoices, async (after) => (await request(MoreInvoices, { after })).me?.invoices);
  return (
    <Section title="Invoices">
      {list.total === 0 ? (
        <p>No invoices yet.</p>
      ) : (
        <>
          <table className="tracks">
            <caption className="visually-hidden">
              Your invoices, newest first ({list.nodes.length} of {list.total} shown)
            </caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Issued</th>
                <th scope="col">Period</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.nodes.map((invoice) => (
                <tr key={invoice.id}>
                  <th scope="row">{invoice.number ?? '—'}</th>
                  <td>{day(invoice.createdAt)}</td>
                  <td>{invoice.periodStart ? `${day(invoice.periodStart)} – ${day(invoice.periodEnd)}` : '—'}</td>
                  <td>{money(invoice.status === 'paid' ? invoice.amountPaid : invoice.amountDue, invoice.currency)}</td>
                  <td>{INVOICE_STATUS[invoice.status] ?? invoice.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.hasMore && (
            <button type="button" onClick={list.showMore} disabled={list.isBusy}>
              Show more
            </button>
          )}
          {list.error && <p role="alert">{list.error}</p>}
        </>
      )}
    </Section>
  );
}
