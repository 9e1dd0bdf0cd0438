import { DomainError } from './domain-error.ts';

/** Invalid arguments; `field` is the dotted path from the argument, e.g. `input.acceptedPolicyVersionIds`. */
export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message, { field });
  }
}

/** A member-only operation without a valid session. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in first.') {
    super(message);
  }
}

/**
 * The caller's kind may not do this at all — never for someone else's object (that is NOT_FOUND).
 * For a partner app, `requiredScope` names the OAuth scope that would allow it, where one would.
 */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Not allowed.', requiredScope?: string) {
    super(message, requiredScope ? { requiredScope } : {});
  }
}

/** No such object, or one the caller may not see: the same answer for both. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(message = 'Not found.') {
    super(message);
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  constructor(message = 'Wrong e-mail address or password.') {
    super(message);
  }
}

export class InvalidTokenError extends DomainError {
  readonly code = 'INVALID_TOKEN';
  constructor(message = 'This link is unknown, used or expired.') {
    super(message);
  }
}

export class EmailNotVerifiedError extends DomainError {
  readonly code = 'EMAIL_NOT_VERIFIED';
  constructor(message = 'Verify your e-mail address first.') {
    super(message);
  }
}

/** `pending`: the global ids of the versions in force still to accept. */
export class PolicyAcceptanceRequiredError extends DomainError {
  readonly code = 'POLICY_ACCEPTANCE_REQUIRED';
  constructor(pending: string[]) {
    super('Accept the current policies first.', { pending });
  }
}

export class QuotaExceededError extends DomainError {
  readonly code = 'QUOTA_EXCEEDED';
  constructor(resetsAt: Date) {
    super('The download quota of your plan is used up for today.', { resetsAt: resetsAt.toISOString() });
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(retryAfterSeconds: number) {
    super('Too many attempts. Try again later.', { retryAfterSeconds });
  }
}

/** The document is over a depth, alias, size or cost limit; for cost, `cost` says by how much. */
export class QueryTooComplexError extends DomainError {
  readonly code = 'QUERY_TOO_COMPLEX';
  constructor(message = 'The query is too complex.', details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** Billing is not configured on this instance (no STRIPE_SECRET_KEY). */
export class PaymentsUnavailableError extends DomainError {
  readonly code = 'PAYMENTS_UNAVAILABLE';
  constructor(message = 'Payments are not available on this instance.') {
    super(message);
  }
}

/**
 * The caller's cost budget does not hold what the operation costs, for now: `cost` carries
 * `{ requestedQueryCost, throttleStatus }`, `retryAfterSeconds` when the bucket will hold it.
 */
export class ThrottledError extends DomainError {
  readonly code = 'THROTTLED';
  constructor(details: { cost: { requestedQueryCost: number; throttleStatus: object }; retryAfterSeconds: number }) {
    super(
      `The query costs more than your budget holds now: try again in ${details.retryAfterSeconds} s (see extensions.cost).`,
      details,
    );
  }
}

/**
 * A partner app flagged "trusted documents only" sent a free-form document, or a partner sent the
 * id of a document not registered for it (`npm run partner:documents`).
 */
export class PersistedQueryNotFoundError extends DomainError {
  readonly code = 'PERSISTED_QUERY_NOT_FOUND';
  constructor(message = 'This document is not registered for this app.') {
    super(message);
  }
}
