import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flattenPoints, parseGuidance, titleAndDetails, treeFromFlat } from "~/domain/guidance-parser";

const SECTION_1 = readFileSync(new URL("../fixtures/guidance/967-section1.txt", import.meta.url), "utf8");

describe("parseGuidance on section 1 of Công văn 967/LĐLĐ", () => {
  const tree = parseGuidance(SECTION_1);

  it("drops the section heading and keeps the four '-' points at the top", () => {
    const starts = ["Tuyên truyền chủ trương", "Khẳng định vai trò", "Tôn vinh và nhân rộng", "Tuyên truyền nâng cao nhận thức"];
    expect(tree).toHaveLength(4);
    tree.forEach((point, i) => expect(point.title.startsWith(starts[i]), point.title).toBe(true));
  });

  it("nests the '+' points under the first one, titled by the text before the colon", () => {
    expect(tree[0].children.map((p) => p.title)).toEqual([
      "Nội hàm đối ngoại nhân dân",
      "Trụ cột đối ngoại nhân dân",
      "Mục tiêu của Chỉ thị 12-CT/TW",
      "Tám nhiệm vụ trọng tâm của đối ngoại nhân dân (cụ thể nêu tại Chỉ thị)",
    ]);
  });

  it("splits the inline (1) … (8) enumeration into eight children", () => {
    const tasks = tree[0].children[3].children;
    expect(tasks).toHaveLength(8);
    expect(tasks[0].title).toBe("Quán triệt, nâng cao nhận thức về vai trò, vị trí của đối ngoại nhân dân");
    expect(tasks[3].title).toBe("Nâng tầm đối ngoại đa phương");
    expect(tasks[7].details).toContain("Nâng cao chất lượng đội ngũ cán bộ làm công tác đối ngoại nhân dân.");
  });

  it("keeps the whole paragraph, continuation lines included, as details", () => {
    const essence = tree[0].children[0];
    expect(essence.details).toContain("Đối ngoại nhân dân là kênh chia sẻ thông tin");
    // The page break in the letter split "tổ / chức" across lines: joined back into one paragraph.
    expect(tree[0].children[1].details).toContain("các tổ chức nhân dân và người dân");
  });
});

describe("parseGuidance on other numbering styles", () => {
  it("nests decimal, letter and dash markers by order of appearance", () => {
    const text = ["1. Nội dung thứ nhất", "a) Ý a", "- gạch đầu dòng", "b) Ý b", "2. Nội dung thứ hai", "2.1. Mục con"].join("\n");
    const flat = flattenPoints(parseGuidance(text)).map((p) => `${p.level}:${p.title}`);
    expect(flat).toEqual(["1:Nội dung thứ nhất", "2:Ý a", "3:Gạch đầu dòng", "2:Ý b", "1:Nội dung thứ hai", "2:Mục con"]);
  });

  it("does not mistake a year or a document number at a line start for a marker", () => {
    const flat = flattenPoints(parseGuidance("- Kết quả năm\n2022 là năm bản lề\n- 12-CT/TW là chỉ thị"));
    expect(flat.map((p) => p.title)).toEqual(["Kết quả năm 2022 là năm bản lề", "12-CT/TW là chỉ thị"]);
  });

  it("returns nothing for blank text", () => {
    expect(parseGuidance("  \n\n ")).toEqual([]);
  });
});

describe("titleAndDetails", () => {
  it("shortens a long unpunctuated point at a word boundary and keeps the full text", () => {
    const long = "Tuyên truyền " + "nội dung quan trọng ".repeat(15);
    const { title, details } = titleAndDetails(long);
    expect(title.length).toBeLessThanOrEqual(161);
    expect(title.endsWith("…")).toBe(true);
    expect(details).toBe(long.trim());
  });

  it("keeps a short point as its own title with no details", () => {
    expect(titleAndDetails("Nội dung ngắn.")).toEqual({ title: "Nội dung ngắn", details: null });
  });
});

describe("treeFromFlat", () => {
  it("rebuilds the tree from edited levels and clamps a jump of two levels", () => {
    const tree = treeFromFlat([
      { level: 1, title: "A", details: null },
      { level: 3, title: "A.1", details: null },
      { level: 2, title: "A.2", details: null },
      { level: 1, title: "B", details: null },
    ]);
    expect(tree.map((p) => [p.title, p.children.map((c) => c.title)])).toEqual([["A", ["A.1", "A.2"]], ["B", []]]);
  });

  it("round-trips through flattenPoints", () => {
    const tree = parseGuidance(SECTION_1);
    expect(treeFromFlat(flattenPoints(tree))).toEqual(tree);
  });
});
