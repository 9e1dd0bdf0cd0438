import { PublicError } from './public.error.ts';

/**
 * `field` is the dotted path from the argument, e.g. `input.acceptedPolicyVersionIds`. `extensions`
 * may carry an `http` head for errors raised before execution (they answer 400).
 */
export class BadUserInputError extends PublicError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly field: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { code: 'BAD_USER_INPUT', field, ...extensions });
  }
}
