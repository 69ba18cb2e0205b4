/**
 * Importing units from CSV or XLSX: read the upload (size-limited), decode the file, look the
 * database up, check every row (app/domain/unit-import.ts), keep the checked file in the
 * database until the user confirms, then write everything in one transaction (bulk inserts
 * in chunks, closure rows set-based) or nothing.
 */
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { limitParts } from "~/services/upload-limits.server";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { checkZip, XLSX_IMPORT_LIMITS } from "~/domain/zip-guard";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { viCollator } from "~/domain/collation";
import { todayInAppZone } from "~/domain/dates";
import { roleAtLeast } from "~/domain/roles";
import { foldVietnamese } from "~/domain/search";
import {
  buildPreview,
  checkImport,
  lookupsNeeded,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  readImportTable,
  TEMPLATE_COLUMNS,
  type Cell,
  type ImportLookups,
  type ImportPreview,
  type ImportRow,
  type PlannedUnit,
  type ReadResult,
} from "~/domain/unit-import";
import type { FieldError } from "~/domain/validation";
import type { Locale } from "~/i18n";
import { recordAudit } from "./audit.server";
import { forbidden } from "./http-errors.server";
import { insertUnitsWithClosure, lockUnitTree } from "./unit-tree.server";

type Db = Kysely<Database> | Transaction<Database>;

/** Staged (checked, not yet imported) files live in `attachment` under this type, linked to nothing. */
export const STAGED_IMPORT_MIME = "application/vnd.tuyentruyen.unit-import";
const STAGED_TTL_MS = 24 * 3600 * 1000;
const LOOKUP_CHUNK = 500;

export type ImportProgress =
  | { phase: "read" }
  | { phase: "check"; total: number }
  | { phase: "write"; done: number; total: number };
export type OnProgress = (progress: ImportProgress) => void;

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

export function formatBytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function requireManager(actor: Actor): void {
  if (!roleAtLeast(actor.role, "manager")) throw forbidden();
}

// ---------------------------------------------------------------------------------------
// The request

export type ImportRequest =
  | { ok: true; intent: "preview"; file: UploadedFile }
  | { ok: true; intent: "commit"; uploadId: string }
  | { ok: false; status: 400 | 413; error: FieldError };

/**
 * Reads an import request: a multipart upload (field `file`) to check, or a form with
 * `uploadId` to import a checked file. Uploads over 5 MB are refused without reading them whole.
 */
export async function readImportRequest(request: Request): Promise<ImportRequest> {
  const tooBig = { ok: false, status: 413, error: { key: "unitImport.fileTooBig", params: { size: formatBytes(MAX_IMPORT_BYTES) } } } as const;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return tooBig;
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  let form: FormData;
  try {
    form = multipart
      ? await unstable_parseMultipartFormData(request, limitParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES })))
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooBig;
    return { ok: false, status: 400, error: { key: "unitImport.fileUnreadable" } };
  }
  const file = form.get("file");
  const uploadId = form.get("uploadId");
  if ((!file || typeof file === "string") && typeof uploadId === "string") return { ok: true, intent: "commit", uploadId };
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, status: 400, error: { key: "unitImport.fileMissing" } };
  return { ok: true, intent: "preview", file: { fileName: file.name || "tep", bytes: new Uint8Array(await file.arrayBuffer()) } };
}

// ---------------------------------------------------------------------------------------
// Decoding the file

class ImportFileError extends Error {
  constructor(readonly error: FieldError) {
    super(error.key);
  }
}

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOleCompound = (b: Uint8Array) => b.length > 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** The cells of the file's first sheet (XLSX) or of the CSV, row by row as the sheet numbers them. */
export async function tableFromFile(file: UploadedFile): Promise<Cell[][]> {
  const { bytes, fileName } = file;
  if (isZip(bytes)) return readXlsx(bytes);
  if (isOleCompound(bytes) || /\.(xls|xlsx|xlsm|ods|numbers)$/i.test(fileName)) throw new ImportFileError({ key: "unitImport.fileType" });
  if (bytes.includes(0) && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError({ key: "unitImport.fileType" });
  }
  return readCsv(bytes);
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError({ key: "unitImport.fileEncoding" });
  }
}

/** The delimiter of the header line: the most frequent of , ; and tab outside quotes. */
function sniffDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char] += 1;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ",";
}

function readCsv(bytes: Uint8Array): Cell[][] {
  let text = decodeText(bytes).replace(/^\uFEFF/, "");
  let delimiter: string | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(text);
  let offset = 0;
  if (sep) {
    delimiter = sep[1];
    text = text.slice(sep[0].length);
    offset = 1;
  }
  delimiter ??= sniffDelimiter(text.split(/\r?\n/, 1)[0] ?? "");
  try {
    const records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    // Keep the sheet's numbering: a `sep=` line is row 1 in Excel.
    return [...Array.from({ length: offset }, () => [] as Cell[]), ...records];
  } catch {
    throw new ImportFileError({ key: "unitImport.fileUnreadable" });
  }
}

function xlsxValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : xlsxValue(value.text as ExcelJS.CellValue);
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === "object" && !(result instanceof Date)) ? null : result;
  }
  return null; // errors (#N/A ...)
}

async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  // A zip bomb is refused from its central directory before exceljs (jszip) unpacks anything.
  const zip = checkZip(bytes, XLSX_IMPORT_LIMITS);
  if (!zip.ok) throw new ImportFileError(zip.problem === "tooLarge" || zip.problem === "tooManyEntries" || zip.problem === "ratio" ? { key: "security.zip.tooLarge" } : { key: "unitImport.fileUnreadable" });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportFileError({ key: "unitImport.fileUnreadable" });
  }
  const sheet = workbook.worksheets.find((ws) => ws.state === "visible" && ws.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw new ImportFileError({ key: "unitImport.noRows" });
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1000) throw new ImportFileError({ key: "unitImport.tooManyRows", params: { max: MAX_IMPORT_ROWS } });
  const table: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let column = 1; column < values.length; column++) cells.push(xlsxValue(values[column]));
    table[rowNumber - 1] = cells;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return table;
}

// ---------------------------------------------------------------------------------------
// Checking

async function loadLookups(db: Db, actor: Actor, rows: readonly ImportRow[]): Promise<ImportLookups> {
  const [kinds, scopeUnits] = await Promise.all([
    db.selectFrom("unit_kind").select(["id", "code", "name"]).execute(),
    db
      .selectFrom("unit")
      .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
      .where("t.ancestor_id", "=", actor.unitId)
      .select(["unit.id", "unit.parent_id", "unit.code", "unit.name", "unit.closed_on"])
      .execute(),
  ]);
  const inScope = new Set(scopeUnits.map((u) => u.id));
  const { codes, parentNames } = lookupsNeeded(rows);
  const outsideCodes = new Set<string>();
  const outsideNames = new Set<string>();
  for (let i = 0; i < codes.length; i += LOOKUP_CHUNK) {
    const found = await db
      .selectFrom("unit")
      .select(["id", "code"])
      .where((eb) => eb(eb.fn("upper", ["code"]), "in", codes.slice(i, i + LOOKUP_CHUNK)))
      .execute();
    for (const unit of found) if (!inScope.has(unit.id) && unit.code) outsideCodes.add(unit.code.toUpperCase());
  }
  for (let i = 0; i < parentNames.length; i += LOOKUP_CHUNK) {
    const found = await db.selectFrom("unit").select(["id", "name"]).where("name", "in", parentNames.slice(i, i + LOOKUP_CHUNK)).execute();
    for (const unit of found) if (!inScope.has(unit.id)) outsideNames.add(foldVietnamese(unit.name));
  }
  return { rootUnitId: actor.unitId, kinds, scopeUnits, outsideCodes, outsideNames };
}

function fileErrorPreview(fileName: string, error: FieldError): ImportPreview {
  return {
    fileName,
    totalRows: 0,
    validRows: 0,
    columns: [],
    ignoredColumns: [],
    fileErrors: [error],
    errorRows: [],
    sample: [],
    byKind: [],
    uploadId: null,
  };
}

async function readFile(file: UploadedFile): Promise<{ ok: true; read: ReadResult } | { ok: false; error: FieldError }> {
  try {
    return { ok: true, read: readImportTable(await tableFromFile(file), todayInAppZone()) };
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, error: error.error };
    throw error;
  }
}

/**
 * Checks an uploaded file and answers with the preview: every bad row with every reason, or
 * (when all rows are good) a sample and the id of the staged file to import. Writes no unit.
 */
export async function previewUnitImport(db: Kysely<Database>, actor: Actor, file: UploadedFile, onProgress?: OnProgress): Promise<ImportPreview> {
  requireManager(actor);
  if (file.bytes.length > MAX_IMPORT_BYTES) return fileErrorPreview(file.fileName, { key: "unitImport.fileTooBig", params: { size: formatBytes(MAX_IMPORT_BYTES) } });
  onProgress?.({ phase: "read" });
  const decoded = await readFile(file);
  if (!decoded.ok) return fileErrorPreview(file.fileName, decoded.error);
  const { read } = decoded;
  onProgress?.({ phase: "check", total: read.rows.length });
  const lookups = await loadLookups(db, actor, read.rows);
  const checked = checkImport(read, lookups);
  const ready = checked.plan.length > 0 && read.fileErrors.length === 0;
  const uploadId = ready ? await stageUpload(db, actor, file) : null;
  return buildPreview(file.fileName, read, checked, lookups, uploadId);
}

async function stageUpload(db: Kysely<Database>, actor: Actor, file: UploadedFile): Promise<number> {
  const now = new Date();
  await db
    .deleteFrom("attachment")
    .where("mime_type", "=", STAGED_IMPORT_MIME)
    .where("created_at", "<", new Date(now.getTime() - STAGED_TTL_MS))
    .execute();
  const { id } = await db
    .insertInto("attachment")
    .values({
      activity_id: null,
      campaign_id: null,
      file_name: file.fileName.slice(0, 255),
      mime_type: STAGED_IMPORT_MIME,
      size_bytes: file.bytes.length,
      content: Buffer.from(file.bytes),
      thumbnail: null,
      created_at: now,
      created_by: actor.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export type CommitResult = { ok: true; created: number } | { ok: false; preview: ImportPreview };

/**
 * Imports a checked file: checks it again against the database as it is now, inside the
 * transaction that writes it, and writes every unit or none. Units go in level by level
 * (parents first), in chunks.
 */
export async function commitUnitImport(db: Kysely<Database>, actor: Actor, uploadId: string, onProgress?: OnProgress): Promise<CommitResult> {
  requireManager(actor);
  const id = /^\d{1,9}$/.test(uploadId) ? Number(uploadId) : 0;
  const staged = await db
    .selectFrom("attachment")
    .select(["id", "file_name", "content", "created_at"])
    .where("id", "=", id)
    .where("mime_type", "=", STAGED_IMPORT_MIME)
    .where("created_by", "=", actor.id)
    .where("activity_id", "is", null)
    .where("campaign_id", "is", null)
    .executeTakeFirst();
  if (!staged || staged.created_at.getTime() < Date.now() - STAGED_TTL_MS) {
    return { ok: false, preview: fileErrorPreview(staged?.file_name ?? "", { key: "unitImport.uploadExpired" }) };
  }
  const file = { fileName: staged.file_name, bytes: new Uint8Array(staged.content) };
  onProgress?.({ phase: "read" });
  const decoded = await readFile(file);
  if (!decoded.ok) return { ok: false, preview: fileErrorPreview(file.fileName, decoded.error) };
  const { read } = decoded;
  onProgress?.({ phase: "check", total: read.rows.length });
  return db.transaction().execute(async (trx): Promise<CommitResult> => {
    await lockUnitTree(trx);
    const lookups = await loadLookups(trx, actor, read.rows);
    const checked = checkImport(read, lookups);
    if (checked.plan.length === 0 || read.fileErrors.length > 0) {
      return { ok: false, preview: buildPreview(file.fileName, read, checked, lookups, null) };
    }
    const unitIds = await writePlan(trx, checked.plan, onProgress);
    await recordAudit(trx, actor, {
      action: "import",
      entity: "unit",
      entityId: null,
      unitId: actor.unitId,
      after: { fileName: file.fileName, count: unitIds.length, unitIds },
    });
    await trx.deleteFrom("attachment").where("id", "=", staged.id).execute();
    return { ok: true, created: unitIds.length };
  });
}

async function writePlan(trx: Transaction<Database>, plan: readonly PlannedUnit[], onProgress?: OnProgress): Promise<number[]> {
  const total = plan.length;
  const idByLine = new Map<number, number>();
  const createdAt = new Date();
  let done = 0;
  onProgress?.({ phase: "write", done, total });
  for (let level = 0; done < total; level++) {
    const group = plan.filter((unit) => unit.level === level);
    if (group.length === 0) throw new Error(`import plan has no unit at level ${level}`);
    const ids = await insertUnitsWithClosure(
      trx,
      group.map((unit) => ({
        parent_id: "unitId" in unit.parent ? unit.parent.unitId : idByLine.get(unit.parent.line)!,
        code: unit.code,
        name: unit.name,
        short_name: unit.shortName,
        kind_id: unit.kindId,
        members: unit.members,
        opened_on: unit.openedOn,
        closed_on: unit.closedOn,
        created_at: createdAt,
      })),
      (inserted) => onProgress?.({ phase: "write", done: done + inserted, total }),
    );
    group.forEach((unit, i) => idByLine.set(unit.line, ids[i]));
    done += group.length;
  }
  return plan.map((unit) => idByLine.get(unit.line)!);
}

// ---------------------------------------------------------------------------------------
// Templates

const INSTRUCTIONS: Record<Locale, readonly [string, string][]> = {
  vi: [
    ["Mã", "Không bắt buộc. Chữ không dấu, số và . _ - / (ví dụ LC-TD-014). Không trùng với mã đã có."],
    ["Tên đơn vị", "Bắt buộc. Tên đầy đủ, ví dụ “Công đoàn Trường Tiểu học Bản Hon”."],
    ["Tên viết tắt", "Không bắt buộc."],
    ["Đơn vị cấp trên", "Mã hoặc tên của đơn vị cấp trên: một đơn vị đã có trong phạm vi của bạn, hoặc một dòng khác trong tệp. Để trống: đơn vị của bạn."],
    ["Loại", "Bắt buộc. Mã hoặc tên loại đơn vị, xem trang “Loại đơn vị”."],
    ["Số đoàn viên", "Số nguyên không âm; để trống là 0."],
    ["Ngày thành lập", "dd/mm/yyyy, ví dụ 05/09/2010."],
    ["Ngày giải thể", "dd/mm/yyyy; để trống nếu đơn vị đang hoạt động."],
  ],
  en: [
    ["Code", "Optional. Letters without diacritics, digits and . _ - / (e.g. LC-TD-014). Must be new."],
    ["Unit name", "Required. The full name, e.g. “Công đoàn Trường Tiểu học Bản Hon”."],
    ["Short name", "Optional."],
    ["Parent unit", "Code or name of the parent: a unit already in your scope, or another row of the file. Blank: your own unit."],
    ["Kind", "Required. Kind code or name, see the “Unit kinds” page."],
    ["Members", "A whole number, not negative; blank is 0."],
    ["Opened on", "dd/mm/yyyy, e.g. 05/09/2010."],
    ["Closed on", "dd/mm/yyyy; blank while the unit is open."],
  ],
};

export async function unitImportTemplate(db: Kysely<Database>, actor: Actor, format: "csv" | "xlsx", locale: Locale) {
  requireManager(actor);
  const headers = TEMPLATE_COLUMNS.map((column) => column[locale]);
  const fileBase = locale === "vi" ? "mau-nhap-don-vi" : "unit-import-template";
  if (format === "csv") {
    const csv = `\uFEFF${headers.join(",")}\r\n`;
    return { body: new TextEncoder().encode(csv), contentType: "text/csv; charset=utf-8", fileName: `${fileBase}.csv` };
  }
  const kinds = (await db.selectFrom("unit_kind").select(["code", "name", "level", "is_grassroots"]).execute()).sort(
    (a, b) => a.level - b.level || viCollator.compare(a.name, b.name),
  );
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Sổ tay tuyên truyền";
  const sheet = workbook.addWorksheet(locale === "vi" ? "Đơn vị" : "Units", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({
    header: column[locale],
    key: column.field,
    width: column.field === "name" ? 48 : column.field === "parent" ? 32 : 18,
    // Text format keeps codes' leading zeros and dd/mm/yyyy dates exactly as typed.
    style: column.field === "members" ? {} : { numFmt: "@" },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF5F7F9" } };
  const kindColumn = TEMPLATE_COLUMNS.findIndex((column) => column.field === "kind") + 1;
  const kindLetter = String.fromCharCode(64 + kindColumn);
  const kindsSheetName = locale === "vi" ? "Loại đơn vị" : "Unit kinds";
  if (kinds.length > 0) {
    // Worksheet#dataValidations exists at run time but not in exceljs's typings.
    const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
    for (let row = 2; row <= 2001; row++) {
      validations.add(`${kindLetter}${row}`, {
        type: "list",
        allowBlank: true,
        formulae: [`'${kindsSheetName}'!$B$2:$B$${kinds.length + 1}`],
        showErrorMessage: false,
      });
    }
  }
  const help = workbook.addWorksheet(locale === "vi" ? "Hướng dẫn" : "Instructions");
  help.columns = [
    { header: locale === "vi" ? "Cột" : "Column", key: "column", width: 22 },
    { header: locale === "vi" ? "Cách ghi" : "How to fill it", key: "how", width: 100 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [column, how] of INSTRUCTIONS[locale]) help.addRow({ column, how });
  const kindsSheet = workbook.addWorksheet(kindsSheetName);
  kindsSheet.columns = [
    { header: locale === "vi" ? "Mã loại" : "Kind code", key: "code", width: 18 },
    { header: locale === "vi" ? "Tên loại" : "Kind name", key: "name", width: 36 },
    { header: locale === "vi" ? "Cấp" : "Level", key: "level", width: 8 },
    { header: locale === "vi" ? "Công đoàn cơ sở" : "Grassroots", key: "grassroots", width: 16 },
  ];
  kindsSheet.getRow(1).font = { bold: true };
  for (const kind of kinds) {
    kindsSheet.addRow({ code: kind.code, name: kind.name, level: kind.level, grassroots: kind.is_grassroots ? (locale === "vi" ? "Có" : "Yes") : "" });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    body: new Uint8Array(buffer as ArrayBuffer),
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: `${fileBase}.xlsx`,
  };
}
