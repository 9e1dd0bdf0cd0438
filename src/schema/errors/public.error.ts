import { GraphQLError } from 'graphql';

/**
 * An error a client can act on: its message and `extensions` reach the client as they are.
 * Anything else is masked as INTERNAL_SERVER_ERROR by `formatError`.
 */
export abstract class PublicError extends GraphQLError {
  abstract readonly code: string;
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions });
  }
}
