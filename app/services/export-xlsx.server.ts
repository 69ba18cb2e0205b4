/**
 * The tally as an Excel workbook (/tally.xlsx), written with exceljs's streaming writer: rows are
 * committed as they are written and the zip flows out through a PassThrough into the response,
 * so a province-wide list of activities is never held as a whole workbook in memory.
 *
 *   "Tổng hợp"     the point x channel matrix, a total row counting each activity once
 *   "Theo đơn vị"  the direct children rolled up over their subtrees, the scope's own row, a total
 *   "Hoạt động"    every counted activity: every other figure is a sum over these rows, read in
 *                  batches from the database (tally-rows.server.ts) and written as they come, so
 *                  neither the list nor the sheet is ever whole in memory
 *   "Thông tin"    campaign, documents, scope, period, who generated it and when, the rules
 */
import { PassThrough, Transform, type TransformCallback, type Writable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { CHANNEL_CODES } from "~/domain/channels";
import { formatDateOnly, formatDateTime } from "~/domain/dates";
import { citeDocument, exportFileName } from "~/domain/report-text";
import { safeCell, type CellValue } from "~/domain/spreadsheet-safety";
import { isReportSubmitted } from "~/domain/unit-standing";
import type { MessageKey } from "~/i18n";
import { campaignDetail } from "./campaigns.server";
import { ACTIVITY_COLUMNS, ACTIVITY_DATE_COLUMN, activityCells, exportUnit, vi, type ExportUnit } from "./export-csv.server";
import { computeTally, type Tally, type TallyScope, type TallyUnitRow } from "./tally.server";
import { countedActivityBatches, type CountedActivity, type CountedRowsOptions } from "./tally-rows.server";

const FONT = "Times New Roman";
const THIN = { style: "thin" as const, color: { argb: "FF808080" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFE8EEF4" } };
const TOTAL_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFF3F3F3" } };
const INTEGER = "#,##0";
const PERCENT = "0.0%";

export interface XlsxData {
  tally: Tally;
  /** The counted activities in batches, in the list's order (read lazily while the sheet is written). */
  activities: AsyncIterable<readonly CountedActivity[]>;
  unit: ExportUnit;
  campaign: { title: string; issuer_name: string };
  documents: readonly { kind: string; number: string; issued_on: string | null; issuer: string; title: string }[];
  actor: { displayName: string; login: string; unitName: string };
  generatedAt: Date;
}

type Sheet = ExcelJS.Worksheet;
type RowKind = "title" | "subtitle" | "group" | "header" | "data" | "bold" | "total" | "note";

interface RowOptions {
  kind: RowKind;
  /** Columns (1-based) holding percentages. */
  percent?: readonly number[];
  /** Per column indent (outline depth). */
  indent?: Record<number, number>;
  height?: number;
  /** Cells that hold a date. */
  wrap?: readonly number[];
  /** Text columns shown centred ("12/16"). */
  center?: readonly number[];
}

type CellShape = "number" | "percent" | "date" | "text";

/**
 * One shared style object per look: exceljs's style registry remembers style objects it has
 * seen, so a hundred thousand rows cost a lookup per cell rather than a new style each. The
 * objects are never changed after they are made.
 */
const STYLES = new Map<string, Partial<ExcelJS.Style>>();

function styleOf(kind: RowKind | "label", shape: CellShape, wrap: boolean, indent: number, center: boolean): Partial<ExcelJS.Style> {
  const key = `${kind}|${shape}|${wrap}|${indent}|${center}`;
  const known = STYLES.get(key);
  if (known) return known;
  const bold = kind === "title" || kind === "group" || kind === "header" || kind === "total" || kind === "bold" || kind === "label";
  const table = kind !== "title" && kind !== "subtitle" && kind !== "note";
  const style: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: kind === "title" ? 14 : 12, bold, italic: kind === "subtitle" || kind === "note" },
    ...(table ? { border: BORDER } : {}),
    ...(kind === "group" || kind === "header" ? { fill: HEADER_FILL } : kind === "total" ? { fill: TOTAL_FILL } : {}),
  };
  if (kind === "group" || kind === "header") style.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  else if (!table) style.alignment = { vertical: "middle", horizontal: kind === "note" ? "left" : "center", wrapText: true };
  else if (shape === "number" || shape === "percent") {
    style.numFmt = shape === "percent" ? PERCENT : INTEGER;
    style.alignment = { vertical: "top", horizontal: "right" };
  } else if (shape === "date") {
    style.numFmt = "dd/mm/yyyy";
    style.alignment = { vertical: "top", horizontal: "center" };
  } else style.alignment = { vertical: "top", horizontal: center ? "center" : "left", wrapText: wrap, indent };
  STYLES.set(key, style);
  return style;
}

/**
 * The three looks of a cell of the activity list, made once. exceljs would make a new style
 * object for every cell from a column style (Cell merges row and column styles into a fresh
 * object, which its style registry then has to serialise to recognise), so the list gives each
 * cell one of these shared objects instead: a registry lookup by identity.
 */
const LIST_STYLE = {
  number: styleOf("data", "number", false, 0, false),
  date: styleOf("data", "date", false, 0, false),
  text: styleOf("data", "text", false, 0, false),
};

/** An activity row: the cells of `writeRow(…, { kind: "data" })`, without working the style out per cell. */
function writeListRow(sheet: Sheet, width: number, values: readonly CellValue[]): ExcelJS.Row {
  const row = sheet.addRow(values.map((v) => safeCell(v)));
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    const value = cell.value;
    cell.style = typeof value === "number" ? LIST_STYLE.number : value instanceof Date ? LIST_STYLE.date : LIST_STYLE.text;
  }
  return row;
}

/** How the activity rows are written: "xml" (the default) when exceljs exposes what it needs, else "exceljs". */
export type ListRowWriter = "xml" | "exceljs";

/** What the XML row writer uses of exceljs's streaming sheet and workbook (checked before use). */
interface StreamingInternals {
  sheet: { stream: { write(chunk: string): unknown }; _rows: unknown[]; _rowZero: number; startedData: boolean };
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, type: ExcelJS.ValueType): number };
}

function streamingInternals(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: Sheet): StreamingInternals | null {
  const s = sheet as unknown as Partial<StreamingInternals["sheet"]>;
  const styles = (workbook as unknown as { styles?: Partial<StreamingInternals["styles"]> }).styles;
  const ok =
    typeof s.stream?.write === "function" &&
    Array.isArray(s._rows) &&
    s._rows.length === 0 &&
    typeof s._rowZero === "number" &&
    s.startedData === true &&
    typeof styles?.addStyleModel === "function";
  return ok ? ({ sheet: s, styles } as StreamingInternals) : null;
}

/** exceljs's XML text encoding (utils.xmlEncode): the five entities, control characters dropped. */
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/g;
const XML_ENTITY: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" };
const xmlText = (text: string) => text.replace(XML_SPECIAL, (c) => XML_ENTITY[c] ?? "");

function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Writes activity rows as the XML exceljs would write for `writeListRow(…).commit()` (same
 * cells, types, shared styles; checked byte for byte against it by test/integration/export-rows
 * .test.ts), straight into the sheet's stream: exceljs builds a Row, 21 Cells and their models
 * per row, about half the export's time over a million rows. Returns null (the caller then
 * writes exceljs rows) if exceljs is not as expected or rows are still uncommitted.
 */
function xmlListRows(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: Sheet, width: number) {
  const internals = streamingInternals(workbook, sheet);
  if (!internals) return null;
  const { sheet: target, styles } = internals;
  const attribute = (id: number) => (id ? ` s="${id}"` : "");
  const number = attribute(styles.addStyleModel(LIST_STYLE.number, ExcelJS.ValueType.Number));
  const date = attribute(styles.addStyleModel(LIST_STYLE.date, ExcelJS.ValueType.Date));
  const text = attribute(styles.addStyleModel(LIST_STYLE.text, ExcelJS.ValueType.String));
  const columns = Array.from({ length: width }, (_, i) => columnLetters(i + 1));
  let pending = "";
  return {
    write(values: readonly CellValue[]) {
      const r = target._rowZero++;
      let xml = `<row r="${r}" spans="1:${width}" x14ac:dyDescent="0.25">`;
      for (let c = 0; c < width; c++) {
        const value = safeCell(values[c]);
        const ref = `${columns[c]}${r}`;
        if (typeof value === "number") xml += `<c r="${ref}"${number}><v>${value}</v></c>`;
        else if (value instanceof Date) xml += `<c r="${ref}"${date}><v>${25569 + value.getTime() / (24 * 3600 * 1000)}</v></c>`;
        else if (value === null) xml += `<c r="${ref}"${text}/>`;
        else xml += `<c r="${ref}"${text} t="str"><v>${xmlText(value)}</v></c>`;
      }
      pending += `${xml}</row>`;
    },
    /** Hands the rows written since the last flush to the sheet's stream. */
    flush() {
      if (pending) target.stream.write(pending);
      pending = "";
    },
  };
}

/** Adds a row: every text cell neutralised, numbers formatted, header and total rows styled. */
function writeRow(sheet: Sheet, width: number, values: readonly CellValue[], options: RowOptions): ExcelJS.Row {
  const row = sheet.addRow(values.map((v) => safeCell(v)));
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    const value = cell.value;
    const shape: CellShape = typeof value === "number" ? (options.percent?.includes(c) ? "percent" : "number") : value instanceof Date ? "date" : "text";
    cell.style = styleOf(options.kind, shape, options.wrap?.includes(c) ?? false, options.indent?.[c] ?? 0, options.center?.includes(c) ?? false);
  }
  if (options.height) row.height = options.height;
  return row;
}

/** A title across the table's width. */
function titleRow(sheet: Sheet, width: number, text: string, kind: "title" | "subtitle" | "note", height?: number) {
  const row = writeRow(sheet, width, [text], { kind, height });
  sheet.mergeCells(row.number, 1, row.number, width);
  return row;
}

/** Group headers over column ranges (1-based, inclusive), each merged. */
function groupRow(sheet: Sheet, width: number, groups: readonly { from: number; to: number; text: string }[]) {
  const values: CellValue[] = Array.from({ length: width }, () => null);
  for (const g of groups) values[g.from - 1] = g.text;
  const row = writeRow(sheet, width, values, { kind: "group", height: 34 });
  for (const g of groups) if (g.to > g.from) sheet.mergeCells(row.number, g.from, row.number, g.to);
  return row;
}

/** Rough row height for wrapped text: lines of about `chars` characters, 15.75 pt each. */
function wrappedHeight(text: string, chars: number): number {
  const lines = Math.max(1, Math.ceil(text.length / Math.max(10, chars)));
  return Math.min(409, 16 * lines + 2);
}

function commitAll(sheet: Sheet) {
  sheet.commit?.();
}

// ---------------------------------------------------------------------------------------------

function subtitle(data: XlsxData) {
  return vi("exports.subtitle", {
    unit: data.unit.name,
    campaign: data.campaign.title,
    from: formatDateOnly(data.tally.scope.from),
    to: formatDateOnly(data.tally.scope.to),
  });
}

const MATRIX_COLUMNS: readonly { key: MessageKey; width: number }[] = [
  { key: "exports.col.code", width: 9 },
  { key: "exports.col.point", width: 62 },
  { key: "exports.col.sessions", width: 10 },
  { key: "exports.col.attendance", width: 12 },
  { key: "exports.col.visualItems", width: 12 },
  { key: "exports.col.mediaItems", width: 16 },
  { key: "exports.col.posts", width: 9 },
  { key: "exports.col.reach", width: 13 },
  { key: "exports.col.engagements", width: 13 },
  { key: "exports.col.activities", width: 12 },
  { key: "exports.col.coveredUnits", width: 14 },
  { key: "exports.col.coverage", width: 14 },
];

const channelGroups = (start: number) => [
  { from: start, to: start + 1, text: vi("channel.spoken") },
  { from: start + 2, to: start + 2, text: vi("channel.visual") },
  { from: start + 3, to: start + 3, text: vi("channel.media") },
  { from: start + 4, to: start + 6, text: vi("channel.facebook") },
];

function writeMatrix(workbook: ExcelJS.stream.xlsx.WorkbookWriter, data: XlsxData) {
  const width = MATRIX_COLUMNS.length;
  const sheet = workbook.addWorksheet(vi("exports.sheet.matrix"), {
    views: [{ state: "frozen", xSplit: 2, ySplit: 4, activeCell: "C5" }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:4" },
  });
  sheet.columns = MATRIX_COLUMNS.map((c) => ({ width: c.width }));
  titleRow(sheet, width, vi("exports.matrix.title"), "title", 24);
  titleRow(sheet, width, subtitle(data), "subtitle", 20);
  groupRow(sheet, width, channelGroups(3));
  writeRow(sheet, width, MATRIX_COLUMNS.map((c) => vi(c.key)), { kind: "header", height: 48 });
  const { tally } = data;
  for (const p of tally.points) {
    const f = p.figures;
    writeRow(
      sheet,
      width,
      [
        p.code,
        p.title,
        f.spoken.activities,
        f.spoken.attendance,
        f.visual.quantity,
        f.media.items,
        f.facebook.posts,
        f.facebook.reach,
        f.facebook.engagements,
        p.activities,
        p.coveredUnits,
        p.coverage,
      ],
      { kind: p.depth === 0 ? "bold" : "data", indent: { 2: p.depth * 2 }, wrap: [2], percent: [12], height: wrappedHeight(p.title, 62 - p.depth * 4) },
    ).commit();
  }
  const lastPointRow = 4 + tally.points.length;
  const t = tally.total;
  writeRow(
    sheet,
    width,
    [null, vi("exports.totalRow"), t.spoken.activities, t.spoken.attendance, t.visual.quantity, t.media.items, t.facebook.posts, t.facebook.reach, t.facebook.engagements, tally.totalActivities, null, null],
    { kind: "total" },
  );
  titleRow(sheet, width, vi("exports.multiPointNote"), "note", 34);
  sheet.autoFilter = { from: { row: 4, column: 1 }, to: { row: Math.max(4, lastPointRow), column: width } };
  commitAll(sheet);
}

const BY_UNIT_COLUMNS: readonly { key: MessageKey; width: number; label?: string }[] = [
  { key: "exports.col.number", width: 6 },
  { key: "exports.col.unit", width: 44 },
  { key: "exports.col.kind", width: 20 },
  { key: "exports.col.members", width: 11 },
  { key: "channel.spoken", width: 11 },
  { key: "channel.visual", width: 10 },
  { key: "channel.media", width: 16 },
  { key: "channel.facebook", width: 11 },
  { key: "exports.col.total", width: 9 },
  { key: "exports.col.attendance", width: 12 },
  { key: "exports.col.visualItems", width: 12 },
  { key: "exports.col.mediaItems", width: 16 },
  { key: "exports.col.posts", width: 9 },
  { key: "exports.col.reach", width: 13 },
  { key: "exports.col.engagements", width: 13 },
  { key: "exports.col.pointsCovered", width: 14 },
  { key: "exports.col.targetMet", width: 11 },
  { key: "exports.col.memberCoverage", width: 15 },
  { key: "exports.col.reports", width: 14 },
  { key: "exports.col.onTime", width: 10 },
];

function unitValues(index: number | null, name: string, row: TallyUnitRow, pointCount: number): CellValue[] {
  const f = row.figures;
  return [
    index,
    name,
    row.kindName,
    row.members,
    ...CHANNEL_CODES.map((c) => f[c].activities),
    row.activities,
    f.spoken.attendance,
    f.visual.quantity,
    f.media.items,
    f.facebook.posts,
    f.facebook.reach,
    f.facebook.engagements,
    `${row.pointsCovered}/${pointCount}`,
    row.meetsTarget === null ? "" : vi(row.meetsTarget ? "exports.yes" : "exports.no"),
    row.memberCoverage,
    `${row.reported}/${row.expected}`,
    row.onTime,
  ];
}

function writeByUnit(workbook: ExcelJS.stream.xlsx.WorkbookWriter, data: XlsxData) {
  const width = BY_UNIT_COLUMNS.length;
  const sheet = workbook.addWorksheet(vi("exports.sheet.byUnit"), {
    views: [{ state: "frozen", xSplit: 2, ySplit: 4, activeCell: "C5" }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:4" },
  });
  sheet.columns = BY_UNIT_COLUMNS.map((c) => ({ width: c.width }));
  titleRow(sheet, width, vi("exports.byUnit.title"), "title", 24);
  titleRow(sheet, width, subtitle(data), "subtitle", 20);
  groupRow(sheet, width, [
    { from: 5, to: 9, text: vi("exports.col.activitiesBy") },
    { from: 10, to: 10, text: vi("channel.spoken") },
    { from: 11, to: 11, text: vi("channel.visual") },
    { from: 12, to: 12, text: vi("channel.media") },
    { from: 13, to: 15, text: vi("channel.facebook") },
  ]);
  writeRow(sheet, width, BY_UNIT_COLUMNS.map((c) => vi(c.key)), { kind: "header", height: 48 });
  const { tally } = data;
  const pointCount = tally.points.length;
  tally.byUnit.forEach((row, i) => {
    writeRow(sheet, width, unitValues(i + 1, row.name, row, pointCount), { kind: "data", percent: [18], wrap: [2], center: [16, 17, 19] }).commit();
  });
  if (tally.ownRow) {
    writeRow(sheet, width, unitValues(tally.byUnit.length + 1, vi("exports.ownRow", { unit: tally.ownRow.name }), tally.ownRow, pointCount), {
      kind: "data",
      percent: [18],
      wrap: [2],
      center: [16, 17, 19],
    }).commit();
  }
  const lastUnitRow = 4 + tally.byUnit.length + (tally.ownRow ? 1 : 0);
  const submitted = tally.expectedUnits.filter((e) => isReportSubmitted(e.reportStatus));
  const t = tally.total;
  const members = tally.byUnit.reduce((s, r) => s + r.members, 0) + (data.unit.isOpen ? data.unit.members : 0);
  writeRow(
    sheet,
    width,
    [
      null,
      vi("exports.byUnitTotal"),
      null,
      members,
      ...CHANNEL_CODES.map((c) => t[c].activities),
      tally.totalActivities,
      t.spoken.attendance,
      t.visual.quantity,
      t.media.items,
      t.facebook.posts,
      t.facebook.reach,
      t.facebook.engagements,
      `${tally.points.filter((p) => p.activities > 0).length}/${pointCount}`,
      null,
      tally.memberCoverage,
      `${submitted.length}/${tally.expectedUnits.length}`,
      submitted.filter((e) => e.isOnTime).length,
    ],
    { kind: "total", percent: [18], center: [16, 17, 19] },
  );
  sheet.autoFilter = { from: { row: 4, column: 1 }, to: { row: Math.max(4, lastUnitRow), column: width } };
  commitAll(sheet);
}

/** Rows written between two pauses that let the zip deflate them and the client take them. */
const ROWS_PER_TURN = 200;

/** Counts the bytes of the zip as they leave, so the writer can tell whether the zip keeps up. */
class Meter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

const interrupted = () => new Error("The download was interrupted.");

/** A turn of the event loop for the process's other requests. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The writer's brake. exceljs hands each 64 KB of a sheet's XML to the zip's deflater without
 * waiting (its StreamBuf ignores back-pressure), so after each turn of rows the writer waits
 * until the deflater has taken in what it was given and while the response is full (a slow
 * client): at most about a turn of uncompressed rows ever waits in memory.
 */
function brake(sheet: Sheet, meter: Meter, output: Writable): () => Promise<void> {
  const until = (stream: Writable) =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off("drain", done);
        output.off("close", closed);
        resolve();
      };
      const closed = () => {
        stream.off("drain", done);
        reject(interrupted());
      };
      stream.once("drain", done);
      output.once("close", closed);
    });
  // What the sheet's stream writes into (exceljs's StreamBuf keeps it in `pipes`): archiver's
  // PassThrough in front of the deflater, a readable-stream v2 stream without `writableNeedDrain`.
  type Pipe = Writable & { _writableState?: { needDrain?: boolean } };
  const pipes = () => (sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes ?? [];
  const needsDrain = (pipe: Pipe) => Boolean(pipe.writableNeedDrain ?? pipe._writableState?.needDrain);
  return async () => {
    await turn();
    if (output.destroyed || meter.destroyed) throw interrupted();
    for (const pipe of pipes()) if (needsDrain(pipe)) await until(pipe);
    if (meter.writableNeedDrain) await until(meter);
  };
}

/** Excel opens no sheet of more than 1,048,576 rows; the list's sheets keep 3 for the titles and header. */
export const ACTIVITIES_PER_SHEET = 1_048_576 - 3;

/**
 * The "Hoạt động" sheet: every counted activity, numbered. A list longer than a sheet can hold (a
 * national campaign's) goes on in "Hoạt động (2)", "(3)" … with the same titles and header and
 * its numbering continued, so every row stays reachable in Excel.
 */
async function writeActivities(workbook: ExcelJS.stream.xlsx.WorkbookWriter, data: XlsxData, meter: Meter, output: Writable, options: Required<WorkbookOptions>) {
  const width = ACTIVITY_COLUMNS.length;
  const startSheet = (part: number) => {
    const name = part === 1 ? vi("exports.sheet.activities") : vi("exports.sheet.activitiesPart", { n: part });
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: "frozen", xSplit: 3, ySplit: 3, activeCell: "D4" }],
      pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:3" },
    });
    sheet.columns = ACTIVITY_COLUMNS.map((c) => ({ width: c.width }));
    const title = vi("exports.activities.title");
    titleRow(sheet, width, part === 1 ? title : vi("exports.activities.titleContinued", { title }), "title", 24);
    titleRow(sheet, width, subtitle(data), "subtitle", 20);
    // Committing the header writes the title rows too: the list's rows follow them in the stream.
    writeRow(sheet, width, ACTIVITY_COLUMNS.map((c) => vi(c.key)), { kind: "header", height: 48 }).commit();
    return { sheet, pace: brake(sheet, meter, output), xml: options.rowWriter === "xml" ? xmlListRows(workbook, sheet, width) : null, rows: 0 };
  };
  const finish = (current: ReturnType<typeof startSheet>) => {
    current.xml?.flush();
    current.sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3 + current.rows, column: width } };
    commitAll(current.sheet);
  };
  let current = startSheet(1);
  let i = 0;
  // Each batch is written row by row, no row kept once written; the reader gives the event loop
  // a turn between batches, the brake every ROWS_PER_TURN rows.
  for await (const batch of data.activities) {
    for (const activity of batch) {
      if (current.rows === options.activitiesPerSheet) {
        finish(current);
        current = startSheet(Math.floor(i / options.activitiesPerSheet) + 1);
      }
      const { date, cells } = activityCells(activity, i);
      const [y, m, d] = date.split("-").map(Number);
      // A date cell for the Vietnamese calendar day (Excel dates have no zone: midnight UTC of that day).
      cells[ACTIVITY_DATE_COLUMN] = new Date(Date.UTC(y, m - 1, d));
      if (current.xml) current.xml.write(cells);
      else writeListRow(current.sheet, width, cells).commit();
      current.rows++;
      if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) {
        current.xml?.flush();
        await current.pace();
      }
      i++;
    }
  }
  finish(current);
}

function writeInfo(workbook: ExcelJS.stream.xlsx.WorkbookWriter, data: XlsxData) {
  const width = 2;
  const sheet = workbook.addWorksheet(vi("exports.sheet.info"), {
    pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 34 }, { width: 110 }];
  titleRow(sheet, width, vi("exports.info.title"), "title", 24);
  const pair = (label: string, value: CellValue) => {
    const row = writeRow(sheet, width, [label, value], { kind: "data", wrap: [2], height: typeof value === "string" ? wrappedHeight(value, 105) : undefined });
    row.getCell(1).style = styleOf("label", "text", true, 0, false);
    return row;
  };
  const { tally } = data;
  pair(vi("exports.info.campaign"), data.campaign.title);
  pair(vi("exports.info.issuer"), data.campaign.issuer_name);
  data.documents.forEach((doc, i) => pair(i === 0 ? vi("exports.info.documents") : "", citeDocument(doc)));
  pair(vi("exports.info.scope"), vi("exports.info.scopeValue", { unit: data.unit.name }));
  pair(vi("exports.info.period"), vi("exports.info.periodValue", { from: formatDateOnly(tally.scope.from), to: formatDateOnly(tally.scope.to) }));
  pair(vi("exports.info.generatedAt"), formatDateTime(data.generatedAt));
  pair(vi("exports.info.generatedBy"), `${data.actor.displayName} (${data.actor.login}), ${data.actor.unitName}`);
  pair(vi("exports.info.counted"), tally.totalActivities);
  const rules: MessageKey[] = [
    "exports.rule.counted",
    "exports.rule.channels",
    "exports.rule.points",
    "exports.rule.units",
    "exports.rule.expected",
    "exports.rule.coverage",
    "exports.rule.members",
    "exports.rule.reach",
    "exports.rule.reproduce",
  ];
  rules.forEach((key, i) => pair(i === 0 ? vi("exports.info.rules") : "", `${i + 1}. ${vi(key)}`));
  commitAll(sheet);
}

/** How the list is written: its row writer, and how many activities a sheet holds (both changed by tests only). */
export interface WorkbookOptions {
  rowWriter?: ListRowWriter;
  activitiesPerSheet?: number;
}

/** Writes the whole workbook into `output`, sheet after sheet, and ends it. */
export async function writeTallyWorkbook(output: Writable, data: XlsxData, options: WorkbookOptions = {}): Promise<void> {
  const meter = new Meter();
  meter.pipe(output);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: meter, useStyles: true, useSharedStrings: false });
  workbook.creator = data.actor.displayName;
  workbook.created = data.generatedAt;
  writeMatrix(workbook, data);
  await turn();
  writeByUnit(workbook, data);
  await turn();
  await writeActivities(workbook, data, meter, output, { rowWriter: options.rowWriter ?? "xml", activitiesPerSheet: options.activitiesPerSheet ?? ACTIVITIES_PER_SHEET });
  writeInfo(workbook, data);
  await workbook.commit();
}

/**
 * Everything the workbook shows; computeTally refuses an out-of-scope unit or campaign with 404
 * (and the activity reader checks the scope again). The activities are not read yet: they are
 * read batch after batch while the "Hoạt động" sheet is written.
 */
export async function xlsxData(db: Kysely<Database>, actor: Actor, scope: TallyScope, now = new Date(), rows: CountedRowsOptions = {}): Promise<XlsxData> {
  const tally = await computeTally(db, actor, scope);
  // SQLite statements run synchronously: let the requests that waited during the tally through.
  await turn();
  const [activities, detail, unit] = await Promise.all([
    countedActivityBatches(db, actor, scope, rows),
    campaignDetail(db, actor, scope.campaignId),
    exportUnit(db, scope.unitId, scope.to),
  ]);
  return {
    tally,
    activities,
    unit,
    campaign: { title: detail.campaign.title, issuer_name: detail.campaign.issuer_name },
    documents: detail.documents,
    actor: { displayName: actor.displayName, login: actor.login, unitName: actor.unitName },
    generatedAt: now,
  };
}

export interface XlsxOptions extends CountedRowsOptions, WorkbookOptions {}

/**
 * The download: file name and a web stream of the workbook being written (a 404 is thrown before
 * any byte is written). The options set the reader's batches and the row writer (for tests).
 */
export async function tallyXlsx(db: Kysely<Database>, actor: Actor, scope: TallyScope, now = new Date(), options: XlsxOptions = {}) {
  const { rowWriter, activitiesPerSheet, ...rows } = options;
  const data = await xlsxData(db, actor, scope, now, rows);
  const output = new PassThrough();
  writeTallyWorkbook(output, data, { rowWriter, activitiesPerSheet }).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    fileName: exportFileName("tong-hop", { campaignTitle: data.campaign.title, unitName: data.unit.name, unitShortName: data.unit.shortName, from: scope.from, to: scope.to }, "xlsx"),
    body: createReadableStreamFromReadable(output),
  };
}
