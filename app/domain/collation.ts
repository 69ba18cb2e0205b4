/** Vietnamese collation for every name sorted in the UI ("Đ" after "D", tones in order). */
export const viCollator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });

export function byVietnameseName<T extends { name: string }>(a: T, b: T): number {
  return viCollator.compare(a.name, b.name);
}
