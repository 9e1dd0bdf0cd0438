import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { Plan } from '../members/plan.enum.ts';

export enum SubscriptionStatus {
  INCOMPLETE = 'INCOMPLETE',
  TRIALING = 'TRIALING',
  ACTIVE = 'ACTIVE',
  PAST_DUE = 'PAST_DUE',
  CANCELED = 'CANCELED',
}

registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus' });

@ObjectType('Subscription', {
  description: "The member's paid plan, as the payment provider last reported it. Mixx never holds card or bank details.",
})
export class SubscriptionType {
  @Field(() => Plan)
  plan!: Plan;

  @Field(() => SubscriptionStatus)
  status!: SubscriptionStatus;

  @Field(() => Date, { nullable: true })
  currentPeriodEnd!: Date | null;

  @Field(() => Boolean, { description: 'The plan ends at currentPeriodEnd and is not renewed.' })
  cancelAtPeriodEnd!: boolean;
}

@ObjectType('CheckoutSession', {
  description: 'A hosted page of the payment provider; the member pays or manages billing there, never on Mixx.',
})
export class CheckoutSessionType {
  @Field(() => String)
  url!: string;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;
}

@ObjectType('Invoice', {
  implements: Node,
  description: "One invoice of the member's subscription. Visible to the member alone: never to staff.",
})
export class InvoiceType implements Node {
  readonly __typename = 'Invoice';

  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: "The provider's invoice number." })
  number!: string | null;

  @Field(() => Int, { description: "In the currency's smallest unit (cents)." })
  amountDue!: number;

  @Field(() => Int)
  amountPaid!: number;

  @Field(() => String, { description: 'ISO 4217, lower case (eur, usd).' })
  currency!: string;

  @Field(() => String, { description: 'draft, open, paid, uncollectible or void, as the provider reports it.' })
  status!: string;

  @Field(() => Date, { nullable: true })
  periodStart!: Date | null;

  @Field(() => Date, { nullable: true })
  periodEnd!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('InvoiceEdge')
export class InvoiceEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => InvoiceType)
  node!: InvoiceType;
}

@ObjectType('InvoiceConnection')
export class InvoiceConnection {
  @Field(() => [InvoiceEdge])
  edges!: InvoiceEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
