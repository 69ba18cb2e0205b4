/**
 * The official report (/tally.docx) in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4
 * portrait, margins 20/20/30/15 mm, Times New Roman; the two header blocks side by side (parent
 * and issuing body with the number; the national name and motto with the place and date);
 * "BÁO CÁO" and its summary line; the body generated from the tally (app/domain/report-text.ts)
 * with the matrix and by-unit tables and the unit report's own narrative; the signature block and
 * "Nơi nhận". Page numbers sit centred in the top margin from page 2 on.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  convertMillimetersToTwip,
  type IBorderOptions,
} from "docx";
import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { todayInAppZone } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import {
  basisParagraph,
  closingParagraph,
  coverageParagraph,
  defaultRecipients,
  defaultReportNumber,
  exportFileName,
  headerLines,
  numberLine,
  placeFromUnitNames,
  recipientLines,
  reportingParagraph,
  reportSubject,
  reportSummaryLine,
  resultsParagraph,
  upperVi,
  vietnameseDateLine,
} from "~/domain/report-text";
import type { ReportOptions } from "~/domain/tally-query";
import { isReportSubmitted } from "~/domain/unit-standing";
import { campaignDetail } from "./campaigns.server";
import { assertUnitInScope } from "./scope.server";
import { countedActivities, exportUnit, vi, type CountedActivity, type ExportUnit } from "./export-csv.server";
import { computeTally, type Tally, type TallyScope } from "./tally.server";

// ---------------------------------------------------------------------------------------------
// Page geometry (twips: 1 mm = 56.7 twips)

const mm = convertMillimetersToTwip;
const PAGE = { width: mm(210), height: mm(297), top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right; // 165 mm
const CELL_MARGIN = 60;
const FONT = "Times New Roman";
/** Half-points, as Word counts font sizes. */
const pt = (size: number) => size * 2;

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const GRID = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
}

function run(text: string, style: RunStyle = {}) {
  return new TextRun({ text, font: FONT, size: pt(style.size ?? 14), bold: style.bold, italics: style.italics });
}

/** A centred line of the header blocks. */
function centred(text: string, style: RunStyle, spacing: { before?: number; after?: number } = {}) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: spacing.before ?? 0, after: spacing.after ?? 0, line: 240, lineRule: LineRuleType.AUTO },
    children: [run(text, style)],
  });
}

/** A short horizontal rule, centred in a box `boxWidth` wide: an empty 1 pt paragraph with a bottom border. */
function rule(boxWidth: number, ruleWidth: number) {
  const side = Math.max(0, Math.round((boxWidth - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 60, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    children: [],
  });
}

/** A body paragraph: 14 pt, justified, first line indented 1.27 cm, 6 pt after. */
function body(text: string, style: RunStyle & { indent?: boolean; keepNext?: boolean } = {}) {
  return new Paragraph({
    keepNext: style.keepNext,
    keepLines: style.keepNext,
    alignment: AlignmentType.JUSTIFIED,
    indent: style.indent === false ? undefined : { firstLine: mm(12.7) },
    spacing: { before: 0, after: 120, line: 276, lineRule: LineRuleType.AUTO },
    children: [run(text, style)],
  });
}

/** Free text typed in a unit report: one paragraph per line. */
function narrative(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => body(l));
}

// ---------------------------------------------------------------------------------------------
// Tables (12 pt, header rows repeated on every page)

const TABLE_MARGIN = 45;

interface CellOptions {
  bold?: boolean;
  italics?: boolean;
  align?: "left" | "center" | "right";
  columnSpan?: number;
  rowSpan?: number;
  indent?: number;
}

function cell(text: string, width: number, options: CellOptions = {}) {
  const alignment = options.align === "right" ? AlignmentType.RIGHT : options.align === "center" ? AlignmentType.CENTER : AlignmentType.LEFT;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: options.columnSpan,
    rowSpan: options.rowSpan,
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 25, bottom: 25, left: TABLE_MARGIN, right: TABLE_MARGIN },
    children: [
      new Paragraph({
        alignment,
        indent: options.indent ? { left: options.indent } : undefined,
        spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
        children: [run(text, { size: 12, bold: options.bold, italics: options.italics })],
      }),
    ],
  });
}

const num = (value: number) => formatNumber(value, "vi");

/** Approximate width (twips) of a text in Times New Roman 12 pt, wide enough for bold. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) width += 126;
    else if (/[.,:;/ ()\-]/.test(ch)) width += 75;
    else if (/[mwMWĐD]/.test(ch)) width += 210;
    else if (ch === ch.toLocaleUpperCase("vi") && ch !== ch.toLocaleLowerCase("vi")) width += 185;
    else width += 140;
  }
  return width;
}

const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map(textWidth));

/**
 * Column widths fitted to their content: each figure column as wide as its longest number and
 * the longest word of its header; the text column (names, titles) takes what is left.
 */
function fitColumns(columns: readonly { header: string; values: readonly string[]; flexible?: boolean }[]): number[] {
  const pad = 2 * TABLE_MARGIN + 30;
  const fixed = columns.map((c) => (c.flexible ? 0 : Math.max(560, longestWord(c.header), ...c.values.map(textWidth)) + pad));
  const rest = TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0);
  return columns.map((c, i) => (c.flexible ? Math.max(1600, rest) : fixed[i]));
}

function table(widths: readonly number[], rows: TableRow[]) {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    borders: GRID,
    rows,
  });
}

const sum = (widths: readonly number[], from: number, count: number) => widths.slice(from, from + count).reduce((a, b) => a + b, 0);
const HEAD: CellOptions = { bold: true, align: "center" };
const VISUAL_HEADER = "Trực quan: số sản phẩm";
const MEDIA_HEADER = "Thông tin đại chúng: số tin, bài";

/** Content point x channel: Nội dung | miệng: buổi, lượt | trực quan | TTĐC | Facebook: bài, tiếp cận, tương tác | hoạt động. */
function matrixTable(tally: Tally): Table {
  const figuresOf = (f: Tally["total"], activities: number) =>
    [f.spoken.activities, f.spoken.attendance, f.visual.quantity, f.media.items, f.facebook.posts, f.facebook.reach, f.facebook.engagements, activities].map(num);
  const body = tally.points.map((p) => ({ p, values: figuresOf(p.figures, p.activities) }));
  const total = figuresOf(tally.total, tally.totalActivities);
  const headers = [
    vi("exports.col.point"),
    vi("exports.col.sessions"),
    vi("exports.col.attendance"),
    VISUAL_HEADER,
    MEDIA_HEADER,
    vi("exports.col.posts"),
    vi("exports.col.reach"),
    vi("exports.col.engagements"),
    vi("exports.col.activities"),
  ];
  const w = fitColumns(headers.map((header, i) => ({ header, flexible: i === 0, values: i === 0 ? [] : [...body.map((b) => b.values[i - 1]), total[i - 1]] })));
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [
        cell(headers[0], w[0], { ...HEAD, rowSpan: 2 }),
        cell(vi("channel.spoken"), sum(w, 1, 2), { ...HEAD, columnSpan: 2 }),
        cell(headers[3], w[3], { ...HEAD, rowSpan: 2 }),
        cell(headers[4], w[4], { ...HEAD, rowSpan: 2 }),
        cell(vi("channel.facebook"), sum(w, 5, 3), { ...HEAD, columnSpan: 3 }),
        cell(headers[8], w[8], { ...HEAD, rowSpan: 2 }),
      ],
    }),
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [1, 2, 5, 6, 7].map((i) => cell(headers[i], w[i], HEAD)),
    }),
  ];
  for (const { p, values } of body) {
    const bold = p.depth === 0;
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [cell(`${p.code}. ${p.title}`, w[0], { bold, indent: p.depth * 170 }), ...values.map((v, i) => cell(v, w[i + 1], { align: "right", bold }))],
      }),
    );
  }
  rows.push(new TableRow({ cantSplit: true, children: [cell(vi("exports.totalRow"), w[0], { bold: true }), ...total.map((v, i) => cell(v, w[i + 1], { align: "right", bold: true }))] }));
  return table(w, rows);
}

/** The direct children, the scope's own activities and the total. */
function byUnitTable(tally: Tally, unit: ExportUnit): Table {
  const pointCount = tally.points.length;
  const submitted = tally.expectedUnits.filter((e) => isReportSubmitted(e.reportStatus)).length;
  const valuesOf = (f: Tally["total"], activities: number, covered: number, reports: string) => [
    ...[activities, f.spoken.activities, f.spoken.attendance, f.visual.quantity, f.media.items, f.facebook.posts, f.facebook.reach].map(num),
    `${covered}/${pointCount}`,
    reports,
  ];
  const lines: { index: string; name: string; values: string[]; bold: boolean }[] = tally.byUnit.map((r, i) => ({
    index: String(i + 1),
    name: r.name,
    values: valuesOf(r.figures, r.activities, r.pointsCovered, `${r.reported}/${r.expected}`),
    bold: false,
  }));
  if (tally.ownRow) {
    const r = tally.ownRow;
    lines.push({ index: String(lines.length + 1), name: vi("exports.ownRow", { unit: unit.name }), values: valuesOf(r.figures, r.activities, r.pointsCovered, `${r.reported}/${r.expected}`), bold: false });
  }
  lines.push({
    index: "",
    name: vi("exports.byUnitTotal"),
    values: valuesOf(tally.total, tally.totalActivities, tally.points.filter((p) => p.activities > 0).length, `${submitted}/${tally.expectedUnits.length}`),
    bold: true,
  });
  const headers = [
    vi("exports.col.number"),
    vi("exports.col.unit"),
    vi("exports.col.activities"),
    vi("exports.col.sessions"),
    vi("exports.col.attendance"),
    VISUAL_HEADER,
    MEDIA_HEADER,
    vi("exports.col.posts"),
    vi("exports.col.reach"),
    "Nội dung đã triển khai",
    "Báo cáo đã gửi / phải gửi",
  ];
  const w = fitColumns(
    headers.map((header, i) => ({
      header,
      flexible: i === 1,
      values: i === 0 ? lines.map((l) => l.index) : i === 1 ? [] : lines.map((l) => l.values[i - 2]),
    })),
  );
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [
        cell(headers[0], w[0], { ...HEAD, rowSpan: 2 }),
        cell(headers[1], w[1], { ...HEAD, rowSpan: 2 }),
        cell(headers[2], w[2], { ...HEAD, rowSpan: 2 }),
        cell(vi("channel.spoken"), sum(w, 3, 2), { ...HEAD, columnSpan: 2 }),
        cell(headers[5], w[5], { ...HEAD, rowSpan: 2 }),
        cell(headers[6], w[6], { ...HEAD, rowSpan: 2 }),
        cell(vi("channel.facebook"), sum(w, 7, 2), { ...HEAD, columnSpan: 2 }),
        cell(headers[9], w[9], { ...HEAD, rowSpan: 2 }),
        cell(headers[10], w[10], { ...HEAD, rowSpan: 2 }),
      ],
    }),
    new TableRow({ tableHeader: true, cantSplit: true, children: [3, 4, 7, 8].map((i) => cell(headers[i], w[i], HEAD)) }),
  ];
  for (const l of lines) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(l.index, w[0], { align: "center", bold: l.bold }),
          cell(l.name, w[1], { bold: l.bold }),
          ...l.values.map((v, i) => cell(v, w[i + 2], { align: i >= 7 ? "center" : "right", bold: l.bold })),
        ],
      }),
    );
  }
  return table(w, rows);
}

// ---------------------------------------------------------------------------------------------
// Header and signature blocks

const HEADER_LEFT = mm(65);

/** Approximate width (twips) of an upper-case line of Times New Roman at `size` pt. */
function capsWidth(size: number, bold: boolean) {
  return (line: string) => {
    let em = 0;
    for (const ch of line) em += ch === " " ? 0.25 : /[.,:;\-]/.test(ch) ? 0.3 : /[MWĐD]/.test(ch) ? 0.78 : bold ? 0.7 : 0.66;
    return em * size * 20;
  };
}
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;

const inner = (width: number) => width - 2 * CELL_MARGIN;

/**
 * A body's name in the left block, upper case, in at most two lines: at 13 pt, or at 12 pt (the
 * format allows 12–13) when 13 pt would need a third line.
 */
function fittedLines(name: string, bold: boolean): [string, number][] {
  const room = inner(HEADER_LEFT) * 0.95;
  const at13 = headerLines(upperVi(name), room, capsWidth(13, bold));
  if (at13.length <= 2) return at13.map((l) => [l, 13]);
  const at12 = headerLines(upperVi(name), room, capsWidth(12, bold));
  return (at12.length < at13.length ? at12.map((l) => [l, 12]) : at13.map((l) => [l, 13])) as [string, number][];
}

function headerBlocks(options: ReportOptions): Table {
  const left = [
    ...(options.parentBody ? fittedLines(options.parentBody, false).map(([l, size]) => centred(l, { size })) : []),
    ...fittedLines(options.issuingBody, true).map(([l, size]) => centred(l, { size, bold: true })),
    rule(inner(HEADER_LEFT), mm(24)),
    centred(numberLine(options.number), { size: 13 }, { before: 160 }),
  ];
  const right = [
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { size: 13, bold: true }),
    centred("Độc lập - Tự do - Hạnh phúc", { size: 14, bold: true }),
    rule(inner(HEADER_RIGHT), mm(58)),
    centred(vietnameseDateLine(options.place, options.date), { size: 14, italics: true }, { before: 160 }),
  ];
  const block = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 0, bottom: 0 }, borders: { top: NONE, bottom: NONE, left: NONE, right: NONE }, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [HEADER_LEFT, HEADER_RIGHT],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [block(HEADER_LEFT, left), block(HEADER_RIGHT, right)] })],
  });
}

const SIGN_LEFT = mm(78);
const SIGN_RIGHT = TEXT_WIDTH - SIGN_LEFT;

function signatureBlocks(options: ReportOptions): Table {
  const recipients = recipientLines(options.recipients);
  const left = [
    new Paragraph({ spacing: { before: 0, after: 0 }, children: [run("Nơi nhận:", { size: 12, bold: true, italics: true })] }),
    ...recipients.map((r) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run(r, { size: 11 })] })),
  ];
  const right = [
    ...(options.authority ? [centred(upperVi(options.authority), { size: 14, bold: true })] : []),
    centred(upperVi(options.signerPosition), { size: 14, bold: true }),
    // Room for the signature and the seal.
    ...[0, 1, 2, 3].map(() => centred("", { size: 14 })),
    centred(options.signerName ?? "", { size: 14, bold: true }, { before: 200 }),
  ];
  const block = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, margins: { left: 0, right: CELL_MARGIN, top: 0, bottom: 0 }, borders: { top: NONE, bottom: NONE, left: NONE, right: NONE }, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [SIGN_LEFT, SIGN_RIGHT],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [block(SIGN_LEFT, left), block(SIGN_RIGHT, right)] })],
  });
}

// ---------------------------------------------------------------------------------------------
// The document

export interface ReportNarrative {
  highlights: string | null;
  assessment: string | null;
  difficulties: string | null;
  proposals: string | null;
}

export interface DocxData {
  tally: Tally;
  activities: readonly CountedActivity[];
  unit: ExportUnit;
  campaign: { title: string };
  documents: readonly { kind: string; number: string; issued_on: string | null; issuer: string; title: string }[];
  narrative: ReportNarrative | null;
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI"];

/** The report's paragraphs and tables, in order. */
export function reportBody(data: DocxData): (Paragraph | Table)[] {
  const { tally, unit } = data;
  const summary = reportSummaryLine(data.campaign.title);
  const out: (Paragraph | Table)[] = [body(basisParagraph(data.documents, unit.name, summary))];
  let part = 0;
  const section = (title: string) => out.push(body(`${ROMAN[part++]}. ${upperVi(title)}`, { bold: true, keepNext: true }));
  let item = 0;
  const subsection = (title: string) => out.push(body(`${++item}. ${title}`, { bold: true, keepNext: true }));

  section("Kết quả thực hiện");
  subsection("Kết quả tuyên truyền theo hình thức");
  out.push(
    body(
      resultsParagraph({
        from: tally.scope.from,
        to: tally.scope.to,
        subject: reportSubject(unit.name, tally.byUnit.length > 0),
        totalActivities: tally.totalActivities,
        totals: {
          spoken: tally.total.spoken,
          visual: tally.total.visual,
          media: tally.total.media,
          facebook: tally.total.facebook,
        },
        activities: data.activities,
      }),
    ),
  );
  const highlights = data.narrative?.highlights?.trim();
  if (highlights) {
    subsection("Kết quả nổi bật");
    out.push(...narrative(highlights));
  }
  if (tally.points.length) {
    subsection("Kết quả theo nội dung tuyên truyền");
    out.push(body(coverageParagraph(tally.points)));
    out.push(matrixTable(tally));
    out.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: { before: 60, after: 120 },
        children: [run(vi("exports.multiPointNote"), { size: 12, italics: true })],
      }),
    );
  }
  if (tally.byUnit.length) {
    subsection("Kết quả theo đơn vị");
    out.push(byUnitTable(tally, unit));
    out.push(new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }));
  }
  const submitted = tally.expectedUnits.filter((e) => isReportSubmitted(e.reportStatus));
  const reporting = reportingParagraph({
    expected: tally.expectedUnits.length,
    submitted: submitted.length,
    onTime: submitted.filter((e) => e.isOnTime).length,
    memberCoverage: tally.memberCoverage,
  });
  if (reporting) {
    subsection("Tình hình báo cáo, tỷ lệ đoàn viên được tuyên truyền");
    out.push(body(reporting));
  }

  const assessment = data.narrative?.assessment?.trim();
  const difficulties = data.narrative?.difficulties?.trim();
  if (assessment || difficulties) {
    section("Đánh giá chung");
    if (assessment) out.push(...narrative(assessment));
    if (difficulties) {
      out.push(body("Khó khăn, vướng mắc:", { bold: true, italics: true, keepNext: true }));
      out.push(...narrative(difficulties));
    }
  }
  const proposals = data.narrative?.proposals?.trim();
  if (proposals) {
    section("Đề xuất, kiến nghị");
    out.push(...narrative(proposals));
  }
  // The closing sentence stays on the signature's page: a signature never stands alone on a page.
  out.push(body(closingParagraph(summary, unit.name), { keepNext: true }));
  return out;
}

export function buildReportDocument(data: DocxData, options: ReportOptions): Document {
  const summary = reportSummaryLine(data.campaign.title);
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(13) })],
      }),
    ],
  });
  return new Document({
    creator: options.signerName || data.unit.name,
    title: `Báo cáo ${summary.charAt(0).toLocaleLowerCase("vi")}${summary.slice(1)}`,
    description: data.unit.name,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: pt(14) },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(10), footer: mm(10) },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: [
          headerBlocks(options),
          centred("BÁO CÁO", { size: 14, bold: true }, { before: 360 }),
          centred(summary, { size: 14, bold: true }),
          rule(TEXT_WIDTH, mm(45)),
          new Paragraph({ spacing: { before: 0, after: 200 }, children: [] }),
          ...reportBody(data),
          new Paragraph({ keepNext: true, spacing: { before: 0, after: 120 }, children: [] }),
          signatureBlocks(options),
        ],
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Data and defaults

async function unitNarrative(db: Kysely<Database>, campaignId: number, unitId: number): Promise<ReportNarrative | null> {
  const row = await db
    .selectFrom("unit_report")
    .select(["highlights", "assessment", "difficulties", "proposals"])
    .where("campaign_id", "=", campaignId)
    .where("unit_id", "=", unitId)
    .executeTakeFirst();
  if (!row) return null;
  return [row.highlights, row.assessment, row.difficulties, row.proposals].some((v) => v?.trim()) ? row : null;
}

/** Everything the report shows; computeTally refuses an out-of-scope unit or campaign with 404. */
export async function docxData(db: Kysely<Database>, actor: Actor, scope: TallyScope): Promise<DocxData> {
  const tally = await computeTally(db, actor, scope);
  const [activities, detail, unit, narrativeRow] = await Promise.all([
    countedActivities(db, actor, scope),
    campaignDetail(db, actor, scope.campaignId),
    exportUnit(db, scope.unitId, scope.to),
    unitNarrative(db, scope.campaignId, scope.unitId),
  ]);
  return { tally, activities, unit, campaign: { title: detail.campaign.title }, documents: detail.documents, narrative: narrativeRow };
}

/**
 * The form's defaults: the parent above the unit (or the unit above its standing committee),
 * "/BC-…" waiting for its register number, the province as the place, today, the chair signing
 * for the committee, and the level above as recipient.
 */
export function reportDefaults(unit: ExportUnit, documents: DocxData["documents"], today: string): ReportOptions {
  const isTop = unit.parentName === null;
  const above = isTop
    ? documents
        .filter((d) => ["huong_dan", "ke_hoach", "cong_van", "thong_bao"].includes(d.kind))
        .map((d) => d.issuer.trim())
        .filter((issuer) => issuer && !issuer.includes(unit.name) && !(unit.shortName && issuer.includes(unit.shortName)))
    : [unit.parentName!];
  return {
    number: defaultReportNumber(unit),
    place: placeFromUnitNames(unit.lineage) ?? unit.shortName ?? unit.name,
    date: today,
    parentBody: upperVi(isTop ? unit.name : unit.parentName!),
    issuingBody: isTop ? "BAN THƯỜNG VỤ" : upperVi(unit.name),
    authority: unit.isGrassroots ? "TM. BAN CHẤP HÀNH" : "TM. BAN THƯỜNG VỤ",
    signerPosition: "CHỦ TỊCH",
    signerName: null,
    recipients: defaultRecipients([...new Set(above)]),
  };
}

/** The form's defaults for a scope (after the same scope checks as the report itself). */
export async function reportFormDefaults(db: Kysely<Database>, actor: Actor, scope: TallyScope, now = new Date()) {
  const detail = await campaignDetail(db, actor, scope.campaignId);
  const unit = await exportUnitInScope(db, actor, scope);
  return { defaults: reportDefaults(unit, detail.documents, todayInAppZone(now)), unitName: unit.name, campaignTitle: detail.campaign.title };
}

async function exportUnitInScope(db: Kysely<Database>, actor: Actor, scope: TallyScope) {
  await assertUnitInScope(db, actor, scope.unitId);
  return exportUnit(db, scope.unitId, scope.to);
}

/** The download: the .docx file and its name. Without options, the defaults. */
export async function tallyDocx(db: Kysely<Database>, actor: Actor, scope: TallyScope, options: ReportOptions | null, now = new Date()) {
  const data = await docxData(db, actor, scope);
  const chosen = options ?? reportDefaults(data.unit, data.documents, todayInAppZone(now));
  const buffer = await Packer.toBuffer(buildReportDocument(data, chosen));
  return {
    fileName: exportFileName("bao-cao", { campaignTitle: data.campaign.title, unitName: data.unit.name, unitShortName: data.unit.shortName, from: scope.from, to: scope.to }, "docx"),
    body: buffer,
  };
}

