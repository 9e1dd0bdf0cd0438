import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';
import { Plan } from './plan.enum.ts';

/**
 * A member as the member sees themselves, or as a partner app they allowed sees them. Each field
 * names the permission it needs (src/services/access/permissions.ts): a partner app without the
 * matching scope gets FORBIDDEN with `requiredScope` at that field.
 */
@ObjectType('Member', { implements: Node })
export class MemberType implements Node {
  readonly __typename = 'Member';

  @Authorized('member.identity')
  @Field(() => ID)
  id!: string;

  @Authorized('member.email')
  @Field(() => String)
  email!: string;

  @Authorized('member.profile')
  @Field(() => String)
  displayName!: string;

  @Authorized('member.email')
  @Field(() => Boolean)
  emailVerified!: boolean;

  @Authorized('member.profile')
  @Field(() => Plan)
  plan!: Plan;

  @Authorized('member.identity')
  @Field(() => Date)
  createdAt!: Date;
}
