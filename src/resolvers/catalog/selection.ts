import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * A look-ahead at what a client selected below the current field: a predicate over dotted field
 * paths relative to `prefix` (fragments and inline fragments included; aliases and @skip ignored,
 * which at worst loads something not needed). Pages use it to prefetch the relations their
 * selection names, one statement each, before graphql-js walks the nodes.
 */
export function selectedBelow(info: GraphQLResolveInfo, prefix: string, maxDepth = 6): (path: string) => boolean {
  const paths = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, at: string, depth: number) => {
    if (!set || depth > maxDepth) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const path = at ? `${at}.${selection.name.value}` : selection.name.value;
        paths.add(path);
        visit(selection.selectionSet, path, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, at, depth);
      } else {
        visit(info.fragments[selection.name.value]?.selectionSet, at, depth);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, '', 1);
  return (path) => paths.has(prefix ? `${prefix}.${path}` : path);
}
