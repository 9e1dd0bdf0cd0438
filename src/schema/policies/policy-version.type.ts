import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { PolicyKind } from './policy-kind.enum.ts';

@ObjectType('PolicyVersion', {
  implements: Node,
  description: 'One published, immutable version of the Terms of Use or the Privacy Policy.',
})
export class PolicyVersionType implements Node {
  readonly __typename = 'PolicyVersion';

  @Field(() => ID)
  id!: string;

  @Field(() => PolicyKind)
  kind!: PolicyKind;

  @Field(() => Int, { description: '1, 2, 3 … per kind, in publishing order.' })
  version!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  bodyHtml!: string;

  @Field(() => String)
  bodyText!: string;

  @Field(() => String, { description: 'sha256 (hex) of the UTF-8 bytes of bodyHtml; every acceptance records it.' })
  contentHash!: string;

  @Field(() => String, { nullable: true })
  changeSummary!: string | null;

  @Field(() => Boolean, { description: 'A material change: members who accepted an earlier version must accept this one.' })
  requiresReacceptance!: boolean;

  @Field(() => Date)
  effectiveAt!: Date;

  @Field(() => Date)
  publishedAt!: Date;
}

@ObjectType('PolicyVersionEdge')
export class PolicyVersionEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => PolicyVersionType)
  node!: PolicyVersionType;
}

@ObjectType('PolicyVersionConnection')
export class PolicyVersionConnection {
  @Field(() => [PolicyVersionEdge])
  edges!: PolicyVersionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
