import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvField, csvLine, isFormulaLike, neutraliseText, safeCell, UTF8_BOM } from "~/domain/spreadsheet-safety";

describe("spreadsheet safety (CSV and XLSX exports)", () => {
  it("prefixes an apostrophe to text a spreadsheet could read as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(isFormulaLike(`${start}1+1`)).toBe(true);
      expect(neutraliseText(`${start}1+1`)).toBe(`'${start}1+1`);
    }
    expect(neutraliseText('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(neutraliseText("-5")).toBe("'-5");
  });

  it("leaves ordinary Vietnamese text, inner signs and empty text alone", () => {
    for (const text of ["Tuyên truyền Chỉ thị 12-CT/TW", "Lượt tiếp cận = 500", "", " =not at the start", "1.4.2", "'already quoted"]) {
      expect(neutraliseText(text)).toBe(text);
    }
  });

  it("keeps numbers and dates as they are, so sums still work", () => {
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(0)).toBe(0);
    const day = new Date(Date.UTC(2022, 6, 11));
    expect(safeCell(day)).toBe(day);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
    expect(safeCell("+84 912")).toBe("'+84 912");
  });

  it("quotes CSV fields only when needed and round-trips through an independent parser", () => {
    expect(csvField("Hội trường")).toBe("Hội trường");
    expect(csvField('Nói "chuyện", hỏi đáp')).toBe('"Nói ""chuyện"", hỏi đáp"');
    expect(csvField("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvField(" lề ")).toBe('" lề "');
    expect(csvField(3150)).toBe("3150");
    expect(csvField(null)).toBe("");
    const text = UTF8_BOM + csvLine(["STT", "Tên hoạt động", "Số lượt người"]) + csvLine([1, '=HYPERLINK("http://x")', 80]) + csvLine([2, "a, b\r\nc", null]);
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows).toEqual([
      ["STT", "Tên hoạt động", "Số lượt người"],
      ["1", `'=HYPERLINK("http://x")`, "80"],
      ["2", "a, b\r\nc", ""],
    ]);
  });

  it("ends every record with CRLF", () => {
    expect(csvLine(["a", 1])).toBe("a,1\r\n");
  });
});
