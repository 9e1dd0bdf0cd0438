import type { LazyPage } from '../../services/common/keyset.ts';

/** A page of rows as a connection of GraphQL objects (cursors stay lazy). */
export function mapPage<R, T>(page: LazyPage<R>, map: (row: R) => T): LazyPage<T> {
  return { edges: page.edges.map((edge) => edge.map(map)), pageInfo: page.pageInfo, totalCount: page.totalCount };
}
