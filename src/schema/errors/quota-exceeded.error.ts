import { PublicError } from './public.error.ts';

export class QuotaExceededError extends PublicError {
  readonly code = 'QUOTA_EXCEEDED';
  constructor(resetsAt: Date) {
    super('The download quota of your plan is used up for today.', { code: 'QUOTA_EXCEEDED', resetsAt: resetsAt.toISOString() });
  }
}
