import { PublicError } from './public.error.ts';

export class RateLimitedError extends PublicError {
  readonly code = 'RATE_LIMITED';
  constructor(retryAfterSeconds: number) {
    super('Too many attempts. Try again later.', { code: 'RATE_LIMITED', retryAfterSeconds });
  }
}
