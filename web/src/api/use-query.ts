import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql.ts';
import { type ApiError, request } from './client.ts';

export type QueryState<Result> = { data?: Result; error?: ApiError; isLoading: boolean; refetch: () => void };

/**
 * Runs a query when the component mounts and whenever its variables change. The previous data stays
 * while the next answer loads (search results do not flicker as one types); a late answer to an
 * older request is dropped.
 */
export function useQuery<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables?: Variables,
  opts: { skip?: boolean } = {},
): QueryState<Result> {
  const [round, setRound] = useState(0);
  // `round` makes refetch a new key, so that the effect runs the same request again.
  const key = JSON.stringify([variables ?? null, round]);
  const [state, setState] = useState<Omit<QueryState<Result>, 'refetch'>>({ isLoading: !opts.skip });
  useEffect(() => {
    if (opts.skip) return;
    let isCurrent = true;
    setState((s) => ({ ...s, isLoading: true }));
    request(document, JSON.parse(key)[0] as Variables).then(
      (data) => isCurrent && setState({ data, isLoading: false }),
      (error: ApiError) => isCurrent && setState({ error, isLoading: false }),
    );
    return () => {
      isCurrent = false;
    };
  }, [document, key, opts.skip]);
  const refetch = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, refetch };
}
