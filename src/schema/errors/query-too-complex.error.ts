import { HeaderMap } from '@apollo/server';
import { PublicError } from './public.error.ts';

/** The document is over a depth, alias, size or cost limit; for cost, `extensions.cost` says by how much. */
export class QueryTooComplexError extends PublicError {
  readonly code = 'QUERY_TOO_COMPLEX';
  constructor(message = 'The query is too complex.', extensions: Record<string, unknown> = {}) {
    // Refused before execution: a 400, like the validation errors it sits beside.
    super(message, { code: 'QUERY_TOO_COMPLEX', ...extensions, http: { status: 400, headers: new HeaderMap() } });
  }
}
