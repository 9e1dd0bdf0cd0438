import { PublicError } from './public.error.ts';

export class NotFoundError extends PublicError {
  readonly code = 'NOT_FOUND';
  constructor(message = 'Not found.') {
    super(message, { code: 'NOT_FOUND' });
  }
}
