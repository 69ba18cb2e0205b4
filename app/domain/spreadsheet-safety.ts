/**
 * Spreadsheet safety for every file we hand to Excel or LibreOffice (CSV and XLSX exports):
 * a text cell that starts with = + - @, a tab or a carriage return could be read as a formula
 * ("CSV injection", OWASP), so it gets a leading apostrophe. Only text is touched: numbers and
 * dates stay numbers and dates, so sums and filters keep working.
 */

/** The characters a spreadsheet may take as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

/** "=HYPERLINK(…)" -> "'=HYPERLINK(…)"; anything else unchanged. */
export function neutraliseText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

export type CellValue = string | number | Date | null | undefined;

/** A cell value for a spreadsheet: text neutralised, numbers and dates as they are, empty as null. */
export function safeCell(value: CellValue): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return neutraliseText(value);
  return value;
}

/** One CSV field (RFC 4180): neutralised, and quoted when it holds a comma, a quote or a line break. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = value instanceof Date ? value.toISOString() : neutraliseText(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record ending in CRLF. */
export function csvLine(cells: readonly CellValue[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

/** Excel reads a UTF-8 CSV as UTF-8 only when it starts with this byte order mark. */
export const UTF8_BOM = "\uFEFF";
