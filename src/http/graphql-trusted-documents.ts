import type { ApolloServerPlugin } from '@apollo/server';
import { PersistedQueryNotFoundError } from '../errors/errors.ts';
import type { Context } from '../resolvers/context.ts';
import { requestedDocumentId, type TrustedDocuments } from '../services/partners/trusted-documents.ts';
import { beforeExecution } from './graphql-errors.ts';

/**
 * Trusted documents for partner apps. A partner's request that names a document by id
 * (`extensions.persistedQuery.sha256Hash`, or `documentId`) runs the document registered for that
 * partner under that id, whatever text came beside it; an id it did not register is
 * PERSISTED_QUERY_NOT_FOUND. A partner flagged "trusted documents only" in the admin may send
 * nothing else. Apollo's own persisted queries stay off: for anyone else, a persisted-query
 * extension remains PERSISTED_QUERY_NOT_SUPPORTED.
 *
 * This runs in `requestDidStart`, where the request is parsed but its document not yet read: Apollo
 * refuses a persisted-query extension right after, so the id is replaced here by the text.
 * (Apollo Server 5 has no hook between the two that could refuse a request itself.)
 */
export function trustedDocumentsPlugin(documents: TrustedDocuments): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue, request }) {
      const actor = contextValue.scope?.actor;
      if (actor?.kind !== 'partner') return;
      const { persistedQuery, ...otherExtensions } = request.extensions ?? {};
      const id = requestedDocumentId(persistedQuery, documentIdOf(request.http));
      let refusal: PersistedQueryNotFoundError | undefined;
      if (id !== undefined) {
        const body = await documents.find(actor.grant.clientId, id);
        if (body === undefined) refusal = new PersistedQueryNotFoundError();
        else request.query = body;
      } else if (actor.settings.trustedDocumentsOnly) {
        refusal = new PersistedQueryNotFoundError('This app may send only the documents registered for it, by their id.');
      }
      request.extensions = otherExtensions;
      if (!refusal) return;
      // An error thrown here would be answered as INTERNAL_SERVER_ERROR: Apollo is given a
      // document that runs nothing, and the refusal is thrown where Apollo answers it as it is.
      request.query = NOTHING;
      const refused = refusal;
      return {
        async didResolveOperation() {
          throw beforeExecution(refused);
        },
      };
    },
  };
}

const NOTHING = '{ __typename }';

/** `documentId` of the GraphQL-over-HTTP request: a top-level member of a POST body, or a GET parameter. */
function documentIdOf(http: { method: string; body: unknown; search: string } | undefined): unknown {
  if (!http) return undefined;
  if (http.method === 'GET') {
    // Given twice, it names no one document (as Apollo treats a repeated `query`).
    const given = new URLSearchParams(http.search).getAll('documentId');
    return given.length === 0 ? undefined : given.length === 1 ? given[0] : '';
  }
  const body = http.body;
  return body && typeof body === 'object' ? (body as { documentId?: unknown }).documentId : undefined;
}
