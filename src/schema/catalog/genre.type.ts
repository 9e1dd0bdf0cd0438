import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../common/node.interface.ts';

@ObjectType('Genre', { implements: Node, simpleResolvers: true })
export class GenreType implements Node {
  readonly __typename = 'Genre';

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  slug!: string;
}
