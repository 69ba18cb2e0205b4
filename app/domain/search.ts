/**
 * Vietnamese-aware, diacritics-insensitive search (pure; used by the unit tree, the move
 * picker and the import's header and name matching).
 *
 * "lao dong" finds "Lao động", "đ" and "d" match each other both ways, letter case does not
 * matter, and text typed in decomposed form (NFD, as some keyboards and macOS file names
 * produce) matches text stored in composed form (NFC). Old and new tone placement ("hoà",
 * "hòa") fold to the same letters.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case, without tone marks or vowel hats, "đ" as "d", single spaces, trimmed. */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .toLowerCase()
    .replace(/đ/g, "d")
    .replace(/\s+/g, " ")
    .trim();
}

/** The folded words of a query: letters and digits only, each once, in the order typed. */
export function searchTokens(query: string): string[] {
  const words = foldVietnamese(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words)];
}

/**
 * A scorer for one query, built once and applied to many items: how well `haystacks`
 * (a name, a short name, a code ...) answer the query; 0 = no match.
 * Every query word must occur (as a substring, folded) in the haystacks taken together.
 * A match of the whole phrase scores higher, a word that starts a word higher still, and
 * a name that starts with the phrase higher, and a match with the very diacritics typed
 * higher again, so "Lão" ranks "Lão Cai" above "Lao".
 */
export function searchMatcher(query: string): (haystacks: readonly (string | null | undefined)[]) => number {
  const tokens = searchTokens(query);
  if (tokens.length === 0) return () => 0;
  const phrase = tokens.join(" ");
  const starts = tokens.map((token) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(token)}`, "u"));
  const typed = query.normalize("NFC").toLowerCase().trim();
  return (haystacks) => {
    const texts = haystacks.filter((h): h is string => typeof h === "string" && h.length > 0);
    const folded = texts.map(foldVietnamese).join(" \u0000 ");
    for (const token of tokens) if (!folded.includes(token)) return 0;
    let score = 1;
    const flat = folded.replace(/[^\p{L}\p{N}\u0000]+/gu, " ");
    if (flat.includes(phrase)) score += 2;
    if (flat.startsWith(phrase)) score += 0.5;
    score += starts.filter((re) => re.test(folded)).length / tokens.length;
    if (texts.some((t) => t.normalize("NFC").toLowerCase().includes(typed))) score += 1;
    return score;
  };
}

/** `searchMatcher(query)(haystacks)`, for a single comparison. */
export function searchScore(query: string, haystacks: readonly (string | null | undefined)[]): number {
  return searchMatcher(query)(haystacks);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Filters and ranks items by `searchScore`; ties keep the order of `items` (sort them by
 * Vietnamese collation first for a stable, readable result).
 */
export function searchItems<T>(items: readonly T[], query: string, fields: (item: T) => readonly (string | null | undefined)[]): T[] {
  const match = searchMatcher(query);
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = match(fields(item));
    if (score > 0) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.item);
}
