import type { TypedDocumentString } from '../gql/graphql.ts';

/** A GraphQL error the member can act on: `code` is the contract's `extensions.code`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * One operation over POST with a JSON body, which Apollo's CSRF prevention lets through without a
 * preflight header. The session travels in the HttpOnly `mixx_session` cookie that `login` sets:
 * the app never sees or stores the token.
 */
export async function request<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables?: Variables,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('NETWORK', 'Mixx cannot be reached. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => null)) as {
    data?: Result | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
  const error = body?.errors?.[0];
  if (error) throw new ApiError(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), error.message, error.extensions);
  if (!body?.data) throw new ApiError('INTERNAL_SERVER_ERROR', `Mixx answered with status ${response.status}.`);
  return body.data;
}
