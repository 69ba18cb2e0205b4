import { describe, expect, it } from "vitest";
import { cellDate, checkImport, fieldOfHeader, readImportTable, type Cell, type ImportLookups } from "~/domain/unit-import";
import { parseMemberCount } from "~/domain/unit-schemas";
import { translator } from "~/i18n";

const TODAY = "2025-07-15";
const VI_HEADER = ["Mã", "Tên đơn vị", "Đơn vị cấp trên", "Loại", "Số đoàn viên", "Ngày thành lập", "Ngày giải thể"];

/** The demo-like scope: a district (10) with one grassroots union (11); a unit of another district (20) lies outside. */
const LOOKUPS: ImportLookups = {
  rootUnitId: 10,
  kinds: [
    { id: 1, code: "district", name: "LĐLĐ huyện, thành phố" },
    { id: 2, code: "grassroots", name: "Công đoàn cơ sở" },
    { id: 3, code: "commune", name: "Công đoàn xã, phường" },
  ],
  scopeUnits: [
    { id: 10, parent_id: 1, code: "LC-TD", name: "Liên đoàn Lao động huyện Tam Đường", closed_on: null },
    { id: 11, parent_id: 10, code: "LC-TD-001", name: "Công đoàn cơ quan UBND huyện Tam Đường", closed_on: null },
    { id: 12, parent_id: 10, code: "LC-TD-011", name: "Công đoàn Trường Tiểu học Sơn Bình", closed_on: "2022-09-30" },
  ],
  outsideCodes: new Set(["LC-PT", "LC-PT-001"]),
  outsideNames: new Set(["lien doan lao dong huyen phong tho"]),
};

function check(rows: Cell[][], lookups = LOOKUPS) {
  const read = readImportTable([VI_HEADER, ...rows], TODAY);
  const checked = checkImport(read, lookups);
  const t = translator("vi");
  const reasons = Object.fromEntries(checked.rows.map((r) => [r.line, r.errors.map((e) => t(e.key, e.params))]));
  return { read, checked, reasons };
}

describe("reading the header", () => {
  it("recognises Vietnamese and English column names, with or without diacritics and hints", () => {
    expect(fieldOfHeader("Tên đơn vị")).toBe("name");
    expect(fieldOfHeader("TEN DON VI")).toBe("name");
    expect(fieldOfHeader("Unit name")).toBe("name");
    expect(fieldOfHeader("Đơn vị cấp trên")).toBe("parent");
    expect(fieldOfHeader("Mã đơn vị cấp trên")).toBe("parentCode");
    expect(fieldOfHeader("Ngày thành lập (dd/mm/yyyy) *")).toBe("openedOn");
    expect(fieldOfHeader("Số đoàn viên")).toBe("members");
    expect(fieldOfHeader("Closed on")).toBe("closedOn");
    expect(fieldOfHeader("Loại")).toBe("kind");
    expect(fieldOfHeader("Ghi chú")).toBeNull();
  });

  it("finds the header under a title row, keeps sheet row numbers and lists unused columns", () => {
    const read = readImportTable(
      [["DANH SÁCH CÔNG ĐOÀN CƠ SỞ"], [], ["STT", "Tên đơn vị", "Loại", "Ghi chú"], [1, "Công đoàn A", "grassroots", "x"], [], [2, "Công đoàn B", "grassroots", ""]],
      TODAY,
    );
    expect(read.fileErrors).toEqual([]);
    expect(read.columns).toEqual(["name", "kind"]);
    expect(read.ignoredColumns).toEqual(["STT", "Ghi chú"]);
    expect(read.rows.map((r) => [r.line, r.name])).toEqual([
      [4, "Công đoàn A"],
      [6, "Công đoàn B"],
    ]);
  });

  it("says so when there is no name column, no kind column or no data row", () => {
    expect(readImportTable([["Mã", "Loại"], ["A", "x"]], TODAY).fileErrors.map((e) => e.key)).toEqual(["unitImport.noHeader"]);
    expect(readImportTable([["Tên đơn vị"], ["A"]], TODAY).fileErrors.map((e) => e.key)).toEqual(["unitImport.missingKindColumn"]);
    expect(readImportTable([VI_HEADER], TODAY).fileErrors.map((e) => e.key)).toEqual(["unitImport.noRows"]);
  });
});

describe("cells", () => {
  it("reads dates as dd/mm/yyyy, d-m-yyyy, yyyy-mm-dd, XLSX dates and Excel serials", () => {
    expect(cellDate("05/09/2010")).toEqual({ ok: true, value: "2010-09-05" });
    expect(cellDate("5-9-2010")).toEqual({ ok: true, value: "2010-09-05" });
    expect(cellDate("5.9.2010")).toEqual({ ok: true, value: "2010-09-05" });
    expect(cellDate("2010-09-05")).toEqual({ ok: true, value: "2010-09-05" });
    expect(cellDate(new Date(Date.UTC(2010, 8, 5)))).toEqual({ ok: true, value: "2010-09-05" });
    expect(cellDate(40426)).toEqual({ ok: true, value: "2010-09-05" });
    expect(cellDate("")).toEqual({ ok: true, value: null });
    expect(cellDate("31/02/2020")).toEqual({ ok: false });
    expect(cellDate("tháng 9")).toEqual({ ok: false });
  });

  it("reads member counts with thousands separators and refuses the rest with a reason", () => {
    expect(parseMemberCount("1.200")).toEqual({ ok: true, value: 1200 });
    expect(parseMemberCount("1 200")).toEqual({ ok: true, value: 1200 });
    expect(parseMemberCount("1,200")).toEqual({ ok: true, value: 1200 });
    expect(parseMemberCount("")).toEqual({ ok: true, value: 0 });
    expect(parseMemberCount(42)).toEqual({ ok: true, value: 42 });
    expect(parseMemberCount("-5")).toMatchObject({ ok: false, error: { key: "units.membersNegative" } });
    expect(parseMemberCount(-5)).toMatchObject({ ok: false, error: { key: "units.membersNegative" } });
    expect(parseMemberCount("12,5")).toMatchObject({ ok: false, error: { key: "validation.notInteger" } });
    expect(parseMemberCount("ba mươi")).toMatchObject({ ok: false, error: { key: "validation.notNumber" } });
  });
});

describe("checking rows", () => {
  it("plans good rows parents first, resolving parents by code or name, in the file or in scope", () => {
    const { checked, reasons } = check([
      ["LC-TD-X2", "Công đoàn Tổ dân phố 2", "Công đoàn xã Bình Lư", "grassroots", "25", "01/07/2025", ""],
      ["LC-TD-X", "Công đoàn xã Bình Lư", "", "Công đoàn xã, phường", "0", "01/07/2025", ""],
      ["", "Công đoàn Trạm Y tế", "lc-td-x", "grassroots", "12", "", ""],
      ["", "Công đoàn Trường Mầm non Bình Lư 2", "LC-TD", "grassroots", "1.020", "2025-07-01", ""],
      ["", "Công đoàn Bưu điện", "cong doan co quan ubnd huyen tam duong", "grassroots", "", "", ""],
    ]);
    expect(Object.values(reasons).flat()).toEqual([]);
    expect(checked.plan.map((u) => [u.line, u.level, u.parent])).toEqual([
      [3, 0, { unitId: 10 }],
      [5, 0, { unitId: 10 }],
      [6, 0, { unitId: 11 }],
      [2, 1, { line: 3 }],
      [4, 1, { line: 3 }],
    ]);
    expect(checked.plan.find((u) => u.line === 5)).toMatchObject({ members: 1020, openedOn: "2025-07-01", kindId: 2 });
    expect(checked.plan.find((u) => u.line === 3)).toMatchObject({ kindId: 3 });
  });

  it("gives every bad row its reasons in Vietnamese, and fails rows under a bad row", () => {
    const { checked, reasons } = check([
      /* 2 */ ["A1", "Công đoàn A", "LC-XX-999", "grassroots", "10", "", ""],
      /* 3 */ ["A2", "Công đoàn B", "LC-PT", "grassroots", "10", "", ""],
      /* 4 */ ["LC-TD-001", "Công đoàn C", "", "grassroots", "10", "", ""],
      /* 5 */ ["A4", "Công đoàn D", "", "grassroots", "10", "", ""],
      /* 6 */ ["A4", "Công đoàn E", "", "grassroots", "10", "", ""],
      /* 7 */ ["A6", "Công đoàn F", "", "hợp tác xã", "-3", "", ""],
      /* 8 */ ["A7", "Công đoàn G", "", "grassroots", "mười", "32/13/2020", ""],
      /* 9 */ ["A8", "Công đoàn H", "", "grassroots", "5", "01/01/2020", "01/01/2019"],
      /* 10 */ ["A9", "Công đoàn I", "A10", "grassroots", "5", "", ""],
      /* 11 */ ["A10", "Công đoàn J", "A9", "grassroots", "5", "", ""],
      /* 12 */ ["A11", "Công đoàn K", "A6", "grassroots", "5", "", ""],
      /* 13 */ ["A12", "", "", "", "", "", ""],
      /* 14 */ ["A13", "Công đoàn cơ quan UBND huyện Tam Đường", "", "grassroots", "1", "", ""],
      /* 15 */ ["A14", "Công đoàn L", "Liên đoàn Lao động huyện Phong Thổ", "grassroots", "1", "", ""],
      /* 16 */ ["A15", "Công đoàn M", "LC-TD-011", "grassroots", "1", "", ""],
      /* 17 */ ["A16", "Công đoàn N", "", "grassroots", "1", "", "01/01/2030"],
      /* 18 */ ["A17", "Công đoàn O", "A17", "grassroots", "1", "", ""],
      /* 19 */ ["có dấu", "Công đoàn P", "", "grassroots", "1", "", ""],
    ]);
    expect(checked.plan).toEqual([]);
    expect(reasons[2]).toEqual(["Không tìm thấy đơn vị cấp trên “LC-XX-999” (trong tệp hoặc trong phạm vi của bạn)."]);
    expect(reasons[3]).toEqual(["Đơn vị cấp trên “LC-PT” nằm ngoài phạm vi quản lý của bạn."]);
    expect(reasons[4]).toEqual(["Mã LC-TD-001 đã có trong hệ thống."]);
    expect(reasons[5]).toEqual([]);
    expect(reasons[6]).toEqual(["Mã A4 trùng với dòng 5 trong tệp."]);
    expect(reasons[7]).toEqual(["Số đoàn viên “-3” là số âm.", "Loại đơn vị “hợp tác xã” không có trong danh mục."]);
    expect(reasons[8]).toEqual(["Số đoàn viên “mười” không phải là số.", "Ngày thành lập “32/13/2020” không hợp lệ (dd/mm/yyyy)."]);
    expect(reasons[9]).toEqual(["Ngày giải thể trước ngày thành lập."]);
    expect(reasons[10]).toEqual(["Vòng lặp cấp trên giữa các dòng 10 → 11 → 10."]);
    expect(reasons[11]).toEqual(["Vòng lặp cấp trên giữa các dòng 11 → 10 → 11."]);
    expect(reasons[12]).toEqual(["Đơn vị cấp trên ở dòng 7 có lỗi."]);
    expect(reasons[13]).toEqual(["Thiếu tên đơn vị.", "Thiếu loại đơn vị."]);
    expect(reasons[14]).toEqual(["“Liên đoàn Lao động huyện Tam Đường” đã có đơn vị trực thuộc cùng tên."]);
    expect(reasons[15]).toEqual(["Đơn vị cấp trên “Liên đoàn Lao động huyện Phong Thổ” nằm ngoài phạm vi quản lý của bạn."]);
    expect(reasons[16]).toEqual(["Đơn vị cấp trên “Công đoàn Trường Tiểu học Sơn Bình” đã giải thể."]);
    expect(reasons[17]).toEqual(["Ngày giải thể sau ngày hôm nay."]);
    expect(reasons[18]).toEqual(["Đơn vị không thể là cấp trên của chính nó."]);
    expect(reasons[19]).toEqual(["Mã “có dấu” không hợp lệ: chỉ gồm chữ không dấu, số và . _ - /."]);
    expect(checked.errorCount).toBe(17);
  });

  it("refuses an ambiguous parent name and two rows of one name under one parent", () => {
    const { reasons } = check([
      ["", "Công đoàn Thôn 1", "", "grassroots", "", "", ""],
      ["", "công đoàn thôn 1", "", "grassroots", "", "", ""],
      ["", "Công đoàn Tổ 1", "Công đoàn Thôn 1", "grassroots", "", "", ""],
    ]);
    expect(reasons[3]).toEqual(["Trùng tên với dòng 2 (cùng đơn vị cấp trên)."]);
    expect(reasons[4]).toEqual(["Có nhiều đơn vị tên “Công đoàn Thôn 1”; hãy ghi mã của đơn vị cấp trên."]);
  });
});
