import { Field, ID, InterfaceType } from 'type-graphql';

/** Anything with a global, opaque id. Each implementing object carries its GraphQL type name. */
@InterfaceType({
  description: 'Anything with a global, opaque id.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
