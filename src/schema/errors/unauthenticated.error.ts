import { PublicError } from './public.error.ts';

export class UnauthenticatedError extends PublicError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in first.') {
    super(message, { code: 'UNAUTHENTICATED' });
  }
}
