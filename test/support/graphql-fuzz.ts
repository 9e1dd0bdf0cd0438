import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/**
 * GraphQL documents generated from the schema for fuzzing the HTTP surface (test/fuzz.test.ts,
 * `npm run bench -- fuzz`): valid ones with random variables, the same mutated, and malformed
 * requests. fast-check's `gen` drives every choice, so a seed reproduces a run exactly.
 */
export type FuzzRequest = {
  kind: 'valid' | 'mutated' | 'malformed';
  method: 'POST' | 'GET';
  /** For GET, the query string after `/graphql?`. */
  search?: string;
  contentType: string;
  body?: string;
  /** Sent with the fuzzing member's session. */
  isSignedIn: boolean;
};

/** Values the server knows (ids of tracks, artists, policies…), so that some lookups find something. */
export type FuzzPools = { ids: string[]; emails: string[] };

type Gen = fc.GeneratorValue;

/**
 * Some of the items, in order. By their indices: `gen` compares the arguments of each call with
 * those of earlier ones, and schema objects are cyclic graphs.
 */
function some<T>(g: Gen, items: readonly T[], min: number, max: number): T[] {
  const indices = items.map((_, i) => i);
  return g(fc.subarray, indices, { minLength: min, maxLength: Math.min(items.length, max) }).map((i) => items[i] as T);
}

export function fuzzRequests(opts: { schema: GraphQLSchema; pools: FuzzPools; count: number; seed: number }): FuzzRequest[] {
  const arbitrary = fc.gen().map((g) => request(g, opts.schema, opts.pools));
  return fc.sample(arbitrary, { seed: opts.seed, numRuns: opts.count });
}

function request(g: Gen, schema: GraphQLSchema, pools: FuzzPools): FuzzRequest {
  const isSignedIn = g(fc.boolean);
  const roll = g(fc.integer, { min: 0, max: 99 });
  if (roll < 55) return { kind: 'valid', ...post(new DocumentBuilder(g, schema, pools, isSignedIn).operation()), isSignedIn };
  if (roll < 85)
    return { kind: 'mutated', ...post(mutate(g, new DocumentBuilder(g, schema, pools, isSignedIn).operation())), isSignedIn };
  return { kind: 'malformed', ...malformed(g, new DocumentBuilder(g, schema, pools, isSignedIn).operation()), isSignedIn };
}

type Operation = { query: string; variables: Record<string, unknown>; operationName?: string };

const post = (operation: Operation | { raw: unknown }) => ({
  method: 'POST' as const,
  contentType: 'application/json',
  body: JSON.stringify('raw' in operation ? operation.raw : operation),
});

/** Operations the fuzzing member must not send: they would end its own session for the rest of the run. */
const SESSION_ENDERS = new Set(['logout', 'logoutEverywhere']);

class DocumentBuilder {
  private readonly variables: { name: string; type: GraphQLInputType; value: unknown; isGiven: boolean }[] = [];
  private readonly fragments: string[] = [];
  private aliases = 0;
  private readonly maxDepth: number;

  constructor(
    private readonly g: Gen,
    private readonly schema: GraphQLSchema,
    private readonly pools: FuzzPools,
    private readonly isSignedIn: boolean,
  ) {
    this.maxDepth = g(fc.integer, { min: 1, max: 6 });
  }

  operation(): Operation {
    const g = this.g;
    const isMutation = g(fc.integer, { min: 0, max: 9 }) < 2;
    const root = (isMutation ? this.schema.getMutationType() : this.schema.getQueryType()) as GraphQLObjectType;
    const fields = Object.values(root.getFields()).filter((f) => !(this.isSignedIn && SESSION_ENDERS.has(f.name)));
    const picked = some(g, fields, 1, isMutation ? 2 : 3);
    const selections = picked.map((field) => this.field(field, 0)).join(' ');
    const name = g(fc.boolean) ? `Fuzz${g(fc.nat, 999)}` : undefined;
    const declarations = this.variables.map((v) => `$${v.name}: ${String(v.type)}`).join(', ');
    const header = `${isMutation ? 'mutation' : 'query'}${name ? ` ${name}` : ''}${declarations ? `(${declarations})` : ''}`;
    const query = `${header} { ${selections} } ${this.fragments.join(' ')}`.trim();
    const variables: Record<string, unknown> = {};
    for (const v of this.variables) if (v.isGiven) variables[v.name] = v.value;
    return { query, variables, operationName: name && g(fc.boolean) ? name : undefined };
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number): string {
    const g = this.g;
    const alias = g(fc.integer, { min: 0, max: 3 }) === 0 ? `a${++this.aliases}: ` : '';
    const args = field.args.flatMap((arg) => this.argument(arg));
    const directive = g(fc.integer, { min: 0, max: 9 }) === 0 ? ` ${this.directive()}` : '';
    const named = getNamedType(field.type);
    const below = isCompositeType(named) ? ` ${this.selectionSet(named, depth + 1)}` : '';
    return `${alias}${field.name}${args.length ? `(${args.join(', ')})` : ''}${directive}${below}`;
  }

  private selectionSet(type: GraphQLCompositeType, depth: number): string {
    const g = this.g;
    if (isAbstractType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      const fragments = some(g, possible, 0, 2).map((t) => `... on ${t.name} ${this.selectionSet(t, depth)}`);
      const own = 'getFields' in type ? this.fields(type as unknown as GraphQLObjectType, depth) : [];
      return `{ __typename ${[...own, ...fragments].join(' ')} }`;
    }
    const selections = this.fields(type, depth);
    if (g(fc.integer, { min: 0, max: 7 }) === 0) {
      const name = `F${this.fragments.length + 1}`;
      this.fragments.push(`fragment ${name} on ${type.name} { ${selections.join(' ')} }`);
      return `{ ...${name} }`;
    }
    return `{ ${selections.join(' ')} }`;
  }

  /** One to four fields; only leaves once deep enough (and `__typename` where a type has none). */
  private fields(type: GraphQLObjectType, depth: number): string[] {
    const all = Object.values(type.getFields());
    const allowed = depth >= this.maxDepth ? all.filter((f) => isLeafType(getNamedType(f.type))) : all;
    if (allowed.length === 0) return ['__typename'];
    return some(this.g, allowed, 1, 4).map((f) => this.field(f, depth));
  }

  private argument(arg: GraphQLArgument): string[] {
    const isRequired = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!isRequired && this.g(fc.boolean)) return [];
    if (this.g(fc.integer, { min: 0, max: 9 }) < 4) return [`${arg.name}: ${this.variable(arg.type)}`];
    return [`${arg.name}: ${this.literal(arg.type, 0)}`];
  }

  private directive(): string {
    const which = this.g(fc.boolean) ? 'skip' : 'include';
    return `@${which}(if: ${this.g(fc.boolean) ? this.variable(this.schema.getType('Boolean') as GraphQLInputType, true) : String(this.g(fc.boolean))})`;
  }

  /** A variable of exactly the argument's type; usually given, sometimes left out when it may be. */
  private variable(type: GraphQLInputType, isRequired = false): string {
    const name = `v${this.variables.length + 1}`;
    const declared = isRequired && !isNonNullType(type) ? new GraphQLNonNull(type) : type;
    const isGiven = isNonNullType(declared) || this.g(fc.integer, { min: 0, max: 4 }) > 0;
    this.variables.push({ name, type: declared, value: this.value(declared, 0), isGiven });
    return `$${name}`;
  }

  /** A JSON value for a variable of the type: mostly of the right shape, with hostile contents. */
  private value(type: GraphQLInputType, depth: number): unknown {
    const g = this.g;
    if (isNonNullType(type)) return this.present(type.ofType, depth);
    if (g(fc.integer, { min: 0, max: 11 }) === 0) return null;
    return this.present(type, depth);
  }

  private present(type: GraphQLInputType, depth: number): unknown {
    const g = this.g;
    if (isListType(type)) {
      return depth > 2 ? [] : g(fc.array, fc.constant(0), { maxLength: 4 }).map(() => this.value(type.ofType, depth + 1));
    }
    if (isNonNullType(type)) return this.present(type.ofType, depth);
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        const isRequired = isNonNullType(field.type) && field.defaultValue === undefined;
        if (isRequired || g(fc.boolean)) out[field.name] = this.value(field.type, depth + 1);
      }
      return out;
    }
    return this.scalar(getNamedType(type), 'binary');
  }

  /** A GraphQL literal of the type (strings without lone surrogates, which no literal can hold). */
  private literal(type: GraphQLInputType, depth: number): string {
    const g = this.g;
    if (isNonNullType(type)) return this.presentLiteral(type.ofType, depth);
    if (g(fc.integer, { min: 0, max: 11 }) === 0) return 'null';
    return this.presentLiteral(type, depth);
  }

  private presentLiteral(type: GraphQLInputType, depth: number): string {
    const g = this.g;
    if (isNonNullType(type)) return this.presentLiteral(type.ofType, depth);
    if (isListType(type)) {
      if (depth > 2) return '[]';
      const items = g(fc.array, fc.constant(0), { maxLength: 3 }).map(() => this.literal(type.ofType, depth + 1));
      return `[${items.join(', ')}]`;
    }
    if (isInputObjectType(type)) {
      const parts: string[] = [];
      for (const field of Object.values(type.getFields())) {
        const isRequired = isNonNullType(field.type) && field.defaultValue === undefined;
        if (isRequired || g(fc.boolean)) parts.push(`${field.name}: ${this.literal(field.type, depth + 1)}`);
      }
      return `{ ${parts.join(', ')} }`;
    }
    const named = getNamedType(type);
    if (isEnumType(named)) return String(this.scalar(named, 'grapheme'));
    const value = this.scalar(named, 'grapheme');
    return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  }

  private scalar(type: GraphQLNamedType, unit: 'binary' | 'grapheme'): unknown {
    const g = this.g;
    if (isEnumType(type)) return g(fc.constantFrom, ...type.getValues().map((v) => v.name));
    if (!isScalarType(type)) return null;
    switch (type.name) {
      case 'Int':
        return g(() =>
          fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648), fc.integer()),
        );
      case 'Float':
        return g(fc.double, { noNaN: true, noDefaultInfinity: true });
      case 'Boolean':
        return g(fc.boolean);
      case 'ID':
        return g(() =>
          fc.oneof(
            fc.constantFrom(...(this.pools.ids.length ? this.pools.ids : ['x'])),
            fc.string({ unit, maxLength: 40 }),
            fc.uuid(),
            fc.constantFrom('VHJhY2s6MA', 'TWVtYmVyOjE', 'QXJ0aXN0Oi0x', 'VHJhY2s6MSBPUiAxPTE', ''),
          ),
        );
      case 'String':
        return g(() =>
          fc.oneof(
            fc.string({ unit, maxLength: 30 }),
            fc.constantFrom(...(this.pools.emails.length ? this.pools.emails : ['a@example.org'])),
            fc.emailAddress(),
            fc.constantFrom("' OR 1=1 --", '%', '_', '\\', '../../etc/passwd', 'a'.repeat(5000), 'love', 'metal'),
          ),
        );
      case 'DateTime':
        return g(() =>
          fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string({ unit, maxLength: 30 }),
          ),
        );
      default:
        return g(fc.jsonValue, { maxDepth: 2 });
    }
  }
}

/** Text and variable mutations of a valid operation: most no longer parse, validate or coerce. */
function mutate(g: Gen, op: Operation): Operation | { raw: unknown } {
  const text = op.query;
  const at = () => g(fc.integer, { min: 0, max: Math.max(0, text.length - 1) });
  switch (g(fc.integer, { min: 0, max: 9 })) {
    case 0: {
      const from = at();
      return { ...op, query: text.slice(0, from) + text.slice(from + g(fc.integer, { min: 1, max: 20 })) };
    }
    case 1: {
      const from = at();
      const piece = text.slice(from, from + g(fc.integer, { min: 1, max: 40 }));
      return { ...op, query: text.slice(0, from) + piece + piece + text.slice(from) };
    }
    case 2: {
      const token = g(
        fc.constantFrom,
        '{',
        '}',
        '(',
        ')',
        '$',
        '...',
        '@skip',
        '"',
        '\\u0000',
        '#',
        ':',
        '!',
        '[',
        'fragment',
        'x'.repeat(300),
        '\u0000',
        '\ud800',
      );
      const where = at();
      return { ...op, query: text.slice(0, where) + token + text.slice(where) };
    }
    case 3:
      return { ...op, query: text.slice(0, at()) };
    case 4: {
      const names = Object.keys(op.variables);
      const variables = { ...op.variables };
      if (names.length) variables[g(fc.constantFrom, ...names)] = g(fc.jsonValue, { maxDepth: 3 });
      else variables.extra = g(fc.jsonValue, { maxDepth: 2 });
      return { ...op, variables };
    }
    case 5: {
      const names = Object.keys(op.variables);
      if (!names.length) return { ...op, operationName: g(fc.string, { maxLength: 10 }) };
      const variables = { ...op.variables };
      delete variables[g(fc.constantFrom, ...names)];
      return { ...op, variables };
    }
    case 6:
      return {
        ...op,
        query: text.replace(/\b(first|after|id|search)\b/, g(fc.constantFrom, 'first', 'last', 'id', 'nope', '__typename')),
      };
    case 7:
      return { ...op, query: `${text} ${text}` };
    case 8:
      return { raw: { ...op, extensions: g(fc.jsonValue, { maxDepth: 3 }) } };
    default:
      return { ...op, query: text.replace(/\{/g, () => (g(fc.integer, { min: 0, max: 4 }) === 0 ? '{ __typename ' : '{')) };
  }
}

/** Requests no client library would send: wrong JSON, wrong types, wrong methods, huge or deep documents. */
function malformed(g: Gen, op: Operation): Omit<FuzzRequest, 'kind' | 'isSignedIn'> {
  const json = (raw: unknown) => ({ method: 'POST' as const, contentType: 'application/json', body: JSON.stringify(raw) });
  switch (g(fc.integer, { min: 0, max: 13 })) {
    case 0:
      return json({ query: g(fc.string, { unit: 'binary', maxLength: 200 }) });
    case 1:
      return json({ query: g(fc.jsonValue, { maxDepth: 2 }) });
    case 2:
      return json({ query: op.query, variables: g(() => fc.oneof(fc.string(), fc.array(fc.integer()), fc.integer())) });
    case 3:
      return json({ ...op, extensions: { persistedQuery: { version: 1, sha256Hash: g(fc.string, { maxLength: 64 }) } } });
    case 4:
      return json({ query: `${'{ tracks { edges { node '.repeat(g(fc.integer, { min: 10, max: 400 }))}` });
    case 5:
      return json({ query: `{ ${'__typename '.repeat(g(fc.integer, { min: 1000, max: 30000 }))}}` });
    case 6:
      return { method: 'POST', contentType: 'application/json', body: g(fc.string, { unit: 'binary', maxLength: 200 }) };
    case 7:
      return json([op, op]);
    case 8:
      return {
        method: 'POST',
        contentType: g(fc.constantFrom, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
        body: JSON.stringify(op),
      };
    case 9: {
      const search = new URLSearchParams({ query: op.query, variables: JSON.stringify(op.variables) });
      return { method: 'GET', contentType: 'application/json', search: search.toString() };
    }
    case 10:
      return json({
        query: `{ tracks(first: ${g(fc.constantFrom, '99999999999999999999', '1e9', '-0', '0x10', '1.5')}) { totalCount } }`,
      });
    case 11:
      return json({
        query: `{ ${Array.from({ length: g(fc.integer, { min: 50, max: 500 }) }, (_, i) => `a${i}: tracks(first: 100) { totalCount }`).join(' ')} }`,
      });
    case 12:
      return json({ query: op.query, variables: op.variables, operationName: g(fc.jsonValue, { maxDepth: 1 }) });
    default:
      return json({});
  }
}

/** What no answer may carry: a stack frame, a file path, SQL or a database error. */
const INTERNALS = [
  /\n\s+at /,
  /node_modules|\/work\/|\/src\/|\.[tj]s:\d/,
  /\bSELECT\b[^"]*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b[^"]*\bSET\b|\bDELETE FROM\b/,
  /syntax error at or near|violates|duplicate key|relation "|column "|MikroORM|ECONNREFUSED|ETIMEDOUT/,
];

export type FuzzAnswer = { status: number; text: string; ms: number };

/** Sends one request to `/graphql`, with the member's session when the request says so. */
export async function sendFuzz(url: string, request: FuzzRequest, token: string | undefined): Promise<FuzzAnswer> {
  const headers: Record<string, string> = { 'content-type': request.contentType };
  if (request.isSignedIn && token) headers.authorization = `Bearer ${token}`;
  const target = request.method === 'GET' ? `${url}/graphql?${request.search ?? ''}` : `${url}/graphql`;
  const started = performance.now();
  const response = await fetch(target, {
    method: request.method,
    headers: request.method === 'GET' ? { ...headers, 'apollo-require-preflight': 'true' } : headers,
    body: request.method === 'GET' ? undefined : request.body,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** What is wrong with an answer, if anything: a 5xx, internals in it, a masked error, a GraphQL answer without its cost. */
export function problemOf(answer: FuzzAnswer, opts: { isCostExpected: boolean } = { isCostExpected: true }): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}`;
  const leak = INTERNALS.find((pattern) => pattern.test(answer.text));
  if (leak) return `internals (${leak.source.slice(0, 30)})`;
  let body: { data?: unknown; errors?: { extensions?: { code?: string } }[]; extensions?: { cost?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return answer.status === 400 || answer.status === 405 || answer.status === 415 ? undefined : `not JSON (${answer.status})`;
  }
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('INTERNAL_SERVER_ERROR')) return 'INTERNAL_SERVER_ERROR';
  const isExecuted = 'data' in body || codes.some((c) => c && GRAPHQL_CODES.has(c));
  if (opts.isCostExpected && isExecuted && !isCost(body.extensions?.cost)) return 'no extensions.cost';
  return undefined;
}

/** Codes of answers that went through the GraphQL request pipeline, which must carry extensions.cost. */
const GRAPHQL_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX', 'THROTTLED']);

function isCost(cost: unknown): boolean {
  const c = cost as
    | { requestedQueryCost?: unknown; actualQueryCost?: unknown; throttleStatus?: Record<string, unknown> }
    | undefined;
  return (
    (typeof c?.requestedQueryCost === 'number' || c?.requestedQueryCost === null) &&
    typeof c?.actualQueryCost === 'number' &&
    typeof c?.throttleStatus?.currentlyAvailable === 'number'
  );
}
