import { type InvoiceType, SubscriptionStatus, type SubscriptionType } from '../../schema/billing/billing.type.ts';
import { Plan } from '../../schema/members/plan.enum.ts';
import type { InvoiceRow, SubscriptionView } from '../../services/billing/billing.service.ts';
import { toGlobalId } from '../../services/common/global-id.ts';

export function toSubscription(s: SubscriptionView): SubscriptionType {
  return {
    plan: s.plan === 'premium' ? Plan.PREMIUM : Plan.FREE,
    status: SubscriptionStatus[s.status],
    currentPeriodEnd: s.currentPeriodEnd,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
  };
}

export function toInvoice(i: InvoiceRow): InvoiceType {
  return {
    __typename: 'Invoice',
    id: toGlobalId('Invoice', i.id),
    number: i.number,
    amountDue: i.amountDue,
    amountPaid: i.amountPaid,
    currency: i.currency,
    status: i.status,
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    createdAt: i.createdAt,
  };
}
