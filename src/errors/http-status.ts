import { DomainError } from './domain-error.ts';

/** The one table from a domain error's code to the HTTP status of the pages and routes. */
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_VERIFIED: 403,
  POLICY_ACCEPTANCE_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID_TOKEN: 400,
  QUOTA_EXCEEDED: 429,
  RATE_LIMITED: 429,
  THROTTLED: 429,
  PERSISTED_QUERY_NOT_FOUND: 400,
  PAYMENTS_UNAVAILABLE: 503,
};

/** The status for an error: its code's, or 500 for anything that is not a public domain error. */
export function httpStatusOf(error: unknown): number {
  return error instanceof DomainError && error.isPublic ? (STATUS[error.code] ?? 400) : 500;
}
