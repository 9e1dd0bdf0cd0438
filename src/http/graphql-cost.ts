import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
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
 * What an operation cost once executed (the contract's `actualQueryCost`): the same formula over
 * what `data` holds, so a connection costs 2 plus what its returned edges select, a list what its
 * returned elements select, a null object 1 and nothing under it, an absent field (skipped, or
 * cut off by an error) nothing. Under an interface or union the object's own type is not in the
 * data: fields are looked up on the abstract type, else on the first possible type that has them.
 * Lists without `first` are costed by their real length, which may exceed the requested estimate.
 */
export function actualCost(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  data: Record<string, unknown> | null | undefined;
}): number {
  if (!opts.data) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: (DocumentNode['definitions'][number] & { kind: Kind.OPERATION_DEFINITION }) | undefined;
  for (const definition of opts.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!opts.operationName || definition.name?.value === opts.operationName)
    )
      operation ??= definition;
  }
  const root = operation && opts.schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const walker = new ActualCost(opts.schema, fragments);
  return walker.objectCost(root, opts.data, [operation.selectionSet]);
}

class ActualCost {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  objectCost(type: GraphQLCompositeType, value: Record<string, unknown>, selections: readonly SelectionSetNode[]): number {
    const concrete = isObjectType(type) ? type : this.typeNamed(value.__typename);
    const fields = new Map<string, FieldNode[]>();
    for (const selectionSet of selections) this.collect(selectionSet, concrete, fields);
    let cost = 0;
    for (const [key, nodes] of fields) {
      if (!(key in value)) continue;
      const name = (nodes[0] as FieldNode).name.value;
      if (name.startsWith('__')) continue;
      const field = this.fieldOf(concrete ?? type, name);
      if (!field) continue;
      const below = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      cost += this.fieldCost(concrete ?? type, field, value[key], below);
    }
    return cost;
  }

  private fieldCost(
    parent: GraphQLCompositeType,
    field: GraphQLField<unknown, unknown>,
    value: unknown,
    below: SelectionSetNode[],
  ): number {
    const named = getNamedType(field.type);
    if (!isCompositeType(named) || named.name.startsWith('__')) return 0;
    const objects = (v: unknown, each: number): number => {
      if (v === null || v === undefined) return 0;
      if (Array.isArray(v)) return v.reduce((sum: number, element) => sum + objects(element, each), 0);
      return each + this.objectCost(named, v as Record<string, unknown>, below);
    };
    if (named.name.endsWith('Connection')) return 2 + objects(value, 0);
    if ((parent.name.endsWith('Connection') && field.name === 'edges') || named.name === 'PageInfo') return objects(value, 0);
    if (isListType(getNullableType(field.type))) return objects(value, 1);
    return 1 + objects(value, 0);
  }

  /** Fields by response key, fragments expanded; with no known type, every fragment's fields (the data says which came). */
  private collect(selectionSet: SelectionSetNode, concrete: GraphQLObjectType | undefined, into: Map<string, FieldNode[]>): void {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const known = into.get(key);
        if (known) known.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition?.name.value, concrete)) this.collect(selection.selectionSet, concrete, into);
      } else {
        const fragment = this.fragments.get(selection.name.value);
        if (fragment && this.applies(fragment.typeCondition.name.value, concrete))
          this.collect(fragment.selectionSet, concrete, into);
      }
    }
  }

  private applies(condition: string | undefined, concrete: GraphQLObjectType | undefined): boolean {
    if (!condition || !concrete) return true;
    const type = this.schema.getType(condition);
    if (!type) return false;
    return type === concrete || (isAbstractType(type) && this.schema.isSubType(type, concrete));
  }

  private fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    const own = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
    if (own || !isAbstractType(type)) return own;
    for (const possible of this.schema.getPossibleTypes(type)) {
      const field = possible.getFields()[name];
      if (field) return field;
    }
    return undefined;
  }

  private typeNamed(name: unknown): GraphQLObjectType | undefined {
    const type = typeof name === 'string' ? this.schema.getType(name) : undefined;
    return isObjectType(type) ? type : undefined;
  }
}
