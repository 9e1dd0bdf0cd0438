/**
 * A field value as graphql-js's default resolver takes it: the value itself, or a function it calls
 * as a method of the object with (args, context, info). Catalog objects carry their relations as
 * methods, so that no resolver wrapper runs per field, and return the value at once when the
 * request's loaders already hold it (a page prefetches what its selection names).
 */
export type Resolvable<T> = T | ((args: any, context: any) => T | Promise<T>);
