export interface TreeNode<T> {
  item: T;
  children: TreeNode<T>[];
}

/**
 * Builds a forest from flat rows with `id` and `parent_id`. Rows whose parent is not in the
 * list become roots, so any subtree of a larger tree builds cleanly.
 */
export function buildTree<T extends { id: number; parent_id: number | null }>(
  rows: readonly T[],
  compare?: (a: T, b: T) => number,
): TreeNode<T>[] {
  const nodes = new Map<number, TreeNode<T>>(rows.map((row) => [row.id, { item: row, children: [] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.item.parent_id == null ? undefined : nodes.get(node.item.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  if (compare) {
    const sort = (list: TreeNode<T>[]) => {
      list.sort((a, b) => compare(a.item, b.item));
      list.forEach((n) => sort(n.children));
    };
    sort(roots);
  }
  return roots;
}
