import { PublicError } from './public.error.ts';

/** `field` is the dotted path from the argument, e.g. `input.acceptedPolicyVersionIds`. */
export class BadUserInputError extends PublicError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message, { code: 'BAD_USER_INPUT', field });
  }
}
