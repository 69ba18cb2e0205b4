import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { formatNumber } from "~/domain/numbers";
import { instantAt } from "~/domain/wall-clock";
import { ACTIVITY_COLUMNS, activitiesCsv, vi } from "~/services/export-csv.server";
import { tallyDocx } from "~/services/export-docx.server";
import { tallyXlsx } from "~/services/export-xlsx.server";
import { computeTally, type Tally, type TallyScope } from "~/services/tally.server";
import { addToRollups } from "~/services/tally-rollup.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

/**
 * The page's tally, the workbook, the report and the CSV computed on the same scope and period
 * must agree to the unit. Each file is read back with an independent reader: exceljs's reader for
 * the XLSX, the zip and its WordprocessingML for the DOCX, csv-parse for the CSV.
 */

const INJECTION = '=HYPERLINK("http://x")';
const n = (value: number) => formatNumber(value, "vi");
const int = (text: string) => Number(text.replace(/\./g, ""));

async function bytes(body: ReadableStream<Uint8Array> | Buffer): Promise<Buffer> {
  return Buffer.isBuffer(body) ? body : Buffer.from(await new Response(body).arrayBuffer());
}

// ---------------------------------------------------------------------------------------------
// Readers

interface WorkbookView {
  workbook: ExcelJS.Workbook;
  sheet: (name: string) => ExcelJS.Worksheet;
  /** The rows under a header row, as arrays (index 0 = column A). */
  rows: (name: string, headerRow: number) => unknown[][];
}

async function readWorkbook(buffer: Buffer): Promise<WorkbookView> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = (name: string) => {
    const found = workbook.getWorksheet(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  };
  const rows = (name: string, headerRow: number) => {
    const out: unknown[][] = [];
    sheet(name).eachRow((row, number) => {
      if (number > headerRow) out.push((row.values as unknown[]).slice(1));
    });
    return out;
  };
  return { workbook, sheet, rows };
}

const XML_ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]);
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1])).join("");

interface DocxView {
  xml: string;
  paragraphs: string[];
  /** Each table's rows of cell texts. */
  tables: string[][][];
  files: Record<string, string>;
}

async function readDocx(buffer: Buffer): Promise<DocxView> {
  const zip = await JSZip.loadAsync(buffer);
  const files: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) if (name.endsWith(".xml")) files[name] = await zip.file(name)!.async("string");
  const xml = files["word/document.xml"];
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0])).filter(Boolean);
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))),
  );
  return { xml, paragraphs, tables, files };
}

function readCsv(buffer: Buffer): string[][] {
  return parse(buffer.toString("utf8"), { bom: true, relax_column_count: false }) as string[][];
}

// ---------------------------------------------------------------------------------------------

describe.each(testDialects())("exports agree with the tally on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let province: Actor;
  let district: Actor;
  let grassroots: Actor;
  let campaignId = 0;
  let injectedId = 0;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    database = await demoDatabase(dialect, "exports");
    [province, district, grassroots] = await Promise.all([actorFor(db(), "tinh.quanly"), actorFor(db(), "huyen.quanly"), actorFor(db(), "coso.bientap")]);
    campaignId = (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    // A held, logged activity whose title a spreadsheet would run as a formula.
    const starts = instantAt("2022-10-05", "08:00");
    injectedId = (
      await db()
        .insertInto("activity")
        .values({
          campaign_id: campaignId, unit_id: grassroots.unitId, channel: "spoken", form_id: null, title: INJECTION, starts_at: starts, ends_at: new Date(starts.getTime() + 3600_000),
          is_all_day: false, location: "@Hội trường", presenter: null, audience: null, planned_attendance: null, planned_quantity: null, status: "done", cancel_reason: null,
          series_id: null, external_ref: null, version: 1, created_by: null, created_at: starts, updated_at: starts,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const point = await db().selectFrom("content_point").select("id").where("campaign_id", "=", campaignId).where("code", "=", "1.1").executeTakeFirstOrThrow();
    await db().insertInto("activity_point").values({ activity_id: injectedId, content_point_id: point.id }).execute();
    await db().insertInto("activity_result").values({ activity_id: injectedId, attendance: 7, reported_at: starts, reported_by: null }).execute();
    await addToRollups(db(), [injectedId]);
  });
  afterAll(() => database?.dispose());

  /** Every figure of the tally, read back from the three files, to the unit. */
  async function checkAgreement(actor: Actor, scope: TallyScope): Promise<Tally> {
    const tally = await computeTally(db(), actor, scope);
    const [xlsxFile, docxFile, csvFile] = await Promise.all([
      tallyXlsx(db(), actor, scope),
      tallyDocx(db(), actor, scope, null),
      activitiesCsv(db(), actor, scope),
    ]);
    const book = await readWorkbook(await bytes(xlsxFile.body));
    const doc = await readDocx(await bytes(docxFile.body));
    const csv = readCsv(await bytes(csvFile.body));
    const t = tally.total;
    const totals = [t.spoken.activities, t.spoken.attendance, t.visual.quantity, t.media.items, t.facebook.posts, t.facebook.reach, t.facebook.engagements, tally.totalActivities];
    expect(tally.totalActivities).toBeGreaterThan(0);

    // XLSX "Tổng hợp": each point row and the total row.
    expect(book.workbook.worksheets.map((s) => s.name)).toEqual(["Tổng hợp", "Theo đơn vị", "Hoạt động", "Thông tin"]);
    const matrix = book.rows("Tổng hợp", 4);
    for (const p of tally.points) {
      const row = matrix.find((r) => r[0] === p.code)!;
      const f = p.figures;
      expect(row.slice(2, 10)).toEqual([f.spoken.activities, f.spoken.attendance, f.visual.quantity, f.media.items, f.facebook.posts, f.facebook.reach, f.facebook.engagements, p.activities]);
      expect(row[1]).toBe(p.title);
    }
    const totalRow = matrix.find((r) => r[1] === vi("exports.totalRow"))!;
    expect(totalRow.slice(2, 10)).toEqual(totals);

    // XLSX "Theo đơn vị": each child rolled up, the scope's own row, the total.
    const byUnit = book.rows("Theo đơn vị", 4);
    const unitFigures = (r: Tally["byUnit"][number]) => [r.members, r.figures.spoken.activities, r.figures.visual.activities, r.figures.media.activities, r.figures.facebook.activities, r.activities, r.figures.spoken.attendance, r.figures.visual.quantity, r.figures.media.items, r.figures.facebook.posts, r.figures.facebook.reach, r.figures.facebook.engagements, `${r.pointsCovered}/${tally.points.length}`];
    for (const r of tally.byUnit) {
      const row = byUnit.find((x) => x[1] === r.name)!;
      expect(row.slice(3, 16)).toEqual(unitFigures(r));
      expect(row[18]).toBe(`${r.reported}/${r.expected}`);
      if (r.memberCoverage !== null) expect(row[17]).toBeCloseTo(r.memberCoverage, 10);
    }
    if (tally.ownRow) expect(byUnit.find((x) => x[1] === vi("exports.ownRow", { unit: tally.ownRow!.name }))!.slice(3, 16)).toEqual(unitFigures(tally.ownRow));
    const unitTotal = byUnit.find((x) => x[1] === vi("exports.byUnitTotal"))!;
    expect(unitTotal.slice(4, 15)).toEqual([t.spoken.activities, t.visual.activities, t.media.activities, t.facebook.activities, tally.totalActivities, t.spoken.attendance, t.visual.quantity, t.media.items, t.facebook.posts, t.facebook.reach, t.facebook.engagements]);
    const submitted = tally.expectedUnits.filter((e) => e.reportStatus === "submitted" || e.reportStatus === "accepted");
    expect(unitTotal[18]).toBe(`${submitted.length}/${tally.expectedUnits.length}`);

    // XLSX "Hoạt động" and the CSV: the same rows, from which every figure above is reproduced.
    const listed = book.rows("Hoạt động", 3);
    const header = csv[0];
    expect(header).toEqual(ACTIVITY_COLUMNS.map((c) => vi(c.key)));
    const csvRows = csv.slice(1);
    expect(listed).toHaveLength(tally.totalActivities);
    expect(csvRows).toHaveLength(tally.totalActivities);
    expect(csvRows.map((r) => Number(r[1]))).toEqual(listed.map((r) => r[1]));
    const col = (key: string) => ACTIVITY_COLUMNS.findIndex((c) => c.key === key);
    const channelOf = (r: unknown[]) => r[col("exports.col.channel")];
    const sumOf = (rows: unknown[][], channel: string, key: string) =>
      rows.filter((r) => channelOf(r) === vi(`channel.${channel}` as "channel.spoken")).reduce((s: number, r) => s + Number(r[col(key)] || 0), 0);
    const countOf = (rows: unknown[][], channel: string) => rows.filter((r) => channelOf(r) === vi(`channel.${channel}` as "channel.spoken")).length;
    for (const rows of [listed, csvRows as unknown[][]]) {
      expect([
        countOf(rows, "spoken"),
        sumOf(rows, "spoken", "exports.col.attendance"),
        sumOf(rows, "visual", "exports.col.quantity"),
        sumOf(rows, "media", "exports.col.mediaItems"),
        sumOf(rows, "facebook", "exports.col.posts"),
        sumOf(rows, "facebook", "exports.col.reach"),
        sumOf(rows, "facebook", "exports.col.engagements"),
        rows.length,
      ]).toEqual(totals);
    }
    // The by-unit figures from the activity list: each activity under the child of the scope it sits below.
    const childOf = new Map<number, number>();
    const tree = await db()
      .selectFrom("unit_tree as t")
      .innerJoin("unit as u", "u.id", "t.ancestor_id")
      .select(["t.descendant_id", "t.ancestor_id"])
      .where("u.parent_id", "=", scope.unitId)
      .execute();
    for (const link of tree) childOf.set(link.descendant_id, link.ancestor_id);
    const activityUnits = new Map(
      (await db().selectFrom("activity").select(["id", "unit_id"]).where("id", "in", listed.map((r) => Number(r[1]))).execute()).map((a) => [a.id, a.unit_id]),
    );
    for (const r of tally.byUnit) {
      const mine = listed.filter((row) => childOf.get(activityUnits.get(Number(row[1]))!) === r.unitId);
      expect([mine.length, sumOf(mine, "spoken", "exports.col.attendance"), sumOf(mine, "facebook", "exports.col.reach")]).toEqual([r.activities, r.figures.spoken.attendance, r.figures.facebook.reach]);
    }

    // DOCX: the paragraphs and both tables.
    const text = doc.paragraphs.join("\n");
    expect(text).toContain(`đã thực hiện ${n(tally.totalActivities)} hoạt động tuyên truyền`);
    if (t.spoken.activities) expect(text).toContain(`tổ chức được ${n(t.spoken.activities)} buổi tuyên truyền miệng cho ${n(t.spoken.attendance)} lượt đoàn viên, người lao động`);
    if (t.media.items) expect(text).toContain(`đăng ${n(t.media.items)} tin, bài`);
    if (t.facebook.posts) expect(text).toContain(`trang Facebook đăng ${n(t.facebook.posts)} bài với ${n(t.facebook.reach)} lượt tiếp cận, ${n(t.facebook.engagements)} lượt tương tác`);
    const [, matrixTable, unitTable] = doc.tables;
    for (const p of tally.points) {
      const row = matrixTable.find((r) => r[0] === `${p.code}. ${p.title}`)!;
      const f = p.figures;
      expect(row.slice(1).map(int)).toEqual([f.spoken.activities, f.spoken.attendance, f.visual.quantity, f.media.items, f.facebook.posts, f.facebook.reach, f.facebook.engagements, p.activities]);
    }
    expect(matrixTable.find((r) => r[0] === vi("exports.totalRow"))!.slice(1).map(int)).toEqual(totals);
    if (tally.byUnit.length) {
      for (const r of tally.byUnit) {
        const row = unitTable.find((x) => x[1] === r.name)!;
        expect(row.slice(2, 9).map(int)).toEqual([r.activities, r.figures.spoken.activities, r.figures.spoken.attendance, r.figures.visual.quantity, r.figures.media.items, r.figures.facebook.posts, r.figures.facebook.reach]);
        expect(row.slice(9)).toEqual([`${r.pointsCovered}/${tally.points.length}`, `${r.reported}/${r.expected}`]);
      }
      const last = unitTable[unitTable.length - 1];
      expect(last.slice(1, 9)).toEqual([vi("exports.byUnitTotal"), ...[tally.totalActivities, t.spoken.activities, t.spoken.attendance, t.visual.quantity, t.media.items, t.facebook.posts, t.facebook.reach].map(n)]);
    }
    if (tally.expectedUnits.length) expect(text).toContain(`${n(submitted.length)}/${n(tally.expectedUnits.length)} đơn vị phải báo cáo đã gửi báo cáo`);
    return tally;
  }

  it("agree to the unit for the whole province over the campaign's period", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    const tally = await checkAgreement(province, scope);
    expect(tally.byUnit.length).toBeGreaterThan(5);
  });

  it("agree to the unit for a district over part of the period", async () => {
    const tally = await checkAgreement(district, { campaignId, unitId: district.unitId, from: "2022-09-01", to: "2022-11-30" });
    expect(tally.totalActivities).toBeGreaterThan(0);
  });

  it("agree for a grassroots union's own scope, which has no units below it", async () => {
    const tally = await checkAgreement(grassroots, { campaignId, unitId: grassroots.unitId, from: "2022-07-11", to: "2022-12-31" });
    expect(tally.byUnit).toHaveLength(0);
  });

  it("neutralises a formula-like title in the XLSX and the CSV, and keeps numbers as numbers", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    const book = await readWorkbook(await bytes((await tallyXlsx(db(), province, scope)).body));
    const row = book.rows("Hoạt động", 3).find((r) => r[1] === injectedId)!;
    const title = ACTIVITY_COLUMNS.findIndex((c) => c.key === "exports.col.title");
    const attendance = ACTIVITY_COLUMNS.findIndex((c) => c.key === "exports.col.attendance");
    expect(row[title]).toBe(`'${INJECTION}`);
    expect(row[attendance]).toBe(7);
    // No cell of the workbook is a formula.
    for (const sheet of book.workbook.worksheets) {
      sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    }
    const csvFile = await bytes((await activitiesCsv(db(), province, scope)).body);
    expect(csvFile.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const csvRow = readCsv(csvFile).find((r) => r[1] === String(injectedId))!;
    expect(csvRow[title]).toBe(`'${INJECTION}`);
    expect(csvRow[attendance]).toBe("7");
    expect(csvRow[ACTIVITY_COLUMNS.findIndex((c) => c.key === "exports.col.date")]).toBe("05/10/2022");
    expect(csvRow[ACTIVITY_COLUMNS.findIndex((c) => c.key === "exports.col.time")]).toBe("08:00");
  });

  it("lays the workbook out for reading: frozen headers, filters, number formats, Vietnamese headers", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    const file = await tallyXlsx(db(), province, scope);
    expect(file.fileName).toBe("tong-hop-chi-thi-12-lai-chau-2022.xlsx");
    const book = await readWorkbook(await bytes(file.body));
    const matrix = book.sheet("Tổng hợp");
    expect(matrix.views[0]).toMatchObject({ state: "frozen", ySplit: 4, xSplit: 2 });
    expect(matrix.autoFilter).toBeTruthy();
    expect(matrix.getRow(4).getCell(3).value).toBe("Số buổi");
    expect(matrix.getRow(4).getCell(4).value).toBe("Số lượt người");
    expect(matrix.getRow(4).getCell(2).font?.bold).toBe(true);
    expect(matrix.getRow(5).getCell(4).numFmt).toBe("#,##0");
    expect(matrix.getColumn(2).width).toBeGreaterThan(40);
    expect(book.sheet("Hoạt động").views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    const dateCell = book.sheet("Hoạt động").getRow(4).getCell(4);
    expect(dateCell.value).toBeInstanceOf(Date);
    expect(dateCell.numFmt).toBe("dd/mm/yyyy");
    const info = book.rows("Thông tin", 1).map((r) => `${r[0] ?? ""}|${r[1] ?? ""}`).join("\n");
    expect(info).toContain("Chỉ thị số 12-CT/TW ngày 05/01/2022");
    expect(info).toContain(vi("exports.info.generatedBy"));
    expect(info).toContain("Lò Thị Thu Hà (tinh.quanly)");
    expect(info).toContain(vi("exports.rule.points"));
  });

  it("writes the report in the official format, with the fields chosen on the form", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    const file = await tallyDocx(db(), province, scope, {
      number: "15/BC-LĐLĐ",
      place: "Lai Châu",
      date: "2023-01-05",
      parentBody: "Liên đoàn Lao động tỉnh Lai Châu",
      issuingBody: "Ban Thường vụ",
      authority: "TM. BAN THƯỜNG VỤ",
      signerPosition: "Phó Chủ tịch",
      signerName: "Đông Thị Nghĩa",
      recipients: "Tổng LĐLĐ Việt Nam (b/c)\nLưu: VT, TgNc",
    });
    expect(file.fileName).toBe("bao-cao-chi-thi-12-lai-chau-2022.docx");
    const doc = await readDocx(file.body);
    const text = doc.paragraphs.join("\n");
    for (const line of ["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH LAI CHÂU", "BAN THƯỜNG VỤ", "Số: 15/BC-LĐLĐ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lai Châu, ngày 05 tháng 01 năm 2023", "BÁO CÁO", "Kết quả tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW", "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Đông Thị Nghĩa", "Nơi nhận:", "- Tổng LĐLĐ Việt Nam (b/c);", "- Lưu: VT, TgNc."]) {
      expect(doc.paragraphs).toContain(line);
    }
    expect(text).toMatch(/^Căn cứ Chỉ thị số 12-CT\/TW ngày 05\/01\/2022/m);
    // A4 portrait, margins 20/20/30/15 mm, a first page without the page number, Times New Roman.
    expect(doc.xml).toMatch(/<w:pgSz w:w="1190\d" w:h="1683\d"/);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(doc.xml)![1];
    const margin = (side: string) => Number(new RegExp(`w:${side}="(\\d+)"`).exec(margins)![1]);
    expect(margin("top")).toBeCloseTo(1134, -1);
    expect(margin("bottom")).toBeCloseTo(1134, -1);
    expect(margin("left")).toBeCloseTo(1701, -1);
    expect(margin("right")).toBeCloseTo(850, -1);
    expect(doc.xml).toContain("<w:titlePg");
    const headers = Object.entries(doc.files).filter(([name]) => /^word\/header\d+\.xml$/.test(name));
    expect(headers.some(([, xml]) => xml.includes("PAGE"))).toBe(true);
    expect(doc.files["word/styles.xml"]).toContain("Times New Roman");
    expect(doc.xml).toContain("<w:tblHeader/>");
  });

  it("includes the scope unit's own report narrative when it has one, and sensible defaults without the form", async () => {
    const unit = await unitId("LC-TD-001");
    const report = await db().selectFrom("unit_report").select(["assessment", "difficulties", "proposals"]).where("unit_id", "=", unit).executeTakeFirstOrThrow();
    const file = await tallyDocx(db(), district, { campaignId, unitId: unit, from: "2022-07-11", to: "2022-12-31" }, null, new Date("2023-01-05T03:00:00Z"));
    const doc = await readDocx(file.body);
    const text = doc.paragraphs.join("\n");
    expect(text).toContain("Kết quả nổi bật");
    expect(text).toContain("II. ĐÁNH GIÁ CHUNG");
    expect(text).toContain(report.assessment!);
    expect(text).toContain(report.difficulties!);
    expect(text).toContain("III. ĐỀ XUẤT, KIẾN NGHỊ");
    expect(text).toContain(report.proposals!);
    // Defaults: the district above, the grassroots committee signing, Lai Châu and the day.
    expect(doc.paragraphs).toContain("LIÊN ĐOÀN LAO ĐỘNG");
    expect(doc.paragraphs).toContain("HUYỆN TAM ĐƯỜNG");
    expect(doc.paragraphs).toContain("TM. BAN CHẤP HÀNH");
    expect(doc.paragraphs).toContain("Lai Châu, ngày 05 tháng 01 năm 2023");
    expect(doc.paragraphs).toContain("- Liên đoàn Lao động huyện Tam Đường (b/c);");
    expect(doc.paragraphs.some((p) => /^Số:\s+\/BC-CĐCS$/.test(p))).toBe(true);
  });

  it("refuses a scope outside the user's subtree with 404, like the page", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    await expectStatus(computeTally(db(), grassroots, scope), 404);
    await expectStatus(tallyXlsx(db(), grassroots, scope), 404);
    await expectStatus(tallyDocx(db(), grassroots, scope, null), 404);
    await expectStatus(activitiesCsv(db(), grassroots, scope), 404);
    const otherDistrict = { ...scope, unitId: await unitId("LC-PT") };
    await expectStatus(tallyXlsx(db(), district, otherDistrict), 404);
    await expectStatus(tallyDocx(db(), district, otherDistrict, null), 404);
    await expectStatus(activitiesCsv(db(), district, otherDistrict), 404);
  });
});
