import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { PartnerType } from './partner.type.ts';

export enum DisclosureKind {
  PARTNER_ACCESS = 'PARTNER_ACCESS',
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
}

registerEnumType(DisclosureKind, {
  name: 'DisclosureKind',
  valuesConfig: {
    PARTNER_ACCESS: { description: 'A partner app the member allowed received personal data.' },
    LEGAL_OBLIGATION: {
      description: "Staff disclosed personal data to an authority under a legal obligation (law or a court's decision).",
    },
  },
});

@ObjectType('Disclosure', {
  implements: Node,
  description: "One disclosure of the member's personal data to someone outside Mixx.",
})
export class DisclosureType implements Node {
  readonly __typename = 'Disclosure';

  @Field(() => ID)
  id!: string;

  @Field(() => DisclosureKind)
  kind!: DisclosureKind;

  @Field(() => String, { description: "The partner app's or the authority's name." })
  recipient!: string;

  @Field(() => PartnerType, { nullable: true, description: 'For PARTNER_ACCESS.' })
  partner!: PartnerType | null;

  @Field(() => [String], {
    description:
      'What left Mixx, as schema coordinates (Member.email, Member.displayName, Download.track, ...) or, for LEGAL_OBLIGATION, the data categories staff recorded.',
  })
  fields!: string[];

  @Field(() => Date, {
    description:
      'Partner accesses are grouped per grant, field set and UTC day: first and last response of the group, and how many.',
  })
  firstAt!: Date;

  @Field(() => Date)
  lastAt!: Date;

  @Field(() => Int)
  count!: number;

  @Field(() => String, {
    nullable: true,
    description: "For LEGAL_OBLIGATION: the legal basis staff recorded (e.g. the court order's reference).",
  })
  legalBasis!: string | null;
}

@ObjectType('DisclosureEdge')
export class DisclosureEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DisclosureType)
  node!: DisclosureType;
}

@ObjectType('DisclosureConnection')
export class DisclosureConnection {
  @Field(() => [DisclosureEdge])
  edges!: DisclosureEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
