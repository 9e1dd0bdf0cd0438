import type { EntityManager } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { ForbiddenError } from '../../errors/errors.ts';
import { lockMember } from '../members/member.queries.ts';
import type { Scope } from '../scope.ts';
import {
  customerByProviderId,
  recordEvent,
  refreshPlan,
  storedSubscription,
  upsertInvoice,
  upsertSubscription,
} from './billing.queries.ts';
import { changeOf, type EventChange, isFinal, type SubscriptionState, subscriptionState } from './provider-objects.ts';

/**
 * What a delivery did: `applied` its effect; `duplicate` nothing (the event was taken before);
 * `stale` nothing (Mixx holds a newer state); `ignored` nothing (a type Mixx does not handle, or
 * an object of no member of this instance).
 */
export type EventOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

/** Two states at the same provider second: only the provider's state now can tell which is newer. */
class NeedsCurrentState extends Error {
  constructor(readonly providerSubscriptionId: string) {
    super('the event ties with the stored state');
  }
}

/**
 * The provider's events, applied by the webhook route after it checked their signature (a
 * `system` actor, and nobody else). Each event id is stored in the transaction of its effect, so
 * a redelivery, however concurrent, finds it and does nothing. Events arrive in any order: a
 * subscription's state is written only when it is newer than the stored one by the event's time;
 * at the same second the subscription is read from the provider (the contract's fourth call).
 */
export class BillingEventService {
  constructor(private readonly scope: Scope) {}

  async apply(event: Stripe.Event): Promise<EventOutcome> {
    if (this.scope.actor.kind !== 'system') throw new ForbiddenError('Only the payment provider sends billing events.');
    const change = changeOf(event);
    if (!change) return 'ignored';
    const at = new Date(event.created * 1000);
    let current: SubscriptionState | undefined;
    for (;;) {
      try {
        return await this.scope.em.transactional(async (em) => {
          if (!(await recordEvent(em, { id: event.id, type: event.type, createdAt: at }))) return 'duplicate';
          return this.take(em, change, at, current);
        });
      } catch (error) {
        // The transaction rolled back, event id and all: read the state now, then go again once.
        if (!(error instanceof NeedsCurrentState) || current) throw error;
        const payments = this.scope.runtime.payments;
        if (!payments) throw error;
        current = subscriptionState(await payments.retrieveSubscription(error.providerSubscriptionId));
      }
    }
  }

  private async take(em: EntityManager, change: EventChange, at: Date, current: SubscriptionState | undefined) {
    switch (change.kind) {
      case 'invoice': {
        const customer = await customerByProviderId(em, change.record.providerCustomerId);
        if (!customer) return 'ignored';
        // Kept for an erased member too (customer without member): it is a tax record.
        return (await upsertInvoice(em, { customerId: customer.id, record: change.record, stateAt: at })) ? 'applied' : 'stale';
      }
      case 'subscription':
        return this.takeSubscription(em, current ?? change.state, at, current !== undefined);
      case 'checkout': {
        const customer = await customerByProviderId(em, change.completion.providerCustomerId);
        if (!customer?.memberId || change.completion.ref !== customer.ref) return 'ignored';
        // The session names the subscription but does not hold its state: read it from the provider.
        if (!current) throw new NeedsCurrentState(change.completion.providerSubscriptionId);
        return this.takeSubscription(em, current, at, true);
      }
    }
  }

  private async takeSubscription(
    em: EntityManager,
    state: SubscriptionState,
    at: Date,
    isCurrent: boolean,
  ): Promise<EventOutcome> {
    const customer = await customerByProviderId(em, state.providerCustomerId);
    // No member: an erased one (nothing of theirs but tax records is kept), or none of this instance.
    if (!customer?.memberId || !(await lockMember(em, customer.memberId))) return 'ignored';
    const stored = await storedSubscription(em, state.providerSubscriptionId);
    if (stored) {
      // A cancelled subscription stays cancelled at the provider: no later state can undo it.
      if (isFinal(stored.status) && !isFinal(state.status)) return 'stale';
      if (stored.stateAt.getTime() > at.getTime()) return 'stale';
      if (stored.stateAt.getTime() === at.getTime() && !isCurrent) throw new NeedsCurrentState(state.providerSubscriptionId);
    }
    await upsertSubscription(em, { memberId: customer.memberId, customerId: customer.id, state, stateAt: at });
    await refreshPlan(em, customer.memberId);
    return 'applied';
  }
}
