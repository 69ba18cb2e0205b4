/**
 * Reading a Facebook page export (pure: bytes in, posts out; no I/O).
 *
 * Two real shapes are in use (see shared/DOMAIN.md):
 *   - the older Page Insights post export: header row, then a row of descriptions that is not
 *     data; `Posted` like "01/19/2017 09:03:47 AM" (Pacific time, as Facebook wrote it);
 *     `Lifetime Post Total Reach`, `Lifetime Post Total Impressions` ...
 *   - the Meta Business Suite content export: UTF-8 with BOM (page-level ones UTF-16 with a
 *     `sep=,` first line), varying columns, `Publish time` like "09/01/2025 21:13" (MM/dd/yyyy,
 *     Vietnam time), `Date` = "Lifetime"; Vietnamese headers when the interface is Vietnamese.
 *
 * Columns are matched through an alias table (folded: no diacritics, no case, no punctuation),
 * a subset is enough (a post id or permalink, and a publish time), and the result says which
 * column fed which field and which metric a reach or views figure came from, because a
 * year-end tally must say what it summed. Each bad row is reported with its row number as a
 * spreadsheet shows it (the header is row 1) and is left out; the rest import.
 */
import { TZDate } from "@date-fns/tz";
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { APP_TIME_ZONE } from "./dates";
import { idSchema } from "./ids";
import type { ReachSource } from "./result-schemas";
import { foldVietnamese } from "./search";
import { blankToUndefined, type FieldError } from "./validation";

export const MAX_FB_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_FB_IMPORT_ROWS = 20_000;
/** Post text kept per post: enough for a title and the preview, small enough to carry in a form. */
export const MAX_POST_TEXT = 240;
export const MAX_ACTIVITY_TITLE = 150;
const MAX_FIGURE = 1_000_000_000_000;
const HEADER_SCAN_ROWS = 5;

/** Page Insights exports wrote times in Pacific time; Business Suite writes the page's (Vietnam's). */
export const PAGE_INSIGHTS_TIME_ZONE = "America/Los_Angeles";

export type FbField =
  | "postId"
  | "pageId"
  | "permalink"
  | "message"
  | "title"
  | "description"
  | "postType"
  | "publishedAt"
  | "period"
  | "reach"
  | "views"
  | "engagements"
  | "engagedUsers"
  | "reactions"
  | "comments"
  | "shares";

export type ViewsSource = Extract<ReachSource, "meta_views" | "insights_lifetime_impressions">;
export type FbReachSource = Extract<ReachSource, "meta_reach" | "insights_lifetime_reach">;

interface ColumnKind {
  field: FbField;
  /** For reach and views: which metric the column is. */
  source?: FbReachSource | ViewsSource;
}

/** Header texts as folded by headerKey(), English and Vietnamese, of both export shapes. */
const ALIASES: readonly [string[], ColumnKind][] = [
  [["post id", "id bai viet", "ma bai viet", "id bai dang", "ma bai dang", "id cua bai viet"], { field: "postId" }],
  [["page id", "id trang", "ma trang"], { field: "pageId" }],
  [["permalink", "lien ket co dinh", "duong dan co dinh", "lien ket", "lien ket bai viet", "duong dan", "url", "post link"], { field: "permalink" }],
  [["post message", "message", "noi dung", "noi dung bai viet", "thong diep"], { field: "message" }],
  [["title", "tieu de"], { field: "title" }],
  [["description", "mo ta"], { field: "description" }],
  [["type", "post type", "loai bai viet", "loai bai dang", "loai noi dung"], { field: "postType" }],
  [
    ["posted", "publish time", "published", "published time", "created time", "thoi gian dang", "thoi gian xuat ban", "ngay dang", "ngay gio dang"],
    { field: "publishedAt" },
  ],
  [["date", "ngay", "khoang thoi gian"], { field: "period" }],
  [["reach", "so nguoi tiep can", "luot tiep can", "nguoi tiep can"], { field: "reach", source: "meta_reach" }],
  [["lifetime post total reach"], { field: "reach", source: "insights_lifetime_reach" }],
  // Meta renamed "Impressions" to "Views" in 2025; older Business Suite files say Impressions.
  [["views", "luot xem", "impressions", "luot hien thi"], { field: "views", source: "meta_views" }],
  [["lifetime post total impressions"], { field: "views", source: "insights_lifetime_impressions" }],
  [
    ["reactions comments and shares", "cam xuc binh luan va luot chia se", "luot tuong tac", "tuong tac", "engagements", "post engagements"],
    { field: "engagements" },
  ],
  [["lifetime engaged users"], { field: "engagedUsers" }],
  [
    [
      "reactions", "cam xuc", "luot cam xuc", "likes", "luot thich",
      "lifetime talking about this post by action type like", "lifetime post stories by action type like",
    ],
    { field: "reactions" },
  ],
  [
    [
      "comments", "binh luan", "luot binh luan",
      "lifetime talking about this post by action type comment", "lifetime post stories by action type comment",
    ],
    { field: "comments" },
  ],
  [
    [
      "shares", "luot chia se", "chia se",
      "lifetime talking about this post by action type share", "lifetime post stories by action type share",
    ],
    { field: "shares" },
  ],
];

const ALIAS_MAP = new Map<string, ColumnKind>(ALIASES.flatMap(([names, kind]) => names.map((name) => [name, kind] as const)));

/** Columns of both shapes that are known but not imported (listed apart from unknown ones). */
const KNOWN_UNUSED = new Set([
  "page name", "ten trang", "duration sec", "thoi luong giay", "caption type", "loai phu de", "is crosspost", "la bai dang cheo",
  "is share", "la luot chia se", "languages", "ngon ngu", "custom labels", "nhan tuy chinh", "funded content status",
  "trang thai noi dung duoc tai tro", "data comment", "binh luan ve du lieu", "views from organic posts", "views from boosted posts",
  "reach from organic posts", "reach from boosted posts", "seconds viewed", "so giay da xem", "average seconds viewed",
  "so giay xem trung binh", "total clicks", "tong luot click", "link clicks", "luot click vao lien ket", "other clicks",
  "luot click khac", "countries", "audience targeting", "matched audience targeting consumption photo click",
  "negative feedback from users hide all", "negative feedback from users hide", "negative feedback from users report as spam",
  "negative feedback from users unlike page",
]);

/** "Thời gian đăng" -> "thoi gian dang"; "Duration (sec)" -> "duration sec". */
export function headerKey(text: string): string {
  return foldVietnamese(text.normalize("NFC"))
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function columnKindOf(header: string): ColumnKind | null {
  return ALIAS_MAP.get(headerKey(header)) ?? null;
}

function isKnownUnused(header: string): boolean {
  const key = headerKey(header);
  // Page Insights has some sixty "Lifetime ..." metrics; only a few are imported.
  return KNOWN_UNUSED.has(key) || key.startsWith("lifetime ");
}

// ---------------------------------------------------------------------------------------
// Output

export type FileEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be";
export type ExportShape = "page_insights" | "business_suite" | "unknown";

export interface FacebookPost {
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  line: number;
  /** The post's own id (the part after "_" of a Page Insights "pageid_postid"). */
  postId: string | null;
  permalink: string | null;
  /** The post's text (message, else title, else description), single-spaced and shortened. */
  text: string | null;
  postType: string | null;
  publishedAt: Date;
  reach: number | null;
  views: number | null;
  engagements: number | null;
  shares: number | null;
  /** Which metric fed `reach` (null when the file has no reach column). */
  reachSource: FbReachSource | null;
  /** Which metric fed `views`. */
  viewsSource: ViewsSource | null;
}

export interface UsedColumn {
  field: FbField;
  headers: string[];
  source?: FbReachSource | ViewsSource;
  /** For engagements: how the figure is made. */
  rule?: "total" | "sum" | "engagedUsers";
}

export interface RowProblem {
  line: number;
  postId: string | null;
  text: string | null;
  errors: FieldError[];
}

export interface FacebookExport {
  fileName: string;
  shape: ExportShape;
  encoding: FileEncoding;
  delimiter: string;
  /** How slashed dates were read, and whether the file itself showed it (a day above 12). */
  dateOrder: "mdy" | "dmy";
  dateOrderFromFile: boolean;
  timeZone: string;
  descriptionRowSkipped: boolean;
  /** Which fields the file provides (a missing column keeps a logged figure as it was). */
  provides: { reach: boolean; views: boolean; engagements: boolean; shares: boolean };
  columns: { used: UsedColumn[]; ignored: string[]; unrecognised: string[] };
  /** Data rows read (not counting the header and the description row). */
  totalRows: number;
  posts: FacebookPost[];
  problems: RowProblem[];
  /** Notes about the whole file that do not stop the import. */
  warnings: FieldError[];
}

export type ParseOutcome = { ok: true; export: FacebookExport } | { ok: false; error: FieldError };

class ExportError extends Error {
  constructor(readonly error: FieldError) {
    super(error.key);
  }
}

const fail = (key: MessageKey, params?: Record<string, string | number>): never => {
  throw new ExportError(params ? { key, params } : { key });
};

// ---------------------------------------------------------------------------------------
// Bytes to text

const startsWith = (b: Uint8Array, ...sig: number[]) => sig.every((v, i) => b[i] === v);

function refuseBinary(bytes: Uint8Array, fileName: string): void {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0) || /\.(xlsx|xls|xlsm|ods)$/i.test(fileName)) {
    fail("fbImport.error.spreadsheet");
  }
  if (
    startsWith(bytes, 0x25, 0x50, 0x44, 0x46) || // %PDF
    startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) || // PNG
    startsWith(bytes, 0xff, 0xd8, 0xff) || // JPEG
    startsWith(bytes, 0x47, 0x49, 0x46, 0x38) || // GIF
    startsWith(bytes, 0x1f, 0x8b) // gzip
  ) {
    fail("fbImport.error.notCsv");
  }
}

/** UTF-16 without a BOM shows as a NUL in every other byte of ASCII text. */
function guessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return "utf-16le";
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return "utf-16be";
  return null;
}

export function decodeExport(bytes: Uint8Array, fileName = ""): { text: string; encoding: FileEncoding } {
  refuseBinary(bytes, fileName);
  let encoding: FileEncoding;
  let body: Uint8Array;
  if (startsWith(bytes, 0xff, 0xfe)) [encoding, body] = ["utf-16le", bytes.subarray(2)];
  else if (startsWith(bytes, 0xfe, 0xff)) [encoding, body] = ["utf-16be", bytes.subarray(2)];
  else if (startsWith(bytes, 0xef, 0xbb, 0xbf)) [encoding, body] = ["utf-8-bom", bytes.subarray(3)];
  else {
    const utf16 = guessUtf16(bytes);
    [encoding, body] = utf16 ? [utf16, bytes] : ["utf-8", bytes];
  }
  if (encoding === "utf-8" && body.includes(0)) fail("fbImport.error.notCsv");
  let text: string;
  try {
    const label = encoding === "utf-8-bom" ? "utf-8" : encoding;
    text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return fail("fbImport.error.encoding");
  }
  // Control characters other than tab and line breaks mean a binary file read as text.
  const sample = text.slice(0, 20_000);
  const controls = sample.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0;
  if (controls > 0 && controls > sample.length / 1000) fail("fbImport.error.notCsv");
  return { text: text.normalize("NFC"), encoding };
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

function readRecords(text: string): { records: string[][]; delimiter: string } {
  let body = text;
  let delimiter: string | undefined;
  const sep = /^sep=(.)[ \t]*(\r\n|\n|\r|$)/i.exec(body);
  if (sep) {
    delimiter = sep[1];
    body = body.slice(sep[0].length);
  }
  delimiter ??= sniffDelimiter(body.split(/\r\n|\n|\r/, 1)[0] ?? "");
  try {
    const records = parseCsv(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
    return { records, delimiter };
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    return fail("fbImport.error.malformed", { line: typeof lines === "number" ? lines + (sep ? 1 : 0) : "?" });
  }
}

// ---------------------------------------------------------------------------------------
// Cells

const blank = (cell: string | undefined) => cell === undefined || cell.trim() === "";

/** "1,234" / "1.234" / "1 234" / "1234" / "1234.0" -> 1234; "", "-", "--" -> null. */
export function parseCount(cell: string | undefined): { ok: true; value: number | null } | { ok: false } {
  if (cell === undefined) return { ok: true, value: null };
  const text = cell.replace(/[\s\u00a0\u202f']/g, "");
  if (text === "" || /^[-–—]+$/.test(text) || /^n\/?a$/i.test(text)) return { ok: true, value: null };
  let digits: string | null = null;
  if (/^\d+$/.test(text)) digits = text;
  else if (/^\d{1,3}(,\d{3})+$/.test(text) || /^\d{1,3}(\.\d{3})+$/.test(text)) digits = text.replace(/[.,]/g, "");
  else if (/^\d+[.,]0+$/.test(text)) digits = text.replace(/[.,]0+$/, "");
  if (digits === null) return { ok: false };
  const value = Number(digits);
  return Number.isSafeInteger(value) && value <= MAX_FIGURE ? { ok: true, value } : { ok: false };
}

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|sa|ch)?)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?)?$/i;

function validDate(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return y >= 2004 && y <= 2100 && probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * A publish time: "09/01/2025 21:13" or "01/19/2017 09:03:47 AM" (slashed, in `order`), or
 * ISO "2025-09-01T21:13:00+0000". Without an offset the wall clock is read in `zone`.
 * Vietnamese "SA"/"CH" are AM/PM.
 */
export function parsePublishTime(cell: string, order: "mdy" | "dmy", zone: string): Date | null {
  const text = cell.trim().replace(/\s+/g, " ");
  let y: number, mo: number, d: number, h = 0, mi = 0, s = 0;
  let offsetMinutes: number | null = null;
  const slashed = SLASHED.exec(text);
  const iso = slashed ? null : ISO.exec(text);
  if (slashed) {
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    [mo, d] = order === "mdy" ? [a, b] : [b, a];
    y = Number(slashed[3]);
    if (slashed[4] !== undefined) {
      h = Number(slashed[4]);
      mi = Number(slashed[5]);
      s = slashed[6] ? Number(slashed[6]) : 0;
      const meridiem = slashed[7]?.toLowerCase();
      if (meridiem) {
        if (h < 1 || h > 12) return null;
        const pm = meridiem === "pm" || meridiem === "ch";
        h = (h % 12) + (pm ? 12 : 0);
      }
    }
  } else if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (iso[4] !== undefined) {
      h = Number(iso[4]);
      mi = Number(iso[5]);
      s = iso[6] ? Number(iso[6]) : 0;
    }
    const zoneText = iso[7];
    if (zoneText) {
      if (zoneText.toLowerCase() === "z") offsetMinutes = 0;
      else {
        const sign = zoneText.startsWith("-") ? -1 : 1;
        const digits = zoneText.slice(1).replace(":", "");
        offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
      }
    }
  } else return null;
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  if (offsetMinutes !== null) return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000);
  return new Date(new TZDate(y, mo - 1, d, h, mi, s, zone).getTime());
}

/**
 * Which order the slashed dates of a column are in: a date that is only valid day-first
 * (25/10/2022) counts for day-first, one only valid month-first (10/25/2022) for month-first;
 * the majority wins, and without evidence Meta's month-first order is assumed.
 */
function detectDateOrder(cells: readonly string[]): { order: "mdy" | "dmy"; fromFile: boolean } {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const cell of cells) {
    const m = SLASHED.exec(cell.trim().replace(/\s+/g, " "));
    if (!m) continue;
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const asMdy = validDate(y, a, b);
    const asDmy = validDate(y, b, a);
    if (asDmy && !asMdy) dayFirst++;
    if (asMdy && !asDmy) monthFirst++;
  }
  return { order: dayFirst > monthFirst ? "dmy" : "mdy", fromFile: dayFirst + monthFirst > 0 };
}

/** A post id "pageid_postid" (Page Insights) splits; a Business Suite id is the post's own. */
export function splitPostId(raw: string): { postId: string; pageId: string | null } {
  const text = raw.trim();
  const joined = /^(\d+)_(\d+)$/.exec(text);
  return joined ? { pageId: joined[1], postId: joined[2] } : { postId: text, pageId: null };
}

/** The post id a permalink carries, when it carries one (…/posts/123, ?story_fbid=123, /videos/123). */
export function postIdFromPermalink(url: string): string | null {
  try {
    const u = new URL(url);
    const fbid = u.searchParams.get("story_fbid") ?? u.searchParams.get("fbid") ?? u.searchParams.get("v");
    if (fbid && /^\d+$/.test(fbid)) return fbid;
    const m = /\/(?:posts|videos|reel|photos\/[^/]+)\/(\d+)\/?$/.exec(u.pathname);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

/**
 * A permalink reduced to what identifies the post, so links typed by hand match the export's:
 * https://m.facebook.com/x/posts/1/?ref=share -> facebook.com/x/posts/1.
 */
export function permalinkKey(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  let host = u.hostname.toLowerCase().replace(/^(www|m|mobile|web|mbasic|business)\./, "");
  if (host === "fb.com") host = "facebook.com";
  const path = u.pathname.replace(/\/+$/, "");
  const keep = ["story_fbid", "fbid", "id", "v"]
    .filter((k) => u.searchParams.has(k))
    .map((k) => `${k}=${u.searchParams.get(k)}`)
    .join("&");
  return `${host}${path}${keep ? `?${keep}` : ""}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === "http:" || u.protocol === "https:") && text.length <= 2000;
  } catch {
    return false;
  }
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** The post's text as one line, shortened for storage. */
function postText(raw: string | undefined): string | null {
  const text = (raw ?? "").replace(/\s+/g, " ").trim();
  return text ? shorten(text, MAX_POST_TEXT) : null;
}

/** A new activity's title: the post's first sentence or line, shortened. */
export function activityTitleOf(post: Pick<FacebookPost, "text">, fallback: string): string {
  const text = post.text?.trim();
  if (!text) return fallback;
  return shorten(text, MAX_ACTIVITY_TITLE);
}

// ---------------------------------------------------------------------------------------
// The table

interface HeaderMap {
  index: number;
  columns: Map<FbField, { column: number; header: string; source?: FbReachSource | ViewsSource }[]>;
  ignored: string[];
  unrecognised: string[];
}

function mapHeader(record: readonly string[], index: number): HeaderMap {
  const columns: HeaderMap["columns"] = new Map();
  const ignored: string[] = [];
  const unrecognised: string[] = [];
  record.forEach((cell, column) => {
    const header = cell.replace(/\s+/g, " ").trim();
    if (!header) return;
    const kind = columnKindOf(header);
    if (kind) {
      const list = columns.get(kind.field) ?? [];
      list.push({ column, header, source: kind.source });
      columns.set(kind.field, list);
    } else if (isKnownUnused(header)) ignored.push(header);
    else unrecognised.push(header);
  });
  return { index, columns, ignored, unrecognised };
}

function findHeader(records: readonly string[][]): HeaderMap | null {
  let best: HeaderMap | null = null;
  for (let i = 0; i < Math.min(records.length, HEADER_SCAN_ROWS); i++) {
    const map = mapHeader(records[i], i);
    if (map.columns.size > 0 && (!best || map.columns.size > best.columns.size)) best = map;
  }
  return best;
}

/** The order fields are listed in the column report. */
export const FIELD_ORDER: readonly FbField[] = [
  "postId", "permalink", "message", "title", "description", "postType", "publishedAt", "reach", "views", "engagements", "reactions", "comments", "shares",
];

const METRIC_FIELDS: readonly FbField[] = ["reach", "views", "engagements", "engagedUsers", "reactions", "comments", "shares"];

/**
 * Page Insights puts a row of explanations under the header ("Lifetime: The number of people
 * who had your Page's post enter their screen …"): text where the figures should be, no date.
 */
function isDescriptionRow(record: readonly string[], header: HeaderMap): boolean {
  const cell = (field: FbField) => header.columns.get(field)?.map((c) => record[c.column] ?? "") ?? [];
  const metrics = METRIC_FIELDS.flatMap(cell).filter((c) => !blank(c));
  if (metrics.length === 0 || metrics.some((c) => parseCount(c).ok)) return false;
  const published = cell("publishedAt")[0] ?? "";
  return !SLASHED.test(published.trim()) && !ISO.test(published.trim());
}

const LIFETIME = new Set(["lifetime", "tron doi", "toan thoi gian", "tat ca thoi gian"]);

/** Reads an export; every refusal is a message key for the user's language. */
export function parseFacebookExport(bytes: Uint8Array, fileName = ""): ParseOutcome {
  try {
    return { ok: true, export: readExport(bytes, fileName) };
  } catch (error) {
    if (error instanceof ExportError) return { ok: false, error: error.error };
    throw error;
  }
}

function readExport(bytes: Uint8Array, fileName: string): FacebookExport {
  if (bytes.length > MAX_FB_IMPORT_BYTES) fail("fbImport.error.tooBig", { size: "10 MB" });
  if (bytes.length === 0) fail("fbImport.error.empty");
  const { text, encoding } = decodeExport(bytes, fileName);
  if (text.replace(/^\uFEFF/, "").replace(/^sep=.[ \t]*(\r\n|\n|\r|$)/i, "").trim() === "") fail("fbImport.error.empty");
  const { records, delimiter } = readRecords(text);
  const header = findHeader(records);
  if (!header) return fail("fbImport.error.noColumns");
  const has = (field: FbField) => header.columns.has(field);
  const missing: string[] = [];
  if (!has("postId") && !has("permalink")) missing.push("Post ID / Permalink");
  if (!has("publishedAt")) missing.push("Publish time / Posted / Thời gian đăng");
  if (missing.length) fail("fbImport.error.missingColumns", { columns: missing.join("; ") });

  let first = header.index + 1;
  const descriptionRowSkipped = first < records.length && isDescriptionRow(records[first], header);
  if (descriptionRowSkipped) first++;
  // Row numbers as a spreadsheet shows them: the header's row plus the offset.
  const rows: { line: number; record: string[] }[] = [];
  for (let i = first; i < records.length; i++) {
    if (records[i].every(blank)) continue;
    rows.push({ line: i + 1, record: records[i] });
  }
  if (rows.length > MAX_FB_IMPORT_ROWS) fail("fbImport.error.tooManyRows", { max: MAX_FB_IMPORT_ROWS, rows: rows.length });
  if (rows.length === 0) fail("fbImport.error.noRows");

  const isInsights = descriptionRowSkipped || (header.columns.get("reach")?.[0].source === "insights_lifetime_reach") || headerKey(header.columns.get("publishedAt")![0].header) === "posted";
  const shape: ExportShape = isInsights ? "page_insights" : has("publishedAt") && (has("reach") || has("views")) ? "business_suite" : "unknown";
  const timeZone = shape === "page_insights" ? PAGE_INSIGHTS_TIME_ZONE : APP_TIME_ZONE;

  const col = (field: FbField) => header.columns.get(field)?.[0];
  const publishedCol = col("publishedAt")!;
  const { order, fromFile } = detectDateOrder(rows.map((r) => r.record[publishedCol.column] ?? ""));

  const engagementsRule: UsedColumn["rule"] | undefined = has("engagements")
    ? "total"
    : has("reactions") || has("comments") || has("shares")
      ? "sum"
      : has("engagedUsers")
        ? "engagedUsers"
        : undefined;

  const warnings: FieldError[] = [];
  const periodCol = col("period");
  if (periodCol && rows.some((r) => !blank(r.record[periodCol.column]) && !LIFETIME.has(headerKey(r.record[periodCol.column])))) {
    warnings.push({ key: "fbImport.warning.notLifetime", params: { column: periodCol.header } });
  }

  const posts: FacebookPost[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of rows) {
    const cell = (field: FbField) => {
      const c = col(field);
      return c ? (record[c.column] ?? "") : undefined;
    };
    const errors: FieldError[] = [];
    const rawId = cell("postId")?.trim() || "";
    const split = rawId ? splitPostId(rawId) : null;
    const permalinkText = cell("permalink")?.trim() || "";
    let permalink: string | null = null;
    if (permalinkText) {
      if (isHttpUrl(permalinkText)) permalink = permalinkText;
      else errors.push({ key: "fbImport.row.badPermalink", params: { value: shorten(permalinkText, 60) } });
    }
    const postId = split?.postId ?? (permalink ? postIdFromPermalink(permalink) : null);
    const text = postText(cell("message")) ?? postText(cell("title")) ?? postText(cell("description"));
    if (!rawId && !permalinkText) errors.push({ key: "fbImport.row.noId" });

    const publishedText = cell("publishedAt")?.trim() ?? "";
    const publishedAt = publishedText ? parsePublishTime(publishedText, order, timeZone) : null;
    if (!publishedText) errors.push({ key: "fbImport.row.noDate" });
    else if (!publishedAt) errors.push({ key: "fbImport.row.badDate", params: { value: shorten(publishedText, 40) } });

    const number = (field: FbField): number | null => {
      const c = col(field);
      if (!c) return null;
      const parsed = parseCount(record[c.column]);
      if (parsed.ok) return parsed.value;
      errors.push({ key: "fbImport.row.badNumber", params: { column: c.header, value: shorten(record[c.column] ?? "", 30) } });
      return null;
    };
    const reach = number("reach");
    const views = number("views");
    const total = number("engagements");
    const engagedUsers = number("engagedUsers");
    const reactions = number("reactions");
    const comments = number("comments");
    const shares = number("shares");
    let engagements: number | null = null;
    if (engagementsRule === "total") engagements = total;
    else if (engagementsRule === "sum") {
      const parts = [reactions, comments, shares].filter((v): v is number => v !== null);
      engagements = parts.length ? parts.reduce((a, b) => a + b, 0) : null;
    } else if (engagementsRule === "engagedUsers") engagements = engagedUsers;

    const key = postId ?? (permalink ? permalinkKey(permalink) : null);
    if (key && errors.length === 0) {
      const earlier = seen.get(key);
      if (earlier !== undefined) errors.push({ key: "fbImport.row.duplicate", params: { line: earlier } });
      else seen.set(key, line);
    }
    if (errors.length) {
      problems.push({ line, postId: postId ?? (rawId || null), text, errors });
      continue;
    }
    posts.push({
      line,
      postId,
      permalink,
      text,
      postType: cell("postType")?.trim() || null,
      publishedAt: publishedAt!,
      reach,
      views,
      engagements,
      shares,
      reachSource: reach !== null ? (col("reach")!.source as FbReachSource) : null,
      viewsSource: views !== null ? (col("views")!.source as ViewsSource) : null,
    });
  }

  const used: UsedColumn[] = [];
  const duplicates: string[] = [];
  const notImported: string[] = [];
  for (const [field, list] of header.columns) {
    duplicates.push(...list.slice(1).map((c) => c.header));
    if (field === "engagements" || field === "engagedUsers") continue;
    // Reactions and comments only feed the engagements sum; with a total column they are not read.
    if (field === "reactions" || field === "comments") {
      if (engagementsRule !== "sum") notImported.push(list[0].header);
      continue;
    }
    // The page id and the period ("Lifetime") are read to understand the file, not imported.
    if (field === "pageId" || field === "period") {
      notImported.push(list[0].header);
      continue;
    }
    used.push({ field, headers: [list[0].header], ...(list[0].source ? { source: list[0].source } : {}) });
  }
  if (engagementsRule === "total") used.push({ field: "engagements", headers: [col("engagements")!.header], rule: "total" });
  if (engagementsRule === "sum") {
    used.push({ field: "engagements", headers: (["reactions", "comments", "shares"] as const).flatMap((f) => (col(f) ? [col(f)!.header] : [])), rule: "sum" });
  }
  if (engagementsRule === "engagedUsers") used.push({ field: "engagements", headers: [col("engagedUsers")!.header], rule: "engagedUsers" });
  // Engaged users is read only when nothing better is there; say so rather than hide it.
  const ignored = [...notImported, ...header.ignored, ...(engagementsRule !== "engagedUsers" && col("engagedUsers") ? [col("engagedUsers")!.header] : []), ...duplicates];
  used.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));

  return {
    fileName,
    shape,
    encoding,
    delimiter,
    dateOrder: order,
    dateOrderFromFile: fromFile,
    timeZone,
    descriptionRowSkipped,
    provides: { reach: has("reach"), views: has("views"), engagements: engagementsRule !== undefined, shares: has("shares") },
    columns: { used, ignored, unrecognised: header.unrecognised },
    totalRows: rows.length,
    posts,
    problems,
    warnings,
  };
}

/** Sums of an export's posts: what a tally of them would show. */
export function exportTotals(posts: readonly Pick<FacebookPost, "reach" | "views" | "engagements" | "shares">[]) {
  const sum = (pick: (p: (typeof posts)[number]) => number | null) => posts.reduce((total, p) => total + (pick(p) ?? 0), 0);
  return { posts: posts.length, reach: sum((p) => p.reach), views: sum((p) => p.views), engagements: sum((p) => p.engagements), shares: sum((p) => p.shares) };
}

// ---------------------------------------------------------------------------------------
// The import's choices and its preview form

/** Rows shown (with their own choices) in the preview; the rest follow the choices for all rows. */
export const PREVIEW_ROWS = 300;
/** At most this much text in the preview form's hidden field (a full 20,000-post export stays below). */
export const MAX_CARRIED_CHARS = 12 * 1024 * 1024;

export interface Choice {
  unitId: number | null;
  campaignId: number | null;
  pointIds: number[];
}

export interface RowChoice extends Choice {
  include: boolean;
}

/** What the user picked: for every new row at once, and per row (by the post's index in the file). */
export interface ImportChoices {
  defaults: Choice;
  rows: Record<number, RowChoice>;
}

export const NO_CHOICES: ImportChoices = { defaults: { unitId: null, campaignId: null, pointIds: [] }, rows: {} };

/** "Apply to all new rows": every listed row takes the choices made for all rows. */
export function applyDefaultsToAll(choices: ImportChoices): ImportChoices {
  const rows: Record<number, RowChoice> = {};
  for (const [index, row] of Object.entries(choices.rows)) rows[Number(index)] = { ...choices.defaults, pointIds: [...choices.defaults.pointIds], include: row.include };
  return { defaults: choices.defaults, rows };
}

const optionalId = z.preprocess(blankToUndefined, idSchema.optional()).transform((v) => v ?? null);
const idList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idSchema).max(1000));

/** The preview form as posted: the carried export, the choices for all rows and per row. */
export const importFormSchema = z
  .object({
    intent: z.enum(["apply", "commit"]),
    payload: z.string().min(1).max(MAX_CARRIED_CHARS),
    unitId: optionalId,
    campaignId: optionalId,
    pointIds: idList,
    rows: z
      .array(
        z.object({
          index: z.coerce.number().int().min(0).max(MAX_FB_IMPORT_ROWS),
          include: z.boolean(),
          unitId: optionalId,
          campaignId: optionalId,
          pointIds: idList,
        }),
      )
      .max(PREVIEW_ROWS),
  })
  .transform((form) => ({
    intent: form.intent,
    payload: form.payload,
    choices: {
      defaults: { unitId: form.unitId, campaignId: form.campaignId, pointIds: [...new Set(form.pointIds)] },
      rows: Object.fromEntries(form.rows.map(({ index, ...row }) => [index, { ...row, pointIds: [...new Set(row.pointIds)] }])),
    } satisfies ImportChoices,
  }));

/**
 * FormData to the schema's shape. Each listed row posts `row` = its index; its checkbox posts
 * `include` = the index when ticked; its own picks are `unitId.N`, `campaignId.N`, `pointIds.N`.
 */
export function importFormShape(form: FormData) {
  const strings = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  const included = new Set(strings("include"));
  return {
    intent: form.get("intent"),
    payload: form.get("payload"),
    unitId: form.get("unitId") ?? undefined,
    campaignId: form.get("campaignId") ?? undefined,
    pointIds: strings("pointIds"),
    rows: [...new Set(strings("row"))].slice(0, PREVIEW_ROWS + 1).map((index) => ({
      index,
      include: included.has(index),
      unitId: form.get(`unitId.${index}`) ?? undefined,
      campaignId: form.get(`campaignId.${index}`) ?? undefined,
      pointIds: strings(`pointIds.${index}`),
    })),
  };
}
