import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { Plan } from './plan.enum.ts';

/** A member as the member sees themselves; only ever resolved for that member. */
@ObjectType('Member', { implements: Node })
export class MemberType implements Node {
  readonly __typename = 'Member';

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Boolean)
  emailVerified!: boolean;

  @Field(() => Plan)
  plan!: Plan;

  @Field(() => Date)
  createdAt!: Date;

  /** The database id, for field resolvers; not a GraphQL field. */
  memberId!: string;
}
