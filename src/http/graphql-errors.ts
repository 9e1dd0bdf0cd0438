import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '../errors/domain-error.ts';
import { httpStatusOf } from '../errors/http-status.ts';
import type { Logger } from '../log.ts';
import { isDatabaseUnavailable, outageReporter } from '../services/common/database-outage.ts';
import { loggableError as loggable } from '../services/common/loggable-error.ts';

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
 * What a client may see: a public DomainError with its message and extensions, a protocol error (the document does not parse or
 * validate, a variable does not coerce) with its own code, anything else as a bare
 * INTERNAL_SERVER_ERROR. Apollo wraps graphql-js's errors in classes of its own whose
 * `originalError` is the graphql-js error, so a protocol error is recognised by its code and by
 * having no path: every error a resolver throws has one. Protocol errors are the client's own
 * doing and are not logged; their messages never quote a variable's value (it may be a password).
 * The masked rest is logged once, without PostgreSQL's details; while the database is unreachable,
 * its failures are counted in one line now and then instead (see database-outage.ts).
 */
export function createFormatError(opts: { log: Logger; isProduction: boolean }) {
  const outage = outageReporter(opts.log);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const domainError = findDomainError(error);
    if (domainError?.isPublic) {
      return {
        message: domainError.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: domainError.extensions,
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PROTOCOL_CODES.has(code) && error instanceof GraphQLError && !error.path) {
      const variable = code === 'BAD_USER_INPUT' ? describeVariableError(error) : undefined;
      const message = variable?.message ?? formatted.message;
      return {
        message: opts.isProduction ? withoutSuggestions(message) : message,
        locations: formatted.locations,
        extensions: variable?.field ? { code, field: variable.field } : { code },
      };
    }
    if (isDatabaseUnavailable(original)) outage('graphql');
    else opts.log.error({ msg: 'unexpected error in a GraphQL operation', path: formatted.path, err: loggable(original) });
    return { message: 'Internal server error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * A domain error raised before execution (in a validation rule or a plugin), as the GraphQLError
 * Apollo expects there, with the HTTP status of its code and any headers (Apollo reads
 * `extensions.http`).
 */
export function beforeExecution(error: DomainError, headers: Record<string, string> = {}): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...error.extensions, http: { status: httpStatusOf(error), headers: new Map(Object.entries(headers)) } },
  });
}

const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean .*$/, '');

/**
 * graphql-js words a variable that does not coerce as `Variable "$v" got invalid value <the value>
 * at "v.path"; <reason>`, quoting the whole value. The answer keeps the variable, the path and the
 * reason, never the value; a scalar's reason loses what follows its colon (`Int cannot represent
 * non-integer value: "abc"`) for the same reason.
 */
function describeVariableError(error: GraphQLError): { message: string; field?: string } | undefined {
  const match = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value /.exec(error.message);
  if (!match) return undefined;
  const name = match[1] as string;
  const inner = error.originalError?.message;
  const head = inner && error.message.endsWith(`; ${inner}`) ? error.message.slice(0, -inner.length - 2) : error.message;
  const at = / at "([^"]*)"$/.exec(head)?.[1];
  const field = (at ?? name).replace(/\[(\d+)\]/g, '.$1');
  const reason = inner ? ` ${inner.replace(/^(.*? cannot represent [^:]*):.*$/s, '$1.')}` : '';
  return { message: `Variable "$${name}" got an invalid value${at ? ` at "${at}"` : ''}.${reason}`, field };
}

/** A DomainError, thrown by a resolver or reported by a validation rule, however wrapped. */
function findDomainError(error: unknown): DomainError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof DomainError) return e;
  }
  return undefined;
}
