/** Outline numbers for a point tree: roots 1, 2 …; children 1.1, 1.2 …, by position then id. */
export function pointCodes(points: readonly { id: number; parent_id: number | null; position: number }[]): Map<number, string> {
  const children = new Map<number | null, typeof points[number][]>();
  const ids = new Set(points.map((p) => p.id));
  for (const p of points) {
    const parent = p.parent_id !== null && ids.has(p.parent_id) ? p.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const codes = new Map<number, string>();
  const walk = (parent: number | null, prefix: string) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.position - b.position || a.id - b.id);
    list.forEach((p, i) => {
      const code = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      codes.set(p.id, code);
      walk(p.id, code);
    });
  };
  walk(null, "");
  return codes;
}
