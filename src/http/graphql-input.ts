import type { ApolloServerPlugin } from '@apollo/server';
import { type ASTNode, type DocumentNode, Kind, visit } from 'graphql';
import { BadUserInputError } from '../errors/errors.ts';
import { beforeExecution } from './graphql-errors.ts';

/**
 * PostgreSQL's text cannot hold U+0000: a NUL byte anywhere in an argument would reach it as an
 * error ("invalid byte sequence") in whatever service takes the value. Refused for every argument
 * and variable at once, before execution, as BAD_USER_INPUT naming where it was.
 */
export function nulBytePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = nulInVariables(request.variables ?? {}) ?? nulInLiterals(document);
          if (where) throw beforeExecution(new BadUserInputError('Text may not contain a NUL character (U+0000).', where));
        },
      };
    },
  };
}

function nulInVariables(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulInVariables(item, `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
      const found = nulInVariables(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** What nulInLiterals found in each document Apollo keeps parsed: the answer never changes for one document. */
const literalsChecked = new WeakMap<DocumentNode, string | undefined>();

/** The dotted path (argument, then input fields) of the first string literal holding a NUL. */
function nulInLiterals(document: DocumentNode): string | undefined {
  if (literalsChecked.has(document)) return literalsChecked.get(document);
  const found = firstNulLiteral(document);
  literalsChecked.set(document, found);
  return found;
}

function firstNulLiteral(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found || !node.value.includes('\u0000')) return;
      found = [...(ancestors as ASTNode[]), parent as ASTNode]
        .flatMap((a) => ('kind' in a && (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD) ? [a.name.value] : []))
        .join('.');
      found ||= 'query';
    },
  });
  return found;
}
