import {
  type ASTVisitor,
  type FieldNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import { QueryTooComplexError } from '../errors/errors.ts';
import { beforeExecution } from './graphql-errors.ts';

/** Mutations that check a password or spend a token: one per request, so aliases cannot multiply guesses. */
const SENSITIVE = new Set([
  'login',
  'register',
  'changePassword',
  'changeEmail',
  'deleteAccount',
  'resetPassword',
  'verifyEmail',
  'requestPasswordReset',
  'resendVerificationEmail',
  'confirmEmailConsent',
  'requestDownload',
  // Sends a confirmation e-mail: one per request, so that aliases cannot multiply mails.
  'setEmailConsent',
]);

export const LIMITS = { maxDepth: 12, maxAliases: 30, maxFields: 400, maxSensitive: 1, maxIntrospectionDepth: 24 } as const;

function tooComplex(message: string): GraphQLError {
  return beforeExecution(new QueryTooComplexError(message));
}

/**
 * A validation rule for the document's size in depth, aliases, fields, and sensitive mutations.
 * Counted over the operation with fragments expanded, so a fragment cannot hide work. Introspection
 * (`__schema`, `__type`) is bounded by the schema, not by the client; its type references nest
 * deeper than any data query (graphql-js's standard introspection query reaches 13 levels), so it
 * has a depth bound of its own and counts toward no other limit. Where introspection is off, Apollo
 * refuses those fields anyway.
 */
export function complexityRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation: OperationDefinitionNode) {
      const fragments = new Map(
        context
          .getDocument()
          .definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
      );
      let aliases = 0;
      let fields = 0;
      let sensitive = 0;
      let maxDepth = 0;
      let maxIntrospectionDepth = 0;
      const visit = (
        selections: readonly import('graphql').SelectionNode[],
        depth: number,
        seen: Set<string>,
        introspection: boolean,
      ) => {
        if (introspection) maxIntrospectionDepth = Math.max(maxIntrospectionDepth, depth);
        else maxDepth = Math.max(maxDepth, depth);
        if (maxDepth > LIMITS.maxDepth || fields > LIMITS.maxFields || maxIntrospectionDepth > LIMITS.maxIntrospectionDepth)
          return;
        for (const selection of selections) {
          if (selection.kind === Kind.FIELD) {
            const field = selection as FieldNode;
            const isIntrospection = introspection || field.name.value === '__schema' || field.name.value === '__type';
            if (!isIntrospection) fields++;
            if (field.alias) aliases++;
            if (depth === 1 && operation.operation === 'mutation' && SENSITIVE.has(field.name.value)) sensitive++;
            if (field.selectionSet) visit(field.selectionSet.selections, depth + 1, seen, isIntrospection);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            visit(selection.selectionSet.selections, depth, seen, introspection);
          } else {
            const name = selection.name.value;
            const fragment = fragments.get(name);
            if (fragment && !seen.has(name))
              visit(fragment.selectionSet.selections, depth, new Set([...seen, name]), introspection);
          }
        }
      };
      visit(operation.selectionSet.selections, 1, new Set(), false);
      if (maxIntrospectionDepth > LIMITS.maxIntrospectionDepth)
        context.reportError(tooComplex(`The introspection query is nested deeper than ${LIMITS.maxIntrospectionDepth} levels.`));
      if (maxDepth > LIMITS.maxDepth)
        context.reportError(tooComplex(`The query is nested deeper than ${LIMITS.maxDepth} levels.`));
      else if (fields > LIMITS.maxFields)
        context.reportError(tooComplex(`The query selects more than ${LIMITS.maxFields} fields.`));
      if (aliases > LIMITS.maxAliases) context.reportError(tooComplex(`The query uses more than ${LIMITS.maxAliases} aliases.`));
      if (sensitive > LIMITS.maxSensitive) {
        context.reportError(tooComplex('Send one sign-in, registration or other credential mutation per request.'));
      }
    },
  };
}
