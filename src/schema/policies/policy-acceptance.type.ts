import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { PolicyVersionType } from './policy-version.type.ts';

@ObjectType('PolicyAcceptance', { implements: Node })
export class PolicyAcceptanceType implements Node {
  readonly __typename = 'PolicyAcceptance';

  @Field(() => ID)
  id!: string;

  @Field(() => PolicyVersionType)
  policy!: PolicyVersionType;

  @Field(() => Date)
  acceptedAt!: Date;
}
