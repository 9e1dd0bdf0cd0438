import { useEffect, useState } from 'react';
import { explain } from '../api/errors.ts';

export type Connection<Node> = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: Node }[];
};

/**
 * A list whose first page came with the account query, and whose next pages "Show more" loads.
 * A new first page (the account query ran again) starts the list over.
 */
export function useMore<Node>(first: Connection<Node>, load: (after: string) => Promise<Connection<Node> | undefined>) {
  const [more, setMore] = useState<{ nodes: Node[]; next: string | null } | null>(null);
  const [error, setError] = useState('');
  const [isBusy, setBusy] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new first page is what starts over
  useEffect(() => {
    setMore(null);
    setError('');
  }, [first]);
  const nodes = [...first.edges.map((e) => e.node), ...(more?.nodes ?? [])];
  const next = more ? more.next : first.pageInfo.hasNextPage ? (first.pageInfo.endCursor ?? null) : null;
  const showMore = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const page = await load(next);
      if (page) {
        setMore((shown) => ({
          nodes: [...(shown?.nodes ?? []), ...page.edges.map((e) => e.node)],
          next: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null,
        }));
      }
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  return { nodes, total: first.totalCount, hasMore: next !== null, showMore, error, isBusy };
}
