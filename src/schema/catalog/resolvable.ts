import { defaultFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { Extensions } from 'type-graphql';

/**
 * A field value as graphql-js's default resolver takes it: the value itself, a promise of it, or a
 * function it calls as a method of the object with (args, context, info). Catalog objects carry
 * their relations as methods, so that no resolver wrapper runs per field, and return the value at
 * once when the request's loaders already hold it (a page prefetches what its selection names).
 */
export type Resolvable<T> = T | ((args: any, context: any) => T | Promise<T>);

/**
 * Marks a field whose value is Resolvable. Compiled execution (graphql-jit) reads a field that has
 * no resolver as a plain property, and would answer the method or the promise itself: a marked
 * field gets graphql-js's default resolver explicitly (see resolveResolvables), which calls it.
 */
export const IsResolvable = () => Extensions({ resolvable: true });

/** Gives every field marked IsResolvable graphql-js's default resolver, unless it has its own. */
export function resolveResolvables(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) if (field.extensions.resolvable) field.resolve ??= defaultFieldResolver;
  }
  return schema;
}
