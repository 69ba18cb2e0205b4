/**
 * Pure facts about the organisation tree, independent of the database: the closure a set of
 * parent links implies, and the cycle check. The services keep `unit_tree` with set-based SQL;
 * these functions are the reference the tests (and a consistency check) compare it with.
 */

export interface ParentLink {
  id: number;
  parent_id: number | null;
}

export interface ClosureRow {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

/**
 * Every (ancestor, descendant, depth) pair implied by the parent links, including (u, u, 0).
 * A parent that is not in `links` ends the walk (a subtree's top). Throws on a cycle.
 */
export function closureFromParents(links: readonly ParentLink[]): ClosureRow[] {
  const parentOf = new Map(links.map((l) => [l.id, l.parent_id]));
  const rows: ClosureRow[] = [];
  for (const { id } of links) {
    let current: number | null | undefined = id;
    let depth = 0;
    const seen = new Set<number>();
    while (current != null && parentOf.has(current)) {
      if (seen.has(current)) throw new Error(`cycle in the unit tree through unit ${current}`);
      seen.add(current);
      rows.push({ ancestor_id: current, descendant_id: id, depth });
      current = parentOf.get(current);
      depth += 1;
    }
  }
  return rows;
}

/** A stable textual form of closure rows, to compare two closures whatever their order. */
export function closureFingerprint(rows: readonly ClosureRow[]): string[] {
  return rows.map((r) => `${r.ancestor_id}>${r.descendant_id}@${r.depth}`).sort();
}

/**
 * The members of every cycle in a graph given as node -> parent (parents outside the map end
 * a chain). Each node on a cycle maps to the cycle's nodes in parent order.
 */
export function findCycles<K>(parentOf: ReadonlyMap<K, K | null>): Map<K, K[]> {
  const state = new Map<K, "visiting" | "done">();
  const onCycle = new Map<K, K[]>();
  for (const start of parentOf.keys()) {
    if (state.has(start)) continue;
    const path: K[] = [];
    let node: K | null | undefined = start;
    while (node != null && parentOf.has(node) && !state.has(node)) {
      state.set(node, "visiting");
      path.push(node);
      node = parentOf.get(node);
    }
    if (node != null && state.get(node) === "visiting") {
      const cycle = path.slice(path.indexOf(node));
      for (const member of cycle) onCycle.set(member, cycle);
    }
    for (const visited of path) state.set(visited, "done");
  }
  return onCycle;
}

/** Children of a unit shown per page on the tree pages. */
export const ROOT_PAGE = 200;

/** The offset of `?page=` (1-based) in a unit's children; a bad value is the first page. */
export function pageOffset(params: URLSearchParams, pageSize: number = ROOT_PAGE): number {
  const page = Number(params.get("page") ?? "1");
  return Number.isInteger(page) && page > 1 && page < 100_000 ? (page - 1) * pageSize : 0;
}

/** A unit as the tree view shows it, with the part of its subtree that was loaded. */
export interface UnitNode {
  id: number;
  code: string | null;
  name: string;
  kind_name: string;
  members: number;
  closed_on: string | null;
  /** Direct children, open or closed. */
  childCount: number;
  /** Open units below this one (any depth). */
  openDescendants: number;
  /** Members of the open units of the subtree, this one included. */
  subtreeMembers: number;
  /** The children shown (sorted by Vietnamese name); the others are reached by drill-down. */
  children: UnitNode[];
  /** Children not shown here (depth or size limit). */
  hiddenChildren: number;
}
