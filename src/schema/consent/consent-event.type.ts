import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { PolicyVersionType } from '../policies/policy-version.type.ts';

export enum ConsentEventKind {
  POLICY_ACCEPTED = 'POLICY_ACCEPTED',
  EMAIL_REQUESTED = 'EMAIL_REQUESTED',
  EMAIL_CONFIRMED = 'EMAIL_CONFIRMED',
  EMAIL_WITHDRAWN = 'EMAIL_WITHDRAWN',
  COOKIES_SET = 'COOKIES_SET',
  PARTNER_GRANTED = 'PARTNER_GRANTED',
  PARTNER_REVOKED = 'PARTNER_REVOKED',
}

registerEnumType(ConsentEventKind, { name: 'ConsentEventKind' });

@ObjectType('ConsentEvent', { implements: Node, description: 'One entry of the append-only consent ledger.' })
export class ConsentEventType implements Node {
  readonly __typename = 'ConsentEvent';

  @Field(() => ID)
  id!: string;

  @Field(() => ConsentEventKind)
  kind!: ConsentEventKind;

  @Field(() => Date)
  at!: Date;

  @Field(() => PolicyVersionType, { nullable: true, description: 'The policy version it concerns, for POLICY_ACCEPTED.' })
  policy!: PolicyVersionType | null;

  @Field(() => String, {
    description:
      'Where the choice was made, set by the server: registration, settings, prompt, email-link, one-click, oauth, system.',
  })
  source!: string;

  @Field(() => Int, { description: 'Position of this entry in the verifiable ledger (0-based).' })
  ledgerIndex!: number;

  /** The partner's client id, for PARTNER_GRANTED and PARTNER_REVOKED (the `partner` field's key). */
  partnerClientId?: string | null;
}

@ObjectType('ConsentEventEdge')
export class ConsentEventEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ConsentEventType)
  node!: ConsentEventType;
}

@ObjectType('ConsentEventConnection')
export class ConsentEventConnection {
  @Field(() => [ConsentEventEdge])
  edges!: ConsentEventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
