/**
 * Importing units from a spreadsheet, the pure part: find the header row, read each row,
 * check it, resolve parents (by code or name, in the file or in the database) and kinds,
 * detect cycles, and plan the inserts parents-first. The service (unit-import.server.ts)
 * reads the file, looks the database up, and writes the plan in one transaction.
 *
 * Every problem is a message key with parameters, so the preview shows each bad row's
 * reason in the user's language.
 */
import type { MessageKey } from "~/i18n";
import { foldVietnamese } from "./search";
import { parseMemberCount, UNIT_CODE_PATTERN } from "./unit-schemas";
import { findCycles } from "./unit-tree";
import { dateField, type FieldError } from "./validation";

/** One spreadsheet cell as read from CSV (strings) or XLSX (numbers, dates, booleans too). */
export type Cell = string | number | boolean | Date | null | undefined;

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
const MAX_NAME = 300;
const MAX_SHORT_NAME = 120;
const HEADER_SCAN_ROWS = 20;

export const IMPORT_FIELDS = ["code", "name", "shortName", "parent", "parentCode", "parentName", "kind", "members", "openedOn", "closedOn"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header names users write, folded (see normaliseHeader); Vietnamese and English. */
const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  code: ["ma", "ma don vi", "ma dv", "ma so", "ma to chuc", "code", "unit code", "id"],
  name: ["ten", "ten don vi", "ten dv", "don vi", "ten to chuc", "ten cong doan", "ten to chuc cong doan", "ten cong doan co so", "name", "unit name", "unit"],
  shortName: ["ten viet tat", "ten ngan", "ten goi tat", "viet tat", "short name", "abbreviation"],
  parent: ["don vi cap tren", "cap tren", "cong doan cap tren", "to chuc cap tren", "truc thuoc", "parent", "parent unit"],
  parentCode: ["ma don vi cap tren", "ma cap tren", "ma dv cap tren", "parent code", "parent unit code"],
  parentName: ["ten don vi cap tren", "ten cap tren", "parent name", "parent unit name"],
  kind: ["loai", "loai don vi", "loai hinh", "loai to chuc", "loai cong doan", "kind", "type", "unit kind", "unit type"],
  members: ["so doan vien", "doan vien", "tong so doan vien", "so luong doan vien", "members", "member count", "number of members"],
  openedOn: ["ngay thanh lap", "thanh lap", "ngay bat dau hoat dong", "opened", "opened on", "open date", "date opened", "founded", "founded on"],
  closedOn: ["ngay giai the", "giai the", "ngay ngung hoat dong", "ngay dong", "closed", "closed on", "close date", "date closed", "dissolved on"],
};

const ALIAS_TO_FIELD = new Map<string, ImportField>(
  (Object.entries(HEADER_ALIASES) as [ImportField, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field] as const)),
);

/** "Ngày thành lập (dd/mm/yyyy) *" -> "ngay thanh lap". */
export function normaliseHeader(text: string): string {
  return foldVietnamese(text.replace(/\([^)]*\)/g, " "))
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function fieldOfHeader(text: string): ImportField | null {
  return ALIAS_TO_FIELD.get(normaliseHeader(text)) ?? null;
}

// ---------------------------------------------------------------------------------------
// Cells

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The text of a cell, trimmed and in NFC. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : isoOf(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return cell.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * A calendar date from a cell: an XLSX date (read as UTC midnight), an Excel serial number,
 * or text as dd/mm/yyyy, d-m-yyyy, d.m.yyyy or yyyy-mm-dd. Blank -> null.
 */
export function cellDate(cell: Cell): { ok: true; value: string | null } | { ok: false } {
  if (cell === null || cell === undefined) return { ok: true, value: null };
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false };
    const parsed = dateField.safeParse(isoOf(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
  }
  if (typeof cell === "number") {
    // Excel's day 1 is 1900-01-01, counted from 1899-12-30 because of its 1900 leap-year bug.
    if (!Number.isInteger(cell) || cell < 1 || cell > 73_050) return { ok: false };
    return cellDate(new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000));
  }
  const text = cellText(cell);
  if (text === "") return { ok: true, value: null };
  const dotted = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$/.exec(text);
  const parsed = dateField.safeParse(dotted ? `${dotted[1]}/${dotted[2]}/${dotted[3]}` : text);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

// ---------------------------------------------------------------------------------------
// Reading the table

export type ParentRef = { by: "any" | "code" | "name"; value: string };

export interface ImportRow {
  /** The row's number in the spreadsheet (1-based, as Excel shows it). */
  line: number;
  code: string | null;
  name: string;
  shortName: string | null;
  parentRef: ParentRef | null;
  kindRef: string;
  members: number;
  openedOn: string | null;
  closedOn: string | null;
  errors: FieldError[];
}

export interface ReadResult {
  rows: ImportRow[];
  /** Recognised columns, in file order. */
  columns: ImportField[];
  /** Header texts that matched no known column (they are not imported). */
  ignoredColumns: string[];
  /** Problems with the file as a whole (no header, too many rows ...). */
  fileErrors: FieldError[];
}

function err(key: MessageKey, params?: Record<string, string | number>): FieldError {
  return params ? { key, params } : { key };
}

function detectHeader(table: readonly (readonly Cell[])[]): { index: number; columns: Map<ImportField, number>; ignored: string[]; duplicates: string[] } | null {
  let best: { index: number; matches: number } | null = null;
  for (let i = 0; i < Math.min(table.length, HEADER_SCAN_ROWS); i++) {
    const fields = table[i].map((cell) => fieldOfHeader(cellText(cell)));
    if (!fields.includes("name")) continue;
    const matches = new Set(fields.filter(Boolean)).size;
    if (!best || matches > best.matches) best = { index: i, matches };
  }
  if (!best) return null;
  const columns = new Map<ImportField, number>();
  const ignored: string[] = [];
  const duplicates: string[] = [];
  table[best.index].forEach((cell, column) => {
    const text = cellText(cell);
    if (!text) return;
    const field = fieldOfHeader(text);
    if (!field) ignored.push(text);
    else if (columns.has(field)) duplicates.push(text);
    else columns.set(field, column);
  });
  return { index: best.index, columns, ignored, duplicates };
}

const MEMBER_ERROR_KEYS: Partial<Record<string, MessageKey>> = {
  "units.membersNegative": "unitImport.membersNegative",
  "validation.notInteger": "unitImport.membersNotInteger",
  "units.membersTooBig": "unitImport.membersTooBig",
};

/**
 * Reads the rows under the header and checks each on its own (required fields, formats,
 * numbers, dates). `today` ("yyyy-MM-dd", in Vietnam) bounds closing dates.
 */
export function readImportTable(table: readonly (readonly Cell[])[], today: string): ReadResult {
  const header = detectHeader(table);
  if (!header) return { rows: [], columns: [], ignoredColumns: [], fileErrors: [err("unitImport.noHeader")] };
  const fileErrors: FieldError[] = header.duplicates.map((column) => err("unitImport.duplicateColumn", { column }));
  if (!header.columns.has("kind")) fileErrors.push(err("unitImport.missingKindColumn"));

  const at = (row: readonly Cell[], field: ImportField): Cell => {
    const column = header.columns.get(field);
    return column === undefined ? null : row[column];
  };
  const rows: ImportRow[] = [];
  for (let i = header.index + 1; i < table.length; i++) {
    const cells = table[i];
    if (!cells || cells.every((cell) => cellText(cell) === "")) continue;
    if (rows.length >= MAX_IMPORT_ROWS) {
      fileErrors.push(err("unitImport.tooManyRows", { max: MAX_IMPORT_ROWS }));
      break;
    }
    rows.push(readRow(i + 1, cells, at, today));
  }
  if (rows.length === 0 && fileErrors.length === 0) fileErrors.push(err("unitImport.noRows"));
  const columns = [...header.columns.entries()].sort((a, b) => a[1] - b[1]).map(([field]) => field);
  return { rows, columns, ignoredColumns: header.ignored, fileErrors };
}

function readRow(line: number, cells: readonly Cell[], at: (row: readonly Cell[], field: ImportField) => Cell, today: string): ImportRow {
  const errors: FieldError[] = [];
  const name = cellText(at(cells, "name"));
  if (!name) errors.push(err("unitImport.nameRequired"));
  else if (name.length > MAX_NAME) errors.push(err("unitImport.nameTooLong", { max: MAX_NAME }));

  const code = cellText(at(cells, "code")) || null;
  if (code && !UNIT_CODE_PATTERN.test(code)) errors.push(err("unitImport.codeFormat", { value: code }));

  const shortName = cellText(at(cells, "shortName")) || null;
  if (shortName && shortName.length > MAX_SHORT_NAME) errors.push(err("unitImport.shortNameTooLong", { max: MAX_SHORT_NAME }));

  const parentCode = cellText(at(cells, "parentCode"));
  const parentName = cellText(at(cells, "parentName"));
  const parentAny = cellText(at(cells, "parent"));
  const parentRef: ParentRef | null = parentCode
    ? { by: "code", value: parentCode }
    : parentName
      ? { by: "name", value: parentName }
      : parentAny
        ? { by: "any", value: parentAny }
        : null;

  const kindRef = cellText(at(cells, "kind"));
  if (!kindRef) errors.push(err("unitImport.kindRequired"));

  const membersCell = at(cells, "members");
  const members = parseMemberCount(typeof membersCell === "number" ? membersCell : cellText(membersCell));
  if (!members.ok) errors.push(err(MEMBER_ERROR_KEYS[members.error.key] ?? "unitImport.membersNotNumber", { value: cellText(membersCell) }));

  const opened = cellDate(at(cells, "openedOn"));
  if (!opened.ok) errors.push(err("unitImport.badOpenedOn", { value: cellText(at(cells, "openedOn")) }));
  const closed = cellDate(at(cells, "closedOn"));
  if (!closed.ok) errors.push(err("unitImport.badClosedOn", { value: cellText(at(cells, "closedOn")) }));
  const openedOn = opened.ok ? opened.value : null;
  const closedOn = closed.ok ? closed.value : null;
  if (openedOn && closedOn && closedOn < openedOn) errors.push(err("unitImport.closedBeforeOpened"));
  if (closedOn && closedOn > today) errors.push(err("unitImport.closedInFuture"));

  return { line, code, name, shortName, parentRef, kindRef, members: members.ok ? members.value : 0, openedOn, closedOn, errors };
}

// ---------------------------------------------------------------------------------------
// Resolving against the database and planning

export interface ExistingUnit {
  id: number;
  parent_id: number | null;
  code: string | null;
  name: string;
  closed_on: string | null;
}

export interface ImportLookups {
  /** The actor's unit: rows without a parent go under it. */
  rootUnitId: number;
  kinds: readonly { id: number; code: string; name: string }[];
  /** Every unit in the actor's scope. */
  scopeUnits: readonly ExistingUnit[];
  /** Upper-cased codes the file mentions that belong to units outside the scope. */
  outsideCodes: ReadonlySet<string>;
  /** Folded names the file gives as parents that belong to units outside the scope. */
  outsideNames: ReadonlySet<string>;
}

/** Where a planned unit goes: under an existing unit, or under another row of the file. */
export type PlannedParent = { unitId: number } | { line: number };

export interface PlannedUnit {
  line: number;
  code: string | null;
  name: string;
  shortName: string | null;
  kindId: number;
  members: number;
  openedOn: string | null;
  closedOn: string | null;
  parent: PlannedParent;
  /** 0 under an existing unit, n under a row of level n-1: insert level by level. */
  level: number;
}

export interface CheckedImport {
  rows: ImportRow[];
  /** Rows ready to insert, parents first; empty when any row or the file has an error. */
  plan: PlannedUnit[];
  errorCount: number;
}

/** What the service must look up in the database before `checkImport` can run. */
export function lookupsNeeded(rows: readonly ImportRow[]): { codes: string[]; parentNames: string[] } {
  const codes = new Set<string>();
  const parentNames = new Set<string>();
  for (const row of rows) {
    if (row.code) codes.add(row.code.toUpperCase());
    if (row.parentRef) {
      if (row.parentRef.by !== "name" && UNIT_CODE_PATTERN.test(row.parentRef.value)) codes.add(row.parentRef.value.toUpperCase());
      if (row.parentRef.by !== "code") parentNames.add(row.parentRef.value);
    }
  }
  return { codes: [...codes], parentNames: [...parentNames] };
}

type Resolved = { unitId: number } | { row: number } | { error: FieldError };

/**
 * Resolves kinds and parents, and checks what needs the whole file and the database:
 * duplicate codes and sibling names, unknown or out-of-scope or ambiguous parents, cycles,
 * open units under closed ones. A row under a bad row is bad too (all or nothing).
 */
export function checkImport(read: ReadResult, lookups: ImportLookups): CheckedImport {
  const rows = read.rows.map((row) => ({ ...row, errors: [...row.errors] }));

  const kindByKey = new Map<string, number>();
  for (const kind of lookups.kinds) {
    kindByKey.set(`code:${kind.code.toUpperCase()}`, kind.id);
    kindByKey.set(`name:${foldVietnamese(kind.name)}`, kind.id);
  }
  const kindIds = rows.map((row) => {
    if (!row.kindRef) return null;
    const id = kindByKey.get(`code:${row.kindRef.toUpperCase()}`) ?? kindByKey.get(`name:${foldVietnamese(row.kindRef)}`);
    if (id === undefined) row.errors.push(err("unitImport.kindUnknown", { value: row.kindRef }));
    return id ?? null;
  });

  // Codes: unique in the file and new to the database.
  const scopeByCode = new Map<string, ExistingUnit>();
  const scopeById = new Map<number, ExistingUnit>();
  const scopeByName = new Map<string, ExistingUnit[]>();
  const scopeChildNames = new Set<string>();
  for (const unit of lookups.scopeUnits) {
    scopeById.set(unit.id, unit);
    if (unit.code) scopeByCode.set(unit.code.toUpperCase(), unit);
    const folded = foldVietnamese(unit.name);
    const named = scopeByName.get(folded);
    if (named) named.push(unit);
    else scopeByName.set(folded, [unit]);
    if (unit.parent_id != null) scopeChildNames.add(`u${unit.parent_id}|${folded}`);
  }
  const rowByCode = new Map<string, number>();
  rows.forEach((row, index) => {
    if (!row.code) return;
    const key = row.code.toUpperCase();
    const first = rowByCode.get(key);
    if (first !== undefined) row.errors.push(err("unitImport.codeDuplicateInFile", { code: row.code, line: rows[first].line }));
    else {
      rowByCode.set(key, index);
      if (scopeByCode.has(key) || lookups.outsideCodes.has(key)) row.errors.push(err("unitImport.codeExists", { code: row.code }));
    }
  });
  const rowsByName = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (!row.name) return;
    const folded = foldVietnamese(row.name);
    const named = rowsByName.get(folded);
    if (named) named.push(index);
    else rowsByName.set(folded, [index]);
  });

  // Parents.
  const resolve = (index: number, ref: ParentRef | null): Resolved => {
    if (!ref) return { unitId: lookups.rootUnitId };
    const { value } = ref;
    if (ref.by !== "name") {
      const key = value.toUpperCase();
      const row = rowByCode.get(key);
      if (row !== undefined) return { row };
      const unit = scopeByCode.get(key);
      if (unit) return { unitId: unit.id };
      if (lookups.outsideCodes.has(key)) return { error: err("unitImport.parentOutsideScope", { value }) };
      if (ref.by === "code") return { error: err("unitImport.parentUnknown", { value }) };
    }
    const folded = foldVietnamese(value);
    const fileMatches = (rowsByName.get(folded) ?? []).filter((i) => i !== index);
    const unitMatches = scopeByName.get(folded) ?? [];
    if (fileMatches.length + unitMatches.length > 1) return { error: err("unitImport.parentAmbiguous", { value }) };
    if (fileMatches.length === 1) return { row: fileMatches[0] };
    if (unitMatches.length === 1) return { unitId: unitMatches[0].id };
    if ((rowsByName.get(folded) ?? []).includes(index)) return { error: err("unitImport.parentIsSelf") };
    if (lookups.outsideNames.has(folded)) return { error: err("unitImport.parentOutsideScope", { value }) };
    return { error: err("unitImport.parentUnknown", { value }) };
  };
  const parents = rows.map((row, index) => {
    const resolved = resolve(index, row.parentRef);
    if ("error" in resolved) row.errors.push(resolved.error);
    if ("row" in resolved && resolved.row === index) {
      row.errors.push(err("unitImport.parentIsSelf"));
      return null;
    }
    return "error" in resolved ? null : resolved;
  });

  // Cycles among the file's rows.
  const rowParent = new Map<number, number | null>();
  parents.forEach((parent, index) => rowParent.set(index, parent && "row" in parent ? parent.row : null));
  const cycles = findCycles(rowParent);
  for (const [index, cycle] of cycles) {
    const from = cycle.indexOf(index);
    const rotated = [...cycle.slice(from), ...cycle.slice(0, from)];
    const lines = [...rotated, index].map((i) => rows[i].line).join(" → ");
    rows[index].errors.push(err("unitImport.cycle", { lines }));
  }

  // Closed parents, sibling names.
  const siblingFirst = new Map<string, number>();
  rows.forEach((row, index) => {
    const parent = parents[index];
    if (!parent || cycles.has(index)) return;
    if ("unitId" in parent) {
      const unit = scopeById.get(parent.unitId);
      if (unit?.closed_on && !row.closedOn) row.errors.push(err("unitImport.parentClosed", { value: unit.name }));
    } else if (rows[parent.row].closedOn && !row.closedOn) {
      row.errors.push(err("unitImport.parentClosed", { value: rows[parent.row].name }));
    }
    if (!row.name) return;
    const parentKey = "unitId" in parent ? `u${parent.unitId}` : `r${parent.row}`;
    const key = `${parentKey}|${foldVietnamese(row.name)}`;
    const first = siblingFirst.get(key);
    if (first !== undefined) row.errors.push(err("unitImport.nameDuplicateInFile", { line: rows[first].line }));
    else {
      siblingFirst.set(key, index);
      if ("unitId" in parent && scopeChildNames.has(key)) row.errors.push(err("unitImport.nameExists", { value: scopeById.get(parent.unitId)?.name ?? "" }));
    }
  });

  // Levels, and rows under bad rows (walk each chain up to an existing unit, iteratively).
  const level = new Map<number, number>();
  const bad = new Set<number>();
  rows.forEach((row, index) => row.errors.length > 0 && bad.add(index));
  const settle = (start: number) => {
    const chain: number[] = [];
    let current: number | null = start;
    while (current !== null && !level.has(current) && !cycles.has(current)) {
      chain.push(current);
      const parent: Resolved | null = parents[current];
      current = parent && "row" in parent ? parent.row : null;
    }
    // `current` is null (chain ends at an existing unit or an unresolved parent), settled, or on a cycle.
    let baseLevel = current === null ? -1 : (level.get(current) ?? -1);
    let parentBad = current !== null && (bad.has(current) || cycles.has(current));
    let parentIndex = current;
    for (let i = chain.length - 1; i >= 0; i--) {
      const index = chain[i];
      baseLevel += 1;
      level.set(index, baseLevel);
      if (parentBad && parentIndex !== null && !bad.has(index)) {
        rows[index].errors.push(err("unitImport.parentRowInvalid", { line: rows[parentIndex].line }));
      }
      if (parentBad || rows[index].errors.length > 0) bad.add(index);
      parentBad = bad.has(index);
      parentIndex = index;
    }
  };
  rows.forEach((_, index) => settle(index));

  const errorCount = rows.filter((row) => row.errors.length > 0).length;
  if (errorCount > 0 || read.fileErrors.length > 0) return { rows, plan: [], errorCount };
  const plan: PlannedUnit[] = rows.map((row, index) => {
    const parent = parents[index]!;
    return {
      line: row.line,
      code: row.code,
      name: row.name,
      shortName: row.shortName,
      kindId: kindIds[index]!,
      members: row.members,
      openedOn: row.openedOn,
      closedOn: row.closedOn,
      parent: "unitId" in parent ? { unitId: parent.unitId } : { line: rows[parent.row].line },
      level: level.get(index) ?? 0,
    };
  });
  plan.sort((a, b) => a.level - b.level || a.line - b.line);
  return { rows, plan, errorCount: 0 };
}

// ---------------------------------------------------------------------------------------
// The preview shown to the user

export interface PreviewRow {
  line: number;
  code: string | null;
  name: string;
  parentLabel: string;
  kindName: string;
  members: number;
  openedOn: string | null;
  closedOn: string | null;
}

export interface ImportPreview {
  fileName: string;
  totalRows: number;
  validRows: number;
  columns: ImportField[];
  ignoredColumns: string[];
  fileErrors: FieldError[];
  /** Every bad row with every reason. */
  errorRows: { line: number; code: string | null; name: string; errors: FieldError[] }[];
  /** The first good rows, to show what will be created. */
  sample: PreviewRow[];
  byKind: { kindName: string; count: number }[];
  /** Set when the file is good: the staged upload the commit step refers to. */
  uploadId: number | null;
}

export const PREVIEW_SAMPLE_ROWS = 20;

export function buildPreview(fileName: string, read: ReadResult, checked: CheckedImport, lookups: ImportLookups, uploadId: number | null): ImportPreview {
  const kindName = new Map(lookups.kinds.map((k) => [k.id, k.name]));
  const unitName = new Map(lookups.scopeUnits.map((u) => [u.id, u.name]));
  const rowName = new Map(checked.rows.map((r) => [r.line, r.name]));
  const counts = new Map<string, number>();
  for (const unit of checked.plan) {
    const name = kindName.get(unit.kindId) ?? "";
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const sample = [...checked.plan]
    .sort((a, b) => a.line - b.line)
    .slice(0, PREVIEW_SAMPLE_ROWS)
    .map((unit) => ({
      line: unit.line,
      code: unit.code,
      name: unit.name,
      parentLabel: "unitId" in unit.parent ? (unitName.get(unit.parent.unitId) ?? "") : (rowName.get(unit.parent.line) ?? ""),
      kindName: kindName.get(unit.kindId) ?? "",
      members: unit.members,
      openedOn: unit.openedOn,
      closedOn: unit.closedOn,
    }));
  return {
    fileName,
    totalRows: read.rows.length,
    validRows: checked.rows.length - checked.errorCount,
    columns: read.columns,
    ignoredColumns: read.ignoredColumns,
    fileErrors: read.fileErrors,
    errorRows: checked.rows.filter((r) => r.errors.length > 0).map((r) => ({ line: r.line, code: r.code, name: r.name, errors: r.errors })),
    sample,
    byKind: [...counts.entries()].map(([name, count]) => ({ kindName: name, count })),
    uploadId: checked.plan.length > 0 && read.fileErrors.length === 0 ? uploadId : null,
  };
}

/** Column headers of the template, in order, by language. */
export const TEMPLATE_COLUMNS: readonly { field: ImportField; vi: string; en: string }[] = [
  { field: "code", vi: "Mã", en: "Code" },
  { field: "name", vi: "Tên đơn vị", en: "Unit name" },
  { field: "shortName", vi: "Tên viết tắt", en: "Short name" },
  { field: "parent", vi: "Đơn vị cấp trên", en: "Parent unit" },
  { field: "kind", vi: "Loại", en: "Kind" },
  { field: "members", vi: "Số đoàn viên", en: "Members" },
  { field: "openedOn", vi: "Ngày thành lập", en: "Opened on" },
  { field: "closedOn", vi: "Ngày giải thể", en: "Closed on" },
];
