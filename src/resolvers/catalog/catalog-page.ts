import type { LazyPage } from '../../services/catalog/keyset.ts';

/** A page of rows as a connection of GraphQL objects. */
export function mapPage<R, T>(page: LazyPage<R>, map: (row: R) => T): LazyPage<T> {
  const edges = new Array(page.edges.length);
  for (let i = 0; i < edges.length; i++) edges[i] = { cursor: page.edges[i].cursor, node: map(page.edges[i].node) };
  return { edges, pageInfo: page.pageInfo, totalCount: page.totalCount };
}
