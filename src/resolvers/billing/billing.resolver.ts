import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver } from 'type-graphql';
import { CheckoutSessionType, InvoiceConnection, SubscriptionType } from '../../schema/billing/billing.type.ts';
import { MemberType } from '../../schema/members/member.type.ts';
import type { Context } from '../context.ts';
import { toInvoice, toSubscription } from './billing.mapper.ts';

/** The provider's hosted pages: the member's own session only (see the access module). */
@Resolver()
export class BillingResolver {
  @Mutation(() => CheckoutSessionType, { description: 'A checkout page of the payment provider for the PREMIUM plan.' })
  async startPremiumCheckout(@Ctx() ctx: Context): Promise<CheckoutSessionType> {
    return ctx.scope.billing.startCheckout();
  }

  @Mutation(() => CheckoutSessionType, {
    description: "The provider's billing portal, where the member changes the card or cancels.",
  })
  async openBillingPortal(@Ctx() ctx: Context): Promise<CheckoutSessionType> {
    return ctx.scope.billing.openPortal();
  }
}

/** The billing fields of Member (permission account.use: never for a partner app). */
@Resolver(() => MemberType)
export class MemberBillingResolver {
  @FieldResolver(() => SubscriptionType, {
    nullable: true,
    description: 'Null on the FREE plan when the member never subscribed.',
  })
  async subscription(@Ctx() ctx: Context): Promise<SubscriptionType | null> {
    const subscription = await ctx.scope.billing.subscription();
    return subscription && toSubscription(subscription);
  }

  @FieldResolver(() => InvoiceConnection)
  async invoices(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<InvoiceConnection> {
    const page = await ctx.scope.billing.invoices({ first: first ?? 20, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toInvoice(e.node) })) };
  }
}
