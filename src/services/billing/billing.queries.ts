import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceRecord, SubscriptionState } from './provider-objects.ts';
import { PREMIUM_PROVIDER_STATUSES } from './provider-objects.ts';

/**
 * The billing area's SQL, one function per statement, every value a parameter. Each takes the
 * EntityManager it runs on, so that the ones a transaction needs run inside it.
 */
const run = <T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> =>
  em.getConnection().execute(sql, params, 'all', em.getTransactionContext());

const textArray = (values: readonly string[]) => `{${values.join(',')}}`;

/** Invoice statuses in the order an invoice moves through them (an earlier one never follows). */
const INVOICE_ORDER = textArray(['draft', 'open', 'uncollectible', 'paid', 'void']);

export type CustomerRow = { id: string; memberId: string | null; ref: string; providerCustomerId: string | null };
type RawCustomer = { id: string; member_id: string | null; ref: string; provider_customer_id: string | null };
const toCustomer = (r: RawCustomer): CustomerRow => ({
  id: r.id,
  memberId: r.member_id,
  ref: r.ref,
  providerCustomerId: r.provider_customer_id,
});

export async function customerOfMember(em: EntityManager, memberId: string): Promise<CustomerRow | undefined> {
  const rows = await run<RawCustomer>(
    em,
    'SELECT id, member_id, ref, provider_customer_id FROM billing_customer WHERE member_id = ?',
    [memberId],
  );
  return rows[0] && toCustomer(rows[0]);
}

/** The member's one customer row, made on first use (a concurrent first use finds the same row). */
export async function ensureCustomerRow(em: EntityManager, memberId: string): Promise<CustomerRow> {
  await run(em, 'INSERT INTO billing_customer (member_id) VALUES (?) ON CONFLICT (member_id) DO NOTHING', [memberId]);
  return (await customerOfMember(em, memberId)) as CustomerRow;
}

/** Records the provider's customer id once; answers the id stored (the first one written wins). */
export async function setProviderCustomer(em: EntityManager, customerId: string, providerCustomerId: string): Promise<string> {
  const rows = await run<{ provider_customer_id: string }>(
    em,
    `UPDATE billing_customer SET provider_customer_id = COALESCE(provider_customer_id, ?) WHERE id = ?
      RETURNING provider_customer_id`,
    [providerCustomerId, customerId],
  );
  return rows[0]?.provider_customer_id ?? providerCustomerId;
}

export async function customerByProviderId(em: EntityManager, providerCustomerId: string): Promise<CustomerRow | undefined> {
  const rows = await run<RawCustomer>(
    em,
    'SELECT id, member_id, ref, provider_customer_id FROM billing_customer WHERE provider_customer_id = ?',
    [providerCustomerId],
  );
  return rows[0] && toCustomer(rows[0]);
}

/** Stores an event id; false when it was stored before (a concurrent delivery waits for the first). */
export async function recordEvent(em: EntityManager, event: { id: string; type: string; createdAt: Date }): Promise<boolean> {
  const rows = await run(
    em,
    'INSERT INTO billing_event (id, type, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING 1',
    [event.id, event.type, event.createdAt],
  );
  return rows.length > 0;
}

export async function storedSubscription(
  em: EntityManager,
  providerSubscriptionId: string,
): Promise<{ stateAt: Date; status: string } | undefined> {
  const rows = await run<{ state_at: Date; status: string }>(
    em,
    'SELECT state_at, status FROM billing_subscription WHERE provider_subscription_id = ?',
    [providerSubscriptionId],
  );
  return rows[0] && { stateAt: new Date(rows[0].state_at), status: rows[0].status };
}

export async function upsertSubscription(
  em: EntityManager,
  opts: { memberId: string; customerId: string; state: SubscriptionState; stateAt: Date },
): Promise<void> {
  const s = opts.state;
  await run(
    em,
    `INSERT INTO billing_subscription (member_id, customer_id, provider_subscription_id, provider_price_id, status,
        current_period_end, cancel_at_period_end, created_at, state_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider_subscription_id) DO UPDATE SET provider_price_id = EXCLUDED.provider_price_id,
        status = EXCLUDED.status, current_period_end = EXCLUDED.current_period_end,
        cancel_at_period_end = EXCLUDED.cancel_at_period_end, state_at = EXCLUDED.state_at, updated_at = now()`,
    [
      opts.memberId,
      opts.customerId,
      s.providerSubscriptionId,
      s.providerPriceId,
      s.status,
      s.currentPeriodEnd,
      s.cancelAtPeriodEnd,
      s.createdAt,
      opts.stateAt,
    ],
  );
}

/** `member.plan` from the member's subscriptions (the contract's rule), in the same transaction. */
export async function refreshPlan(em: EntityManager, memberId: string): Promise<void> {
  await run(
    em,
    `UPDATE member m SET plan = CASE WHEN EXISTS (SELECT 1 FROM billing_subscription s
        WHERE s.member_id = m.id AND s.status = ANY(?::text[])) THEN 'premium' ELSE 'free' END
      WHERE m.id = ?`,
    [textArray(PREMIUM_PROVIDER_STATUSES), memberId],
  );
}

/**
 * Writes an invoice unless the stored one is newer: a later provider time, or at the same time a
 * status further along (paid after open, never open after paid). True when it wrote.
 */
export async function upsertInvoice(
  em: EntityManager,
  opts: { customerId: string; record: InvoiceRecord; stateAt: Date },
): Promise<boolean> {
  const r = opts.record;
  const rows = await run(
    em,
    `INSERT INTO billing_invoice (customer_id, provider_invoice_id, provider_subscription_id, number, amount_due, amount_paid,
        currency, status, period_start, period_end, created_at, state_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider_invoice_id) DO UPDATE SET number = EXCLUDED.number, amount_due = EXCLUDED.amount_due,
        amount_paid = EXCLUDED.amount_paid, currency = EXCLUDED.currency, status = EXCLUDED.status,
        period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, state_at = EXCLUDED.state_at, updated_at = now()
      WHERE (billing_invoice.state_at, coalesce(array_position(?::text[], billing_invoice.status), 0))
         <= (EXCLUDED.state_at, coalesce(array_position(?::text[], EXCLUDED.status), 0))
     RETURNING 1`,
    [
      opts.customerId,
      r.providerInvoiceId,
      r.providerSubscriptionId,
      r.number,
      r.amountDue,
      r.amountPaid,
      r.currency,
      r.status,
      r.periodStart,
      r.periodEnd,
      r.createdAt,
      opts.stateAt,
      INVOICE_ORDER,
      INVOICE_ORDER,
    ],
  );
  return rows.length > 0;
}

export type SubscriptionRow = { status: string; currentPeriodEnd: Date | null; cancelAtPeriodEnd: boolean };

/** The member's subscription that counts: one that grants PREMIUM, else the newest. */
export async function currentSubscription(em: EntityManager, memberId: string): Promise<SubscriptionRow | undefined> {
  const rows = await run<{ status: string; current_period_end: Date | null; cancel_at_period_end: boolean }>(
    em,
    `SELECT status, current_period_end, cancel_at_period_end FROM billing_subscription WHERE member_id = ?
      ORDER BY status = ANY(?::text[]) DESC, created_at DESC, id DESC LIMIT 1`,
    [memberId, textArray(PREMIUM_PROVIDER_STATUSES)],
  );
  const r = rows[0];
  return (
    r && {
      status: r.status,
      currentPeriodEnd: r.current_period_end ? new Date(r.current_period_end) : null,
      cancelAtPeriodEnd: r.cancel_at_period_end,
    }
  );
}

/** The member's subscriptions the provider would still bill or could resume. */
export async function openSubscriptions(em: EntityManager, memberId: string): Promise<string[]> {
  const rows = await run<{ provider_subscription_id: string }>(
    em,
    `SELECT provider_subscription_id FROM billing_subscription
      WHERE member_id = ? AND status NOT IN ('canceled', 'incomplete_expired') ORDER BY created_at`,
    [memberId],
  );
  return rows.map((r) => r.provider_subscription_id);
}

export type InvoiceRow = {
  id: string;
  number: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  status: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  createdAt: Date;
};
type RawInvoice = {
  id: string;
  number: string | null;
  amount_due: string | number;
  amount_paid: string | number;
  currency: string;
  status: string;
  period_start: Date | null;
  period_end: Date | null;
  created_at: Date;
};
const INVOICE_COLUMNS =
  'i.id, i.number, i.amount_due, i.amount_paid, i.currency, i.status, i.period_start, i.period_end, i.created_at';
const toInvoice = (r: RawInvoice): InvoiceRow => ({
  id: r.id,
  number: r.number,
  amountDue: Number(r.amount_due),
  amountPaid: Number(r.amount_paid),
  currency: r.currency,
  status: r.status,
  periodStart: r.period_start ? new Date(r.period_start) : null,
  periodEnd: r.period_end ? new Date(r.period_end) : null,
  createdAt: new Date(r.created_at),
});

/** `limit` of the member's invoices, newest first, after the keyset `(createdAt, id)` when given. */
export async function invoicesPage(
  em: EntityManager,
  opts: { memberId: string; after: { createdAt: string; id: string } | null; limit: number },
): Promise<InvoiceRow[]> {
  const from = `FROM billing_invoice i JOIN billing_customer c ON c.id = i.customer_id WHERE c.member_id = ?`;
  const rows = opts.after
    ? await run<RawInvoice>(
        em,
        `SELECT ${INVOICE_COLUMNS} ${from} AND (i.created_at, i.id) < (?::timestamptz, ?::uuid)
          ORDER BY i.created_at DESC, i.id DESC LIMIT ?`,
        [opts.memberId, opts.after.createdAt, opts.after.id, opts.limit],
      )
    : await run<RawInvoice>(em, `SELECT ${INVOICE_COLUMNS} ${from} ORDER BY i.created_at DESC, i.id DESC LIMIT ?`, [
        opts.memberId,
        opts.limit,
      ]);
  return rows.map(toInvoice);
}

export async function countInvoices(em: EntityManager, memberId: string): Promise<number> {
  const rows = await run<{ n: number }>(
    em,
    'SELECT count(*)::int AS n FROM billing_invoice i JOIN billing_customer c ON c.id = i.customer_id WHERE c.member_id = ?',
    [memberId],
  );
  return rows[0]?.n ?? 0;
}

export async function invoicesByIds(em: EntityManager, ids: readonly string[]): Promise<InvoiceRow[]> {
  const rows = await run<RawInvoice>(em, `SELECT ${INVOICE_COLUMNS} FROM billing_invoice i WHERE i.id = ANY(?::uuid[])`, [
    textArray(ids),
  ]);
  return rows.map(toInvoice);
}

/** Everything billing holds about the member, for `exportMyData` (docs/data-export.md). */
export async function billingOfMember(em: EntityManager, memberId: string) {
  const [customers, subscriptions, invoices] = await Promise.all([
    run<{ ref: string; provider_customer_id: string | null; created_at: Date }>(
      em,
      'SELECT ref, provider_customer_id, created_at FROM billing_customer WHERE member_id = ?',
      [memberId],
    ),
    run<Record<string, unknown>>(
      em,
      `SELECT provider_subscription_id, provider_price_id, status, current_period_end, cancel_at_period_end, created_at, state_at
         FROM billing_subscription WHERE member_id = ? ORDER BY created_at, id`,
      [memberId],
    ),
    run<RawInvoice & { provider_invoice_id: string; provider_subscription_id: string | null }>(
      em,
      `SELECT ${INVOICE_COLUMNS}, i.provider_invoice_id, i.provider_subscription_id
         FROM billing_invoice i JOIN billing_customer c ON c.id = i.customer_id WHERE c.member_id = ?
        ORDER BY i.created_at, i.id`,
      [memberId],
    ),
  ]);
  return {
    customer: customers[0],
    subscriptions,
    invoices: invoices.map((r) => ({
      ...toInvoice(r),
      providerInvoiceId: r.provider_invoice_id,
      providerSubscriptionId: r.provider_subscription_id,
    })),
  };
}

/**
 * Retention: event ids after 30 days (the provider retries for 3), invoices 10 years after they
 * were issued (the longest retention that tax law asks here), and then the pseudonymous customer
 * rows that nothing names any more.
 */
export async function purgeBillingRecords(em: EntityManager): Promise<number> {
  const rows = await run<{ n: number }>(
    em,
    `WITH events AS (DELETE FROM billing_event WHERE received_at < now() - interval '30 days' RETURNING 1),
          invoices AS (DELETE FROM billing_invoice WHERE created_at < now() - interval '10 years' RETURNING customer_id)
     SELECT (SELECT count(*) FROM events)::int + (SELECT count(*) FROM invoices)::int AS n`,
    [],
  );
  await run(
    em,
    `DELETE FROM billing_customer c WHERE c.member_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM billing_invoice i WHERE i.customer_id = c.id)
        AND NOT EXISTS (SELECT 1 FROM billing_subscription s WHERE s.customer_id = c.id)`,
    [],
  );
  return rows[0]?.n ?? 0;
}
