import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

/** The contract names these `DateTime` and `JSON` (type-graphql would call Date `DateTimeISO`). */
export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
