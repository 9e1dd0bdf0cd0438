import { PublicError } from './public.error.ts';

export class ForbiddenError extends PublicError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Not allowed.') {
    super(message, { code: 'FORBIDDEN' });
  }
}
