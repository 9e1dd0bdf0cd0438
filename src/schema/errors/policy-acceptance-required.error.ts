import { PublicError } from './public.error.ts';

/** `pending`: the global ids of the versions in force that the member still has to accept. */
export class PolicyAcceptanceRequiredError extends PublicError {
  readonly code = 'POLICY_ACCEPTANCE_REQUIRED';
  constructor(pending: string[]) {
    super('Accept the current policies first.', { code: 'POLICY_ACCEPTANCE_REQUIRED', pending });
  }
}
