import { type GraphQLSchema, isInterfaceType } from 'graphql';
import { Field, ID, InterfaceType } from 'type-graphql';

const typenameOf = (value: { __typename?: string }) => value.__typename;

/** Anything with a global, opaque id. Each implementing object carries its GraphQL type name. */
@InterfaceType({ description: 'Anything with a global, opaque id.', resolveType: typenameOf })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

/**
 * type-graphql wraps an interface's resolveType in an async function: graphql-js then awaits a
 * promise for every node, and graphql-jit, which calls it synchronously, finds no type at all. The
 * schema's Node gets the plain function back.
 */
export function resolveNodeTypeSynchronously(schema: GraphQLSchema): GraphQLSchema {
  const node = schema.getType('Node');
  if (isInterfaceType(node)) node.resolveType = typenameOf;
  return schema;
}
