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
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** How a field's value is costed (leaves cost nothing and are left out of plans). */
type FieldPlan = {
  key: string;
  /** connection: 2 + its content; structure (edges, pageInfo): its content; list: 1 an element; object: 1. */
  kind: 'connection' | 'structure' | 'list' | 'object';
  child: ObjectPlan;
};

/**
 * The fields selected on objects of one type, fragments expanded, made once per document and kept
 * with it (Apollo keeps each parsed document for as long as the same text comes back), so that a
 * response is costed by one walk over its data. Under an interface or union the object's own
 * type is known only when the data has `__typename`; otherwise every fragment's fields count
 * (the data says which came) and are looked up on the abstract type, else on the first possible
 * type that has them.
 */
class ObjectPlan {
  private readonly byType = new Map<string, FieldPlan[]>();
  /** Under an object type, the one list of fields, without a lookup per object costed. */
  private own: FieldPlan[] | undefined;

  constructor(
    private readonly planner: Planner,
    private readonly type: GraphQLCompositeType,
    private readonly selections: readonly SelectionSetNode[],
  ) {}

  /** The fields costed on this object of the data (by its `__typename` under an abstract type). */
  fieldsFor(value: Record<string, unknown>): FieldPlan[] {
    if (this.own) return this.own;
    if (isObjectType(this.type)) {
      this.own = this.planner.fields(this.type, this.type, this.selections);
      return this.own;
    }
    const concrete = this.planner.objectType(value.__typename);
    const name = concrete?.name ?? '';
    let fields = this.byType.get(name);
    if (!fields) {
      fields = this.planner.fields(concrete ?? this.type, concrete, this.selections);
      this.byType.set(name, fields);
    }
    return fields;
  }
}

class Planner {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  root(operation: OperationDefinitionNode): ObjectPlan | undefined {
    const type = this.schema.getRootType(operation.operation);
    return type ? new ObjectPlan(this, type, [operation.selectionSet]) : undefined;
  }

  fields(
    parent: GraphQLCompositeType,
    concrete: GraphQLObjectType | undefined,
    selections: readonly SelectionSetNode[],
  ): FieldPlan[] {
    const byKey = new Map<string, FieldNode[]>();
    for (const selectionSet of selections) this.collect(selectionSet, concrete, byKey);
    const plans: FieldPlan[] = [];
    for (const [key, nodes] of byKey) {
      const name = (nodes[0] as FieldNode).name.value;
      const field = name.startsWith('__') ? undefined : this.fieldOf(parent, name);
      const named = field && getNamedType(field.type);
      if (!field || !named || !isCompositeType(named) || named.name.startsWith('__')) continue;
      const kind = named.name.endsWith('Connection')
        ? 'connection'
        : (parent.name.endsWith('Connection') && name === 'edges') || named.name === 'PageInfo'
          ? 'structure'
          : isListType(getNullableType(field.type))
            ? 'list'
            : 'object';
      const below = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      plans.push({ key, kind, child: new ObjectPlan(this, named, below) });
    }
    return plans;
  }

  objectType(name: unknown): GraphQLObjectType | undefined {
    const type = typeof name === 'string' ? this.schema.getType(name) : undefined;
    return isObjectType(type) ? type : undefined;
  }

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
}

const plans = new WeakMap<DocumentNode, Map<string, ObjectPlan | undefined>>();

function planOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): ObjectPlan | undefined {
  let byOperation = plans.get(document);
  if (!byOperation) {
    byOperation = new Map();
    plans.set(document, byOperation);
  }
  const name = operationName ?? '';
  if (byOperation.has(name)) return byOperation.get(name);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName))
      operation ??= definition;
  }
  const plan = operation && new Planner(schema, fragments).root(operation);
  byOperation.set(name, plan);
  return plan;
}

/**
 * What an operation cost once executed (the contract's `actualQueryCost`): the requested cost's
 * formula over what `data` holds. A connection costs 2 plus what its returned edges select, a list
 * what its returned elements select, a null object 1 and nothing under it, an absent field
 * (skipped, or cut off by an error) nothing. Lists without `first` are costed by their real length,
 * which may exceed the requested estimate.
 */
export function actualCost(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  data: Record<string, unknown> | null | undefined;
}): number {
  if (!opts.data) return 0;
  const plan = planOf(opts.schema, opts.document, opts.operationName);
  return plan ? costOf(plan, opts.data) : 0;
}

function costOf(plan: ObjectPlan, value: Record<string, unknown>): number {
  let cost = 0;
  for (const field of plan.fieldsFor(value)) {
    if (!(field.key in value)) continue;
    const v = value[field.key];
    if (field.kind === 'connection') cost += 2 + objects(field.child, v, 0);
    else if (field.kind === 'structure') cost += objects(field.child, v, 0);
    else if (field.kind === 'list') cost += objects(field.child, v, 1);
    else cost += 1 + objects(field.child, v, 0);
  }
  return cost;
}

/** Each object in a value (one, a list, lists of lists) costs `each` plus its own selection. */
function objects(plan: ObjectPlan, value: unknown, each: number): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    let sum = 0;
    for (const element of value) sum += objects(plan, element, each);
    return sum;
  }
  return each + costOf(plan, value as Record<string, unknown>);
}
