import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type GraphQLSchema, getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { QueryTooComplexError } from '../errors/errors.ts';
import { beforeExecution } from './graphql-errors.ts';

/** The most one operation may cost (twice Shopify's: a catalog page of 30 artists with their releases' tracks costs 1,832); the 50-track catalog page costs 452. */
export const MAX_QUERY_COST = 2000;

/** Lists that take no `first`, by the size they reach in practice (see src/http/CONTEXT.md). */
const LIST_SIZES: Record<string, number> = {
  'Track.genres': 3,
  'Release.genres': 3,
  'Release.tracks': 12,
};
const DEFAULT_LIST_SIZE = 10;
/** Beyond this many selections (fragments expanded) the document is refused before it is costed. */
const MAX_QUERY_NODES = 5_000;

/**
 * The contract's formula (Shopify's): an object costs 1, a scalar or enum 0, a connection 2 plus
 * `first` times what each node selects, a list its size times its element's cost. A connection's
 * edges and page info are its own structure and cost nothing of themselves. Introspection is free:
 * it is bounded by the schema, and off in production.
 */
const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  const first = typeof args.first === 'number' ? Math.max(0, args.first) : undefined;
  if (named.name.endsWith('Connection')) return 2 + (first ?? DEFAULT_LIST_SIZE) * childComplexity;
  if ((type.name.endsWith('Connection') && field.name === 'edges') || named.name === 'PageInfo') return childComplexity;
  if (isListType(getNullableType(field.type))) {
    return (first ?? LIST_SIZES[`${type.name}.${field.name}`] ?? DEFAULT_LIST_SIZE) * (1 + childComplexity);
  }
  return 1 + childComplexity;
};

/**
 * The requested cost of an operation with its variables. Variables that do not coerce cost
 * nothing here: execution refuses them with BAD_USER_INPUT before any resolver runs.
 */
export function queryCost(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}): number {
  try {
    return getComplexity({
      schema: opts.schema,
      query: opts.document,
      operationName: opts.operationName ?? undefined,
      variables: opts.variables ?? {},
      estimators: [estimator],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return Number.POSITIVE_INFINITY;
    return 0;
  }
}

/**
 * Refuses an operation whose cost exceeds the maximum, once variables are known (a validation rule
 * would see `first: $n` without its value): QUERY_TOO_COMPLEX with `extensions.cost`.
 */
export function costLimitPlugin(maximumCost = MAX_QUERY_COST): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const requestedQueryCost = queryCost({ schema, document, operationName, variables: request.variables });
          if (requestedQueryCost > maximumCost) {
            throw beforeExecution(
              new QueryTooComplexError(`The query costs more than ${maximumCost} (see extensions.cost).`, {
                cost: { requestedQueryCost: Number.isFinite(requestedQueryCost) ? requestedQueryCost : null, maximumCost },
              }),
            );
          }
        },
      };
    },
  };
}
