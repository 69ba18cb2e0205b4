import { describe, expect, it } from "vitest";
import { foldVietnamese, searchItems, searchScore, searchTokens } from "~/domain/search";
import { closureFingerprint, closureFromParents, findCycles } from "~/domain/unit-tree";

describe("foldVietnamese", () => {
  it("drops tones and hats, reads đ as d, lower-cases and collapses spaces", () => {
    expect(foldVietnamese("Liên đoàn Lao động")).toBe("lien doan lao dong");
    expect(foldVietnamese("  ĐOÀN   Kết ")).toBe("doan ket");
    expect(foldVietnamese("Trường PTDTBT THCS Sì Lở Lầu")).toBe("truong ptdtbt thcs si lo lau");
    expect(foldVietnamese("Ưu tiên Ơn Ấm Ẩn Ỹ")).toBe("uu tien on am an y");
  });

  it("folds decomposed (NFD) text and both tone placements alike", () => {
    const nfd = "Lao động".normalize("NFD");
    expect(nfd).not.toBe("Lao động");
    expect(foldVietnamese(nfd)).toBe("lao dong");
    expect(foldVietnamese("hoà")).toBe(foldVietnamese("hòa"));
    expect(foldVietnamese("thuý")).toBe(foldVietnamese("thúy"));
  });
});

describe("search", () => {
  const units = [
    { name: "Liên đoàn Lao động huyện Tam Đường", short_name: "LĐLĐ huyện Tam Đường", code: "LC-TD" },
    { name: "Công đoàn Trường THCS Đoàn Kết", short_name: null, code: "LC-TP-002" },
    { name: "Công đoàn cơ quan UBND xã Bản Bo", short_name: null, code: "LC-TD-007" },
    { name: "Công đoàn Trường Mầm non Dào San", short_name: null, code: "LC-PT-003" },
    { name: "Ban Tuyên giáo - Nữ công", short_name: null, code: "LC-TGNC" },
  ];
  const find = (q: string) => searchItems(units, q, (u) => [u.name, u.short_name, u.code]).map((u) => u.name);

  it('finds "Lao động" when typed without diacritics', () => {
    expect(find("lao dong")).toEqual(["Liên đoàn Lao động huyện Tam Đường"]);
    expect(find("LAO ĐỘNG")).toEqual(["Liên đoàn Lao động huyện Tam Đường"]);
  });

  it('matches "đ" and "d" both ways', () => {
    expect(find("doan ket")).toEqual(["Công đoàn Trường THCS Đoàn Kết"]);
    expect(find("đào san")).toEqual(["Công đoàn Trường Mầm non Dào San"]);
    expect(find("tam duong")).toEqual(["Liên đoàn Lao động huyện Tam Đường"]);
  });

  it("needs every word, in any order, and searches short names and codes", () => {
    expect(find("ban bo uy")).toEqual([]);
    expect(find("bo ban")).toEqual(["Công đoàn cơ quan UBND xã Bản Bo"]);
    expect(find("lc-td-007")).toEqual(["Công đoàn cơ quan UBND xã Bản Bo"]);
    expect(find("lđlđ")).toEqual(["Liên đoàn Lao động huyện Tam Đường"]);
    expect(find("tuyen giao nu cong")).toEqual(["Ban Tuyên giáo - Nữ công"]);
  });

  it("finds nothing for an empty or punctuation-only query", () => {
    expect(searchTokens("  - ")).toEqual([]);
    expect(find("")).toEqual([]);
  });

  it("ranks a whole-phrase match and the typed diacritics first", () => {
    expect(searchScore("lão", ["Lão Cai"])).toBeGreaterThan(searchScore("lão", ["Lao Cai"]));
    expect(searchScore("tam duong", ["Tam Đường"])).toBeGreaterThan(searchScore("tam duong", ["Đường Tam"]));
    const ranked = searchItems([{ n: "Trường Tiểu học Đông" }, { n: "Đông Hải" }], "dong", (x) => [x.n]).map((x) => x.n);
    expect(ranked).toEqual(["Đông Hải", "Trường Tiểu học Đông"]);
  });
});

describe("closure and cycles", () => {
  it("computes every ancestor pair with its depth", () => {
    const rows = closureFromParents([
      { id: 1, parent_id: null },
      { id: 2, parent_id: 1 },
      { id: 3, parent_id: 2 },
      { id: 4, parent_id: 1 },
    ]);
    expect(closureFingerprint(rows)).toEqual(
      closureFingerprint([
        { ancestor_id: 1, descendant_id: 1, depth: 0 },
        { ancestor_id: 2, descendant_id: 2, depth: 0 },
        { ancestor_id: 3, descendant_id: 3, depth: 0 },
        { ancestor_id: 4, descendant_id: 4, depth: 0 },
        { ancestor_id: 1, descendant_id: 2, depth: 1 },
        { ancestor_id: 2, descendant_id: 3, depth: 1 },
        { ancestor_id: 1, descendant_id: 3, depth: 2 },
        { ancestor_id: 1, descendant_id: 4, depth: 1 },
      ]),
    );
  });

  it("refuses a cycle and names its members", () => {
    expect(() => closureFromParents([{ id: 1, parent_id: 2 }, { id: 2, parent_id: 1 }])).toThrow(/cycle/);
    const cycles = findCycles(new Map<number, number | null>([[1, 2], [2, 3], [3, 1], [4, 1], [5, null], [6, 6]]));
    expect([...cycles.keys()].sort()).toEqual([1, 2, 3, 6]);
    expect(cycles.get(2)).toHaveLength(3);
    expect(cycles.get(6)).toEqual([6]);
  });
});
