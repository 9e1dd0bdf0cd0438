import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';

@ObjectType('Session', { implements: Node })
export class SessionType implements Node {
  readonly __typename = 'Session';

  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'The session this request is made with.' })
  current!: boolean;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;
}
