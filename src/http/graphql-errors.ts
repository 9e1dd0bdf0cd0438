import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../log.ts';
import { PublicError } from '../schema/errors/public.error.ts';

/** Codes Apollo itself produces for documents and variables; their messages say nothing internal. */
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_COMPLEX',
]);

/**
 * What a client may see: a PublicError as it is, a protocol error as Apollo phrased it (without
 * field suggestions in production), anything else as a bare INTERNAL_SERVER_ERROR. The server logs
 * the masked error once, without PostgreSQL's details.
 */
export function createFormatError(opts: { log: Logger; isProduction: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const publicError = findPublicError(error);
    if (publicError) {
      return {
        message: publicError.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: publicError.extensions,
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PROTOCOL_CODES.has(code) && original instanceof GraphQLError && !original.originalError) {
      const message = opts.isProduction ? formatted.message.replace(/ ?Did you mean .*$/, '') : formatted.message;
      return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    opts.log.error({ msg: 'unexpected error in a GraphQL operation', path: formatted.path, err: loggable(original) });
    return { message: 'Internal server error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** A PublicError, thrown by a resolver or reported by a validation rule, however wrapped. */
function findPublicError(error: unknown): PublicError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof PublicError) return e;
  }
  return undefined;
}

/**
 * Database errors quote queries and rows in their message (`Key (email)=(…)`, MikroORM's
 * `insert into … values (…)`): only their class and codes are logged.
 */
export function loggable(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & Record<string, unknown>;
  const sqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  if (sqlState || e.name.endsWith('Exception') || 'sqlState' in e) {
    return {
      type: e.name,
      code: sqlState ?? e.code,
      sqlState: e.sqlState,
      constraint: e.constraint,
      table: e.table,
      stack: e.stack
        ?.split('\n')
        .filter((l) => /^\s+at /.test(l))
        .join('\n'),
    };
  }
  return e;
}
