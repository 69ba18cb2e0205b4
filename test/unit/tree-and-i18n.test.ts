import { describe, expect, it } from "vitest";
import { byVietnameseName } from "~/domain/collation";
import { roleAtLeast } from "~/domain/roles";
import { buildTree } from "~/domain/tree";
import { MESSAGE_TABLES, translator } from "~/i18n";

describe("buildTree", () => {
  it("nests children under parents and treats orphans of a subtree as roots", () => {
    const rows = [
      { id: 2, parent_id: 1, name: "Đoàn" },
      { id: 3, parent_id: 2, name: "An" },
      { id: 4, parent_id: 2, name: "Bình" },
      { id: 5, parent_id: 9, name: "Dung" },
    ];
    const forest = buildTree(rows, byVietnameseName);
    expect(forest.map((n) => n.item.id)).toEqual([5, 2]); // "Dung" before "Đoàn" in Vietnamese order
    expect(forest[1].children.map((n) => n.item.name)).toEqual(["An", "Bình"]);
  });
});

describe("roles", () => {
  it("orders admin > manager > editor > viewer", () => {
    expect(roleAtLeast("manager", "editor")).toBe(true);
    expect(roleAtLeast("editor", "manager")).toBe(false);
    expect(roleAtLeast("viewer", "viewer")).toBe(true);
    expect(roleAtLeast("admin", "manager")).toBe(true);
  });
});

describe("i18n", () => {
  const entries = MESSAGE_TABLES.flatMap((table) => Object.entries(table) as [string, { vi: string; en: string }][]);

  it("defines each key once across the area tables", () => {
    const keys = entries.map(([key]) => key);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it("has both languages for every key, with the same placeholders", () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of entries) {
      expect(text.vi, key).toBeTruthy();
      expect(text.en, key).toBeTruthy();
      expect(holes(text.en), key).toEqual(holes(text.vi));
    }
  });

  it("fills placeholders and defaults to Vietnamese with diacritics", () => {
    expect(translator("vi")("dashboard.daysLeft", { n: 5 })).toBe("Còn 5 ngày");
    expect(translator("vi")("nav.campaigns")).toBe("Kế hoạch tuyên truyền");
    expect(translator("en")("nav.campaigns")).toBe("Campaigns");
  });

  it("stores Vietnamese text in NFC so search and sorting see one form", () => {
    for (const [, text] of entries) expect(text.vi).toBe(text.vi.normalize("NFC"));
  });
});
