import { PublicError } from './public.error.ts';

export class QueryTooComplexError extends PublicError {
  readonly code = 'QUERY_TOO_COMPLEX';
  constructor(message = 'The query is too complex.') {
    super(message, { code: 'QUERY_TOO_COMPLEX' });
  }
}
