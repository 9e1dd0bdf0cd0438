import {
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isLeafType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

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
  // An explicit `first: null` gets the argument's default from the resolvers (`first ?? 20`).
  const declared = field.args.find((a) => a.name === 'first')?.defaultValue;
  const given = typeof args.first === 'number' ? args.first : typeof declared === 'number' ? declared : undefined;
  const first = given === undefined ? undefined : Math.max(0, given);
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
 *
 * Costing walks the whole document (about 0.2 ms for the catalog page), so each document keeps
 * its costs by the values of the only variables the formula reads: those given to `first` and to
 * `@skip`/`@include`. Those are numbers and booleans, never a password. The other variables are
 * still coerced on every request, so a bad one costs nothing whatever was kept.
 */
export function queryCost(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}): number {
  const priced = pricedOf(opts.document, opts.operationName);
  if (!priced.operation) return 0;
  const variables = opts.variables ?? {};
  const key = priced.relevant.map((name) => (Object.hasOwn(variables, name) ? JSON.stringify(variables[name]) : '-')).join(',');
  const known = priced.costs.get(key);
  if (known !== undefined) {
    const { errors } = getVariableValues(opts.schema, priced.operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
    return errors ? 0 : known;
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema: opts.schema,
      query: opts.document,
      operationName: opts.operationName ?? undefined,
      variables,
      estimators: [estimator],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (error) {
    if (!(error instanceof Error && /maximum allowed number of nodes/.test(error.message))) return 0;
    cost = Number.POSITIVE_INFINITY;
  }
  if (priced.costs.size >= COSTS_KEPT) priced.costs.clear();
  priced.costs.set(key, cost);
  return cost;
}

/** Costs kept per operation of a document, by distinct values of its relevant variables. */
const COSTS_KEPT = 64;

type Priced = { operation?: OperationDefinitionNode; relevant: string[]; costs: Map<string, number> };
const pricedDocuments = new WeakMap<DocumentNode, Map<string, Priced>>();

function pricedOf(document: DocumentNode, operationName: string | null | undefined): Priced {
  let byOperation = pricedDocuments.get(document);
  if (!byOperation) {
    byOperation = new Map();
    pricedDocuments.set(document, byOperation);
  }
  const name = operationName ?? '';
  let priced = byOperation.get(name);
  if (priced) return priced;
  const operation = getOperationAST(document, operationName) ?? undefined;
  const relevant = new Set<string>();
  const read = (args: readonly ArgumentNode[] | undefined, name: string) => {
    for (const arg of args ?? [])
      if (arg.name.value === name && arg.value.kind === Kind.VARIABLE) relevant.add(arg.value.name.value);
  };
  visit(document, {
    enter(node) {
      if (node.kind === Kind.FIELD) read(node.arguments, 'first');
      else if (node.kind === Kind.DIRECTIVE) read(node.arguments, 'if');
    },
  });
  priced = { operation, relevant: [...relevant].sort(), costs: new Map() };
  byOperation.set(name, priced);
  return priced;
}
