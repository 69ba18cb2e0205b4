import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/schema";
import { closureFingerprint, closureFromParents } from "~/domain/unit-tree";
import { translator } from "~/i18n";
import { commitUnitImport, previewUnitImport, readImportRequest, STAGED_IMPORT_MIME, tableFromFile, unitImportTemplate } from "~/services/unit-import.server";
import { createUnit, unitBranch } from "~/services/units.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const t = translator("vi");
const csv = (lines: string[]) => ({ fileName: "don-vi.csv", bytes: new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`) });
const HEADER = "Mã,Tên đơn vị,Đơn vị cấp trên,Loại,Số đoàn viên,Ngày thành lập,Ngày giải thể";

/** A units file of a district: three commune unions and their grassroots unions, with a few mistakes. */
const BAD_FILE = [
  HEADER,
  "TD-X1,Công đoàn xã Bình Lư,,Công đoàn cơ sở,0,01/07/2025,",
  "TD-X1-01,Công đoàn Trường Tiểu học Bình Lư 2,TD-X1,grassroots,28,05/09/2010,",
  "TD-X1-02,Công đoàn Trạm Y tế xã Bình Lư,TD-X9,grassroots,12,,",
  "TD-X1-03,Công đoàn Bưu điện Bình Lư,TD-X1,grassroots,-4,,",
  "TD-X1-01,Công đoàn Hợp tác xã chè Bình Lư,TD-X1,grassroots,40,,",
  "TD-X1-05,Công đoàn Chợ Bình Lư,LC-PT,grassroots,9,,",
  "TD-X1-06,Công đoàn Nhà văn hóa,TD-X1,câu lạc bộ,9,31/02/2020,",
  "TD-X1-07,Công đoàn Thủy lợi,TD-X1-08,grassroots,9,,",
  "TD-X1-08,Công đoàn Điện lực,TD-X1-07,grassroots,9,,",
  "TD-X1-09,Công đoàn Trường Mầm non Bình Lư 2,TD-X1,grassroots,20,01/09/2015,01/09/2014",
];

const GOOD_FILE = [
  HEADER,
  "TD-X1,Công đoàn xã Bình Lư,,district,0,01/07/2025,",
  "TD-X1-01,Công đoàn Trường Tiểu học Bình Lư 2,TD-X1,grassroots,28,05/09/2010,",
  "TD-X1-02,Công đoàn Trạm Y tế xã Bình Lư,TD-X1,grassroots,12,,",
  "TD-X1-03,Công đoàn Bưu điện Bình Lư,TD-X1,grassroots,4,,",
  "TD-X1-04,Công đoàn Hợp tác xã chè Bình Lư,Công đoàn xã Bình Lư,grassroots,\"1.040\",,",
  "TD-X1-05,Công đoàn Chợ Bình Lư,LC-TD,grassroots,9,,",
  "TD-X1-06,Công đoàn Nhà văn hóa,TD-X1,Công đoàn cơ sở,9,20/02/2020,",
  "TD-X1-07,Công đoàn Thủy lợi,TD-X1,grassroots,9,,",
  "TD-X1-08,Công đoàn Điện lực,TD-X1-07,grassroots,9,,",
  "TD-X1-09,Công đoàn Trường Mầm non Bình Lư 2,TD-X1,grassroots,20,01/09/2015,",
];

async function closureIsExact(db: Kysely<Database>) {
  const [stored, links] = await Promise.all([
    db.selectFrom("unit_tree").select(["ancestor_id", "descendant_id", "depth"]).execute(),
    db.selectFrom("unit").select(["id", "parent_id"]).execute(),
  ]);
  return closureFingerprint(stored).join() === closureFingerprint(closureFromParents(links)).join();
}

describe.each(testDialects())("importing units on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const unitCount = async () => Number((await db().selectFrom("unit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const stagedCount = async () =>
    Number((await db().selectFrom("attachment").where("mime_type", "=", STAGED_IMPORT_MIME).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await demoDatabase(dialect, "unitimport");
  });
  afterAll(() => database?.dispose());

  it("lists every bad row with its reasons in Vietnamese and writes nothing", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const before = await unitCount();
    const preview = await previewUnitImport(db(), actor, csv(BAD_FILE));
    expect(preview.uploadId).toBeNull();
    expect(preview.totalRows).toBe(10);
    const reasons = Object.fromEntries(preview.errorRows.map((row) => [row.line, row.errors.map((e) => t(e.key, e.params))]));
    expect(reasons).toEqual({
      4: ["Không tìm thấy đơn vị cấp trên “TD-X9” (trong tệp hoặc trong phạm vi của bạn)."],
      5: ["Số đoàn viên “-4” là số âm."],
      6: ["Mã TD-X1-01 trùng với dòng 3 trong tệp."],
      7: ["Đơn vị cấp trên “LC-PT” nằm ngoài phạm vi quản lý của bạn."],
      8: ["Ngày thành lập “31/02/2020” không hợp lệ (dd/mm/yyyy).", "Loại đơn vị “câu lạc bộ” không có trong danh mục."],
      9: ["Vòng lặp cấp trên giữa các dòng 9 → 10 → 9."],
      10: ["Vòng lặp cấp trên giữa các dòng 10 → 9 → 10."],
      11: ["Ngày giải thể trước ngày thành lập."],
    });
    expect(preview.validRows).toBe(2);
    expect(await unitCount()).toBe(before);
    expect(await stagedCount()).toBe(0);
  });

  it("imports the corrected file in one go, with exact closure rows and an audit entry", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const before = await unitCount();
    const preview = await previewUnitImport(db(), actor, csv(GOOD_FILE));
    expect(preview.errorRows).toEqual([]);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.validRows).toBe(10);
    expect(preview.uploadId).toEqual(expect.any(Number));
    expect(preview.sample[0]).toMatchObject({ line: 2, name: "Công đoàn xã Bình Lư", parentLabel: "Liên đoàn Lao động huyện Tam Đường" });
    expect(await unitCount()).toBe(before); // the preview writes no unit

    const progress: string[] = [];
    const result = await commitUnitImport(db(), actor, String(preview.uploadId), (p) => progress.push(p.phase));
    expect(result).toEqual({ ok: true, created: 10 });
    expect(progress).toContain("write");
    expect(await unitCount()).toBe(before + 10);
    expect(await closureIsExact(db())).toBe(true);
    const commune = await db().selectFrom("unit").selectAll().where("code", "=", "TD-X1").executeTakeFirstOrThrow();
    expect(commune).toMatchObject({ parent_id: actor.unitId, opened_on: "2025-07-01", members: 0 });
    const coop = await db().selectFrom("unit").selectAll().where("code", "=", "TD-X1-04").executeTakeFirstOrThrow();
    expect(coop).toMatchObject({ parent_id: commune.id, members: 1040 });
    const power = await db().selectFrom("unit").select("parent_id").where("code", "=", "TD-X1-08").executeTakeFirstOrThrow();
    expect(power.parent_id).toBe((await db().selectFrom("unit").select("id").where("code", "=", "TD-X1-07").executeTakeFirstOrThrow()).id);
    const branch = await unitBranch(db(), actor, commune.id);
    expect(branch.openDescendants).toBe(8);
    expect(branch.subtreeMembers).toBe(28 + 12 + 4 + 1040 + 9 + 9 + 9 + 20);
    const audit = await db().selectFrom("audit_log").selectAll().where("action", "=", "import").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_data!)).toMatchObject({ fileName: "don-vi.csv", count: 10 });
    expect(await stagedCount()).toBe(0);

    // The same checked file cannot be imported twice.
    const again = await commitUnitImport(db(), actor, String(preview.uploadId));
    expect(again.ok).toBe(false);
    expect(!again.ok && again.preview.fileErrors.map((e) => e.key)).toEqual(["unitImport.uploadExpired"]);
    expect(await unitCount()).toBe(before + 10);
  });

  it("checks again at commit time and writes nothing when the database changed in between", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const file = csv([HEADER, "TD-Y1,Công đoàn xã Hồ Thầu,,district,0,,", "TD-Y1-01,Công đoàn Trường Tiểu học Hồ Thầu 2,TD-Y1,grassroots,20,,"]);
    const preview = await previewUnitImport(db(), actor, file);
    expect(preview.uploadId).not.toBeNull();
    const kind = await db().selectFrom("unit_kind").select("id").where("code", "=", "grassroots").executeTakeFirstOrThrow();
    await createUnit(db(), actor, { parentId: actor.unitId, name: "Công đoàn vừa thêm", shortName: null, code: "TD-Y1-01", kindId: kind.id, members: 1, openedOn: null });
    const before = await unitCount();
    const result = await commitUnitImport(db(), actor, String(preview.uploadId));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.preview.errorRows.map((r) => [r.line, r.errors.map((e) => e.key)])).toEqual([[3, ["unitImport.codeExists"]]]);
    expect(await unitCount()).toBe(before);
  });

  it("refuses editors and viewers (403), and another user's checked file", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    await expectStatus(previewUnitImport(db(), editor, csv(GOOD_FILE)), 403);
    await expectStatus(commitUnitImport(db(), editor, "1"), 403);
    await expectStatus(previewUnitImport(db(), await actorFor(db(), "xem"), csv(GOOD_FILE)), 403);
    const owner = await actorFor(db(), "huyen.quanly");
    const preview = await previewUnitImport(db(), owner, csv([HEADER, "TD-Z1,Công đoàn xã Khun Há,,district,0,,"]));
    const other = await actorFor(db(), "tinh.quanly");
    const result = await commitUnitImport(db(), other, String(preview.uploadId));
    expect(!result.ok && result.preview.fileErrors.map((e) => e.key)).toEqual(["unitImport.uploadExpired"]);
  });

  it("reads XLSX files (dates, numbers, title rows) and the XLSX template it offers", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const template = await unitImportTemplate(db(), actor, "xlsx", "vi");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(template.body) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(["Đơn vị", "Hướng dẫn", "Loại đơn vị"]);
    const sheet = workbook.getWorksheet("Đơn vị")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["Mã", "Tên đơn vị", "Tên viết tắt", "Đơn vị cấp trên", "Loại", "Số đoàn viên", "Ngày thành lập", "Ngày giải thể"]);
    sheet.addRow(["TD-W1", "Công đoàn xã Nà Tăm", "CĐ xã Nà Tăm", "", "LĐLĐ huyện, thành phố", 0, new Date(Date.UTC(2025, 6, 1)), null]);
    sheet.addRow(["TD-W1-01", { richText: [{ text: "Công đoàn Trường " }, { text: "THCS Nà Tăm 2" }] }, null, "TD-W1", "grassroots", 31, "05/09/2011", null]);
    sheet.addRow(["TD-W1-02", "Công đoàn Trạm Y tế Nà Tăm", null, "TD-W1", "Công đoàn cơ sở", { formula: "10+2", result: 12 }, null, null]);
    const filled = { fileName: "mau.xlsx", bytes: new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer) };
    const preview = await previewUnitImport(db(), actor, filled);
    expect(preview.errorRows).toEqual([]);
    expect(preview.sample.map((r) => [r.line, r.name, r.members, r.openedOn])).toEqual([
      [2, "Công đoàn xã Nà Tăm", 0, "2025-07-01"],
      [3, "Công đoàn Trường THCS Nà Tăm 2", 31, "2011-09-05"],
      [4, "Công đoàn Trạm Y tế Nà Tăm", 12, null],
    ]);
    expect(await commitUnitImport(db(), actor, String(preview.uploadId))).toEqual({ ok: true, created: 3 });
    expect(await closureIsExact(db())).toBe(true);
  });

  it("offers a CSV template with a BOM, and reads semicolon, sep= and UTF-16 CSV files", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const template = await unitImportTemplate(db(), actor, "csv", "vi");
    expect([...template.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(template.body)).toContain("Mã,Tên đơn vị,Tên viết tắt,Đơn vị cấp trên,Loại,Số đoàn viên,Ngày thành lập,Ngày giải thể");
    const english = await unitImportTemplate(db(), actor, "csv", "en");
    expect(new TextDecoder().decode(english.body)).toContain("Code,Unit name,Short name,Parent unit,Kind,Members,Opened on,Closed on");

    const semicolon = new TextEncoder().encode("Tên đơn vị;Loại;Số đoàn viên\nCông đoàn A, B và C;grassroots;1.200\n");
    expect(await tableFromFile({ fileName: "a.csv", bytes: semicolon })).toEqual([["Tên đơn vị", "Loại", "Số đoàn viên"], ["Công đoàn A, B và C", "grassroots", "1.200"]]);
    const sep = new TextEncoder().encode("sep=,\nName,Kind\nX,grassroots\n");
    expect(await tableFromFile({ fileName: "a.csv", bytes: sep })).toEqual([[], ["Name", "Kind"], ["X", "grassroots"]]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Tên đơn vị\tLoại\r\nCông đoàn Đ\tgrassroots\r\n", "utf16le")]);
    expect(await tableFromFile({ fileName: "a.csv", bytes: new Uint8Array(utf16) })).toEqual([["Tên đơn vị", "Loại"], ["Công đoàn Đ", "grassroots"]]);
  });

  it("explains unreadable files: old .xls, non-UTF-8 CSV, damaged XLSX, no header, too big", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const keys = async (fileName: string, bytes: Uint8Array) => (await previewUnitImport(db(), actor, { fileName, bytes })).fileErrors.map((e) => e.key);
    expect(await keys("cu.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual(["unitImport.fileType"]);
    expect(await keys("ansi.csv", new Uint8Array([0x54, 0xea, 0x6e, 0x2c, 0x4c, 0x6f, 0x1ea1 & 0xff, 0x69]))).toEqual(["unitImport.fileEncoding"]);
    expect(await keys("hong.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))).toEqual(["unitImport.fileUnreadable"]);
    expect(await keys("x.csv", new TextEncoder().encode("a,b\n1,2\n"))).toEqual(["unitImport.noHeader"]);
    expect(await keys("lon.csv", new Uint8Array(5 * 1024 * 1024 + 1))).toEqual(["unitImport.fileTooBig"]);

    const form = new FormData();
    form.append("file", new File([new Uint8Array(5 * 1024 * 1024 + 10)], "lon.csv", { type: "text/csv" }));
    const request = new Request("http://localhost/units/import", { method: "POST", body: form });
    expect(await readImportRequest(request)).toMatchObject({ ok: false, status: 413, error: { key: "unitImport.fileTooBig" } });
    const small = new FormData();
    small.append("file", new File([new TextEncoder().encode(GOOD_FILE.join("\n"))], "ok.csv", { type: "text/csv" }));
    const read = await readImportRequest(new Request("http://localhost/units/import", { method: "POST", body: small }));
    expect(read).toMatchObject({ ok: true, intent: "preview", file: { fileName: "ok.csv" } });
    const commit = await readImportRequest(new Request("http://localhost/units/import", { method: "POST", body: new URLSearchParams({ uploadId: "12" }) }));
    expect(commit).toEqual({ ok: true, intent: "commit", uploadId: "12" });
  });

  it("imports 5,000 generated rows (two levels) in one transaction on this engine", async () => {
    const actor = await actorFor(db(), "tinh.quanly");
    const before = await unitCount();
    const lines = [HEADER];
    for (let c = 1; c <= 100; c++) {
      const commune = `GEN-${String(c).padStart(3, "0")}`;
      lines.push(`${commune},Công đoàn xã số ${c},LC,district,0,01/07/2025,`);
      for (let g = 1; g <= 49; g++) {
        lines.push(`${commune}-${String(g).padStart(2, "0")},Công đoàn cơ sở số ${g} xã ${c},${commune},grassroots,${(c * g) % 300},05/09/2010,`);
      }
    }
    expect(lines.length - 1).toBe(5000);
    const preview = await previewUnitImport(db(), actor, csv(lines));
    expect(preview.errorRows).toEqual([]);
    expect(preview.validRows).toBe(5000);
    expect(preview.byKind).toEqual(expect.arrayContaining([{ kindName: "Công đoàn cơ sở", count: 4900 }]));
    const writes: number[] = [];
    const result = await commitUnitImport(db(), actor, String(preview.uploadId), (p) => p.phase === "write" && writes.push(p.done));
    expect(result).toEqual({ ok: true, created: 5000 });
    expect(writes.at(-1)).toBe(5000);
    expect(await unitCount()).toBe(before + 5000);
    expect(await closureIsExact(db())).toBe(true);
    const commune = await db().selectFrom("unit").select("id").where("code", "=", "GEN-050").executeTakeFirstOrThrow();
    const branch = await unitBranch(db(), actor, commune.id);
    expect(branch.childCount).toBe(49);
    expect(branch.subtreeMembers).toBe(Array.from({ length: 49 }, (_, i) => (50 * (i + 1)) % 300).reduce((a, b) => a + b, 0));
    const province = await unitBranch(db(), actor, actor.unitId);
    expect(province.childCount).toBeGreaterThanOrEqual(110);
  });
});
