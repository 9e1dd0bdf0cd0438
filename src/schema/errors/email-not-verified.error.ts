import { PublicError } from './public.error.ts';

export class EmailNotVerifiedError extends PublicError {
  readonly code = 'EMAIL_NOT_VERIFIED';
  constructor(message = 'Verify your e-mail address first.') {
    super(message, { code: 'EMAIL_NOT_VERIFIED' });
  }
}
