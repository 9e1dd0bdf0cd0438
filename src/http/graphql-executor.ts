import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { type DocumentNode, execute, GraphQLError, type GraphQLSchema, getVariableValues } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

type Compiled = { runs: number; query?: CompiledQuery };

/**
 * Operations run compiled (graphql-jit) once their document comes back: graphql-js's `execute`
 * interprets the document on every request (its field collection, argument values and value
 * completion were a quarter of the catalog page's CPU), graphql-jit turns it into one function.
 *
 * Apollo Server takes another executor only through its gateway interface; this is that, for our
 * own schema. Variables are coerced by graphql-js first, so that one that does not coerce is
 * refused with graphql-js's words and Apollo's BAD_USER_INPUT, as without the compiler. A resolver's
 * error reaches `formatError` the same way, as a graphql-js GraphQLError with the thrown error as
 * its `originalError`. Compiled operations are kept with their document, which
 * Apollo's document store holds for as long as the same text comes back; a document it drops takes
 * its compiled code with it. A document is compiled on its `compileAfterRuns`th run (config
 * MIXX_COMPILE_AFTER_RUNS, 2 by default: one-off documents, a fuzzer's, are never compiled; 0: none is).
 */
export function compiledExecution(schema: GraphQLSchema, compileAfterRuns: number): GatewayInterface {
  const byDocument = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compiledOf = (document: DocumentNode, operationName: string | null): CompiledQuery | undefined => {
    let byOperation = byDocument.get(document);
    if (!byOperation) {
      byOperation = new Map();
      byDocument.set(document, byOperation);
    }
    const name = operationName ?? '';
    let entry = byOperation.get(name);
    if (!entry) {
      entry = { runs: 0 };
      byOperation.set(name, entry);
    }
    if (entry.query || compileAfterRuns === 0 || ++entry.runs < compileAfterRuns) return entry.query;
    const compiled = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    // What graphql-jit cannot compile (it says so as errors) keeps running on graphql-js.
    if (isCompiledQuery(compiled)) entry.query = compiled;
    return entry.query;
  };

  const executor: GatewayExecutor = async ({ document, operationName, operation, request, context }) => {
    const variables = request.variables ?? {};
    // `operationName` is the resolved operation's; without one, graphql-js's execute is given the
    // name asked for and says there is no such operation (Apollo's OPERATION_RESOLUTION_FAILURE).
    const compiled = operation ? compiledOf(document, operationName) : undefined;
    if (!compiled) {
      const asked = operation ? operationName : request.operationName;
      return execute({ schema, document, operationName: asked, variableValues: variables, contextValue: context });
    }
    const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (errors) return { errors };
    const result = await compiled.query(undefined, context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}

/**
 * graphql-jit's errors inherit GraphQLError's prototype but not its constructor: without an
 * original error that has extensions they have none, which Apollo reads unguarded. Each becomes
 * graphql-js's own, with the same message, path, locations and original error.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  if (error.locations) Object.defineProperty(copy, 'locations', { value: error.locations, enumerable: true });
  return copy;
}
