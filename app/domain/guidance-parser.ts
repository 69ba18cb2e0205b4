/**
 * Turns the pasted "Nội dung tuyên truyền" section of a guidance letter into a tree of
 * content points. Vietnamese administrative texts nest by marker kind rather than by
 * indentation: "I." > "1." > "1.1." > "a)" > "-" > "+", in whatever order a drafter chose,
 * so a marker kind takes the next level the first time it appears and returning to a kind
 * seen before closes the levels opened after it (as a reader of the letter does).
 */

export interface ParsedPoint {
  title: string;
  details: string | null;
  children: ParsedPoint[];
}

/** A point with its nesting level (1 = top), the shape the preview form edits. */
export interface FlatPoint {
  level: number;
  title: string;
  details: string | null;
}

const MAX_TITLE = 160;

interface Marker {
  kind: string;
  rest: string;
}

function detectMarker(line: string): Marker | null {
  let m: RegExpExecArray | null;
  if ((m = /^([IVXLC]+)\.\s+(.*)$/.exec(line))) return { kind: "roman", rest: m[2] };
  // "1.1. Foo", "1.1 Foo" (a dotted number is never a plain count) or "1. Foo", "1) Foo".
  if ((m = /^(\d+(?:\.\d+)+)\.?\s+(.*)$/.exec(line)) || (m = /^(\d+)[.)]\s+(.*)$/.exec(line))) {
    return { kind: `decimal${m[1].split(".").length}`, rest: m[2] };
  }
  if ((m = /^\((\d+)\)\s*(.*)$/.exec(line))) return { kind: "paren", rest: m[2] };
  if ((m = /^([a-zđ])[.)]\s+(.*)$/.exec(line))) return { kind: "letter", rest: m[2] };
  if ((m = /^[-–—•*]\s*(.*)$/.exec(line))) return { kind: "dash", rest: m[1] };
  if ((m = /^\+\s*(.*)$/.exec(line))) return { kind: "plus", rest: m[1] };
  return null;
}

/** Markdown emphasis and stray asterisks that copies of letters carry around. */
function cleanLine(line: string): string {
  return line
    .normalize("NFC")
    .replace(/\*\*/g, "")
    .replace(/(^|\s)\*(\S[^*]*\S)\*(?=\s|$|[.,;:])/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}

interface Block {
  kind: string;
  text: string;
}

/** Lines grouped into marked blocks; unmarked lines continue the block before them. */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let blankBefore = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = cleanLine(raw);
    if (!line) {
      blankBefore = true;
      continue;
    }
    const marker = detectMarker(line);
    const last = blocks[blocks.length - 1];
    if (marker && marker.rest) {
      blocks.push({ kind: marker.kind, text: marker.rest });
    } else if (last) {
      // A page break can split a sentence: a lower-case start joins the same paragraph.
      const sameParagraph = !blankBefore || /^[a-zà-ỹđ]/.test(line);
      last.text += sameParagraph ? ` ${line}` : `\n${line}`;
    } else {
      blocks.push({ kind: "text", text: line });
    }
    blankBefore = false;
  }
  return blocks;
}

/** "(1) A; (2) B; (3) C." inside one block becomes children, when numbered 1, 2, 3 … in order. */
function splitInlineEnumeration(text: string): { head: string; items: string[] } | null {
  const positions: number[] = [];
  const pattern = /\((\d+)\)\s/g;
  let m: RegExpExecArray | null;
  let expected = 1;
  while ((m = pattern.exec(text))) {
    if (Number(m[1]) === expected) {
      positions.push(m.index);
      expected++;
    }
  }
  if (positions.length < 2) return null;
  const items = positions.map((start, i) =>
    text
      .slice(start, positions[i + 1] ?? text.length)
      .replace(/^\(\d+\)\s*/, "")
      .replace(/[;,]\s*$/, "")
      .trim(),
  );
  return { head: text.slice(0, positions[0]).trim(), items };
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
}

/** A short title and the full text as details, the way a board names a point. */
export function titleAndDetails(text: string): { title: string; details: string | null } {
  const full = text.trim().replace(/[;,]$/, "").trim();
  let title: string;
  // The first ":" or ";" or sentence end closes the part a drafter meant as the heading.
  const breakAt = full.search(/[:;]|[.!?](\s|$)/);
  if (breakAt > 0 && breakAt <= MAX_TITLE) {
    title = full.slice(0, breakAt);
  } else if (full.length <= MAX_TITLE) {
    title = full.replace(/[.]$/, "");
  } else {
    const cut = full.lastIndexOf(" ", MAX_TITLE - 1);
    title = `${full.slice(0, cut > 40 ? cut : MAX_TITLE - 1)}…`;
  }
  title = capitalise(
    title
      .replace(/^Về\s+/i, "")
      .replace(/\s+(bao gồm|gồm có|gồm|như sau)$/i, "")
      .trim(),
  );
  const normalisedTitle = title.replace(/…$/, "");
  const details = full.length > normalisedTitle.length + 2 ? full : null;
  return { title, details };
}

function pointOf(text: string): ParsedPoint {
  const inline = splitInlineEnumeration(text);
  if (inline && inline.head) {
    return {
      ...titleAndDetails(inline.head),
      children: inline.items.map((item) => ({ ...titleAndDetails(item), children: [] })),
    };
  }
  return { ...titleAndDetails(text), children: [] };
}

export function parseGuidance(text: string): ParsedPoint[] {
  const roots: ParsedPoint[] = [];
  const kindStack: string[] = [];
  const nodeStack: ParsedPoint[] = [];
  for (const block of blocksOf(text)) {
    const seenAt = kindStack.indexOf(block.kind);
    const depth = seenAt >= 0 ? seenAt : kindStack.length;
    kindStack.length = depth;
    nodeStack.length = depth;
    kindStack.push(block.kind);
    const point = pointOf(block.text);
    (depth === 0 ? roots : nodeStack[depth - 1].children).push(point);
    nodeStack.push(point);
  }
  // A lone heading such as "1. Nội dung tuyên truyền" over the bullets is not itself a point.
  if (roots.length === 1 && roots[0].children.length > 0 && roots[0].details === null && roots[0].title.length <= 60) {
    return roots[0].children;
  }
  return roots;
}

export function flattenPoints(tree: readonly ParsedPoint[], level = 1): FlatPoint[] {
  return tree.flatMap((point) => [
    { level, title: point.title, details: point.details },
    ...flattenPoints(point.children, level + 1),
  ]);
}

/** Rebuilds a tree from edited levels; a level may go at most one deeper than the row before. */
export function treeFromFlat(rows: readonly FlatPoint[]): ParsedPoint[] {
  const roots: ParsedPoint[] = [];
  const stack: ParsedPoint[] = [];
  for (const row of rows) {
    const level = Math.max(1, Math.min(row.level, stack.length + 1));
    stack.length = level - 1;
    const point: ParsedPoint = { title: row.title, details: row.details, children: [] };
    (level === 1 ? roots : stack[level - 2].children).push(point);
    stack.push(point);
  }
  return roots;
}
