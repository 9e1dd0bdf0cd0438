import { PublicError } from './public.error.ts';

export class InvalidCredentialsError extends PublicError {
  readonly code = 'INVALID_CREDENTIALS';
  constructor(message = 'Wrong e-mail address or password.') {
    super(message, { code: 'INVALID_CREDENTIALS' });
  }
}
