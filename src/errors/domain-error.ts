/**
 * An error of the domain with a contract `code` (`extensions.code` in GraphQL, a status on the
 * pages and routes). Services throw these and nothing about transports: `src/http/graphql-errors.ts`
 * maps them for GraphQL, `http-status.ts` for HTTP. A public one reaches clients with its message
 * and extensions as they are; anything else is masked as INTERNAL_SERVER_ERROR.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly isPublic: boolean = true;

  constructor(
    message: string,
    /** What a client may act on beside the code: `field`, `retryAfterSeconds`, `pending`, … */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The GraphQL `extensions` of this error: its code first, then its details. */
  get extensions(): Record<string, unknown> {
    return { code: this.code, ...this.details };
  }
}
