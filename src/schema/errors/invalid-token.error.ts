import { PublicError } from './public.error.ts';

export class InvalidTokenError extends PublicError {
  readonly code = 'INVALID_TOKEN';
  constructor(message = 'This link is unknown, used or expired.') {
    super(message, { code: 'INVALID_TOKEN' });
  }
}
