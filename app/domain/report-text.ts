/**
 * The words of the exports, pure: how a Vietnamese union report phrases its figures ("Tổ chức
 * được 42 buổi tuyên truyền miệng cho 3.150 lượt đoàn viên, người lao động; treo 85 băng rôn,
 * khẩu hiệu …"), the place-and-date line and number of Nghị định 30/2020, the "Căn cứ" sentence
 * from the source documents, the recipient list, and the file names of the downloads.
 */
import type { ChannelCode } from "@db/schema";
import type { DocumentKind } from "./campaign-schemas";
import { formatDateOnly } from "./dates";
import { formatNumber } from "./numbers";

const n = (value: number) => formatNumber(value, "vi");

/** 0.6667 -> "66,7" (percent, one decimal, Vietnamese comma). */
export function percentText(ratio: number): string {
  return n(Math.round(ratio * 1000) / 10);
}

export function upperVi(text: string): string {
  return text.toLocaleUpperCase("vi");
}

/** Words that keep their capital inside a sentence (names of documents, bodies, the country). */
const KEEPS_CAPITAL =
  /^(Chỉ thị|Nghị quyết|Kết luận|Kế hoạch|Hướng dẫn|Công văn|Quyết định|Thông báo|Luật|Bộ luật|Nghị định|Thông tư|Điều lệ|Đảng|Nhà nước|Chính phủ|Quốc hội|Việt Nam|Công đoàn|Tổng Liên đoàn|Liên đoàn|Ban |Tỉnh ủy|Trung ương)/;

/** "Tuyên truyền …" -> "tuyên truyền …" inside a sentence; names and acronyms keep their capitals. */
export function lowerFirst(text: string): string {
  if (!text || KEEPS_CAPITAL.test(text)) return text;
  const [first] = text.split(/\s/, 1);
  if (first.length > 1 && first === first.toLocaleUpperCase("vi")) return text; // an acronym: "UBND", "LĐLĐ"
  return text.charAt(0).toLocaleLowerCase("vi") + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Header, title and signature (Nghị định 30/2020/NĐ-CP, Phụ lục I)

/** Days under 10 and the months January and February are written with a leading zero. */
export function vietnameseDateLine(place: string, isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const dd = String(day).padStart(2, "0");
  const mm = month <= 2 ? String(month).padStart(2, "0") : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/**
 * The place name of the date line: the province (or city) in the nearest unit name that names
 * one, "Liên đoàn Lao động tỉnh Lai Châu" -> "Lai Châu". Names are given nearest first.
 */
export function placeFromUnitNames(names: readonly string[]): string | null {
  for (const name of names) {
    const match = /(?:^|\s)(?:tỉnh|thành phố)\s+(.+)$/iu.exec(name.trim());
    if (match) return match[1].trim();
  }
  return null;
}

/** Where an upper-case unit name reads best broken in two: before the place or the sector. */
const NATURAL_BREAK = /^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|NGÀNH|VIÊN CHỨC|TRƯỜNG|CÔNG TY)(\s|$)/u;

/**
 * A header name too long for its block, in lines that fit `max` by `measure` (characters by
 * default): "LIÊN ĐOÀN LAO ĐỘNG" / "TỈNH LAI CHÂU" rather than wherever the line happens to end.
 */
export function headerLines(text: string, max: number, measure: (line: string) => number = (line) => line.length): string[] {
  const clean = text.trim().replace(/\s+/g, " ");
  if (measure(clean) <= max) return [clean];
  const words = clean.split(" ");
  let best: string[] | null = null;
  let bestScore = Infinity;
  for (let i = 1; i < words.length; i++) {
    const first = words.slice(0, i).join(" ");
    const second = words.slice(i).join(" ");
    const [a, b] = [measure(first), measure(second)];
    if (a > max || b > max) continue;
    // Balanced lines, and a break before the place or the sector when there is one.
    const score = Math.abs(a - b) / max + (NATURAL_BREAK.test(second) ? 0 : 0.3);
    if (score < bestScore) [best, bestScore] = [[first, second], score];
  }
  if (best) return best;
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && measure(`${last} ${word}`) <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The initials a unit signs its numbers with: "LĐLĐ", "CĐCS", "CĐN" … */
export function unitAbbreviation(unit: { name: string; shortName: string | null; isGrassroots: boolean }): string {
  const first = (unit.shortName ?? unit.name).trim().split(/\s+/)[0] ?? "";
  if (first.length >= 2 && /^\p{Lu}+$/u.test(first)) return first;
  if (/^Công đoàn ngành/i.test(unit.name)) return "CĐN";
  if (/^Công đoàn Viên chức/i.test(unit.name)) return "CĐVC";
  if (unit.isGrassroots) return "CĐCS";
  const initials = unit.name
    .split(/[\s\-–,]+/)
    .filter((w) => /^\p{L}/u.test(w))
    .map((w) => w.charAt(0).toLocaleUpperCase("vi"))
    .join("");
  return initials.slice(0, 6) || "CĐ";
}

/** "/BC-LĐLĐ": a report's number before the clerk gives it its register number. */
export function defaultReportNumber(unit: { name: string; shortName: string | null; isGrassroots: boolean }): string {
  return `/BC-${unitAbbreviation(unit)}`;
}

/** "Số: 967/BC-LĐLĐ"; a number starting with "/" keeps room for the register number. */
export function numberLine(number: string): string {
  return number.startsWith("/") ? `Số:       ${number}` : `Số: ${number}`;
}

/** The summary under "BÁO CÁO": "Kết quả tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW". */
export function reportSummaryLine(campaignTitle: string): string {
  const title = campaignTitle.trim().replace(/[.;]+$/, "");
  if (/^kết quả\s/i.test(title)) return title.charAt(0).toLocaleUpperCase("vi") + title.slice(1);
  if (/^tuyên truyền/i.test(title)) return `Kết quả ${lowerFirst(title)}`;
  return `Kết quả tuyên truyền, phổ biến, quán triệt ${title}`;
}

// ---------------------------------------------------------------------------------------------
// "Căn cứ …": the source documents

export const DOCUMENT_KIND_NAMES: Record<DocumentKind, string> = {
  chi_thi: "Chỉ thị",
  nghi_quyet: "Nghị quyết",
  ket_luan: "Kết luận",
  ke_hoach: "Kế hoạch",
  huong_dan: "Hướng dẫn",
  cong_van: "Công văn",
  quyet_dinh: "Quyết định",
  thong_bao: "Thông báo",
  khac: "Văn bản",
};

export interface SourceDocumentLike {
  kind: string;
  number: string;
  issued_on: string | null;
  issuer: string;
  title: string;
}

function kindName(kind: string): string {
  return DOCUMENT_KIND_NAMES[kind as DocumentKind] ?? "Văn bản";
}

/** What a document is about, as said after its number: "về tăng cường …", "về việc tuyên truyền …". */
function aboutClause(title: string, kind: string): string {
  let text = title.trim().replace(/[.;]+$/, "");
  const vv = /^v\/v\.?\s*/i.exec(text);
  if (vv) return `về việc ${lowerFirst(text.slice(vv[0].length))}`;
  const name = kindName(kind);
  if (text.toLocaleLowerCase("vi").startsWith(`${name.toLocaleLowerCase("vi")} `)) text = text.slice(name.length + 1);
  const ve = /^về\s+/i.exec(text);
  if (ve) return `về ${text.slice(ve[0].length)}`;
  return `về ${lowerFirst(text)}`;
}

/** "Chỉ thị số 12-CT/TW ngày 05/01/2022 của Ban Bí thư Trung ương Đảng về tăng cường …". */
export function citeDocument(doc: SourceDocumentLike): string {
  const date = doc.issued_on ? ` ngày ${formatDateOnly(doc.issued_on)}` : "";
  const issuer = doc.issuer.trim() ? ` của ${doc.issuer.trim()}` : "";
  const about = doc.title.trim() ? ` ${aboutClause(doc.title, doc.kind)}` : "";
  return `${kindName(doc.kind)} số ${doc.number.trim()}${date}${issuer}${about}`;
}

/** The opening paragraph: "Căn cứ …; …, {unit} báo cáo kết quả thực hiện như sau:". */
export function basisParagraph(documents: readonly SourceDocumentLike[], unitName: string, summary: string): string {
  const tail = `${unitName} báo cáo ${lowerFirst(summary)} như sau:`;
  if (!documents.length) return `${tail.charAt(0).toLocaleUpperCase("vi")}${tail.slice(1)}`;
  return `Căn cứ ${documents.map(citeDocument).join("; ")}; ${tail}`;
}

// ---------------------------------------------------------------------------------------------
// The results paragraph

/** Which metric a reach figure is: reports must not add views to reach without saying so. */
export type ReachMetric = "reach" | "views" | "impressions" | "other";

export function reachMetric(source: string | null): ReachMetric {
  if (!source) return "other";
  if (source === "meta_reach" || source === "insights_lifetime_reach") return "reach";
  if (source === "meta_views") return "views";
  if (source === "insights_lifetime_impressions") return "impressions";
  if (/impression|hiển thị/i.test(source)) return "impressions";
  if (/\bviews?\b|lượt xem/i.test(source)) return "views";
  if (/reach|tiếp cận/i.test(source)) return "reach";
  return "other";
}

export const REACH_METRIC_WORDS: Record<ReachMetric, string> = {
  reach: "lượt tiếp cận",
  views: "lượt xem",
  impressions: "lượt hiển thị",
  other: "lượt tiếp cận chưa rõ chỉ số",
};

/** The activity fields the paragraph needs (a row of tallyActivities). */
export interface ActivityFigures {
  channel: ChannelCode;
  form_name: string | null;
  quantity: number | null;
  quantity_unit: string | null;
  reach: number | null;
  reach_source: string | null;
}

export interface ChannelTotals {
  spoken: { activities: number; attendance: number };
  visual: { activities: number; quantity: number };
  media: { activities: number; items: number };
  facebook: { activities: number; posts: number; reach: number; engagements: number };
}

const VISUAL_VERBS: readonly [RegExp, string][] = [
  [/băng rôn|khẩu hiệu|cờ|phướn/i, "treo"],
  [/pa nô|panô|biển|bảng/i, "dựng"],
  [/áp phích|tranh/i, "dán"],
  [/tờ rơi|tờ gấp|sách|báo|tài liệu|cẩm nang|ấn phẩm/i, "cấp phát"],
];
const VERB_ORDER = ["treo", "dựng", "dán", "cấp phát", "thực hiện"];

/** "85 khẩu hiệu, băng rôn", "1.200 tờ rơi", "40 tờ áp phích", "50 cuốn sách, báo". */
export function visualItemPhrase(quantity: number, formName: string | null, unit: string | null): string {
  if (!formName) return `${n(quantity)} ${unit && unit !== "cái" ? `${unit} ` : ""}sản phẩm trực quan khác`;
  const name = lowerFirst(formName.trim());
  const word = (unit ?? "").trim();
  if (!word || word === "cái" || name === word || name.startsWith(`${word} `)) return `${n(quantity)} ${name}`;
  return `${n(quantity)} ${word} ${name}`;
}

/** Visual products grouped by form (and the unit they are counted in), each with its verb. */
export function visualBreakdown(activities: readonly ActivityFigures[]): { verb: string; phrase: string; quantity: number }[] {
  const groups = new Map<string, { form: string | null; unit: string | null; quantity: number }>();
  for (const a of activities) {
    if (a.channel !== "visual" || !a.quantity) continue;
    const key = `${a.form_name ?? ""}|${a.quantity_unit ?? ""}`;
    const group = groups.get(key) ?? { form: a.form_name, unit: a.quantity_unit, quantity: 0 };
    group.quantity += a.quantity;
    groups.set(key, group);
  }
  const verbOf = (form: string | null) => VISUAL_VERBS.find(([pattern]) => form && pattern.test(form))?.[1] ?? "thực hiện";
  return [...groups.values()]
    .map((g) => ({ verb: verbOf(g.form), phrase: visualItemPhrase(g.quantity, g.form, g.unit), quantity: g.quantity }))
    .sort((a, b) => VERB_ORDER.indexOf(a.verb) - VERB_ORDER.indexOf(b.verb) || b.quantity - a.quantity);
}

/** Reach summed per metric, largest first. */
export function reachBreakdown(activities: readonly ActivityFigures[]): { metric: ReachMetric; reach: number }[] {
  const sums = new Map<ReachMetric, number>();
  for (const a of activities) {
    if (a.channel !== "facebook" || !a.reach) continue;
    const metric = reachMetric(a.reach_source);
    sums.set(metric, (sums.get(metric) ?? 0) + a.reach);
  }
  return [...sums.entries()].map(([metric, reach]) => ({ metric, reach })).sort((a, b) => b.reach - a.reach);
}

/** "15.300 lượt tiếp cận"; when metrics differ, the sum and what it is made of. */
export function reachPhrase(total: number, parts: readonly { metric: ReachMetric; reach: number }[]): string {
  if (parts.length <= 1) {
    const metric = parts[0]?.metric ?? "reach";
    return `${n(total)} ${REACH_METRIC_WORDS[metric === "other" ? "reach" : metric]}`;
  }
  const named = [...new Set(parts.filter((p) => p.metric !== "other").map((p) => REACH_METRIC_WORDS[p.metric]))];
  return `${n(total)} ${named.join(", ")} (gồm ${parts.map((p) => `${n(p.reach)} ${REACH_METRIC_WORDS[p.metric]}`).join(", ")})`;
}

function joinClauses(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} và ${items[items.length - 1]}`;
}

/**
 * "Từ ngày 11/07/2022 đến ngày 31/12/2022, … đã thực hiện 120 hoạt động tuyên truyền, trong đó:
 * tổ chức được 42 buổi tuyên truyền miệng cho 3.150 lượt đoàn viên, người lao động; treo 85 …;
 * đăng 24 tin, bài …; trang Facebook đăng 30 bài với 15.300 lượt tiếp cận, 900 lượt tương tác."
 */
export function resultsParagraph(input: {
  from: string;
  to: string;
  subject: string;
  totalActivities: number;
  totals: ChannelTotals;
  activities: readonly ActivityFigures[];
}): string {
  const { totals } = input;
  const opening = `Từ ngày ${formatDateOnly(input.from)} đến ngày ${formatDateOnly(input.to)}, ${input.subject}`;
  if (input.totalActivities === 0) return `${opening} chưa có hoạt động tuyên truyền nào được ghi nhận kết quả.`;
  const clauses: string[] = [];
  if (totals.spoken.activities > 0) {
    clauses.push(`tổ chức được ${n(totals.spoken.activities)} buổi tuyên truyền miệng cho ${n(totals.spoken.attendance)} lượt đoàn viên, người lao động`);
  }
  if (totals.visual.activities > 0) {
    const visual = visualBreakdown(input.activities);
    if (!visual.length) clauses.push(`thực hiện ${n(totals.visual.activities)} hoạt động tuyên truyền trực quan`);
    for (const verb of VERB_ORDER) {
      const items = visual.filter((v) => v.verb === verb).map((v) => v.phrase);
      if (items.length) clauses.push(`${verb} ${joinClauses(items)}`);
    }
  }
  if (totals.media.activities > 0) {
    clauses.push(
      totals.media.items > 0
        ? `đăng ${n(totals.media.items)} tin, bài trên các phương tiện thông tin đại chúng, cổng thông tin điện tử`
        : `thực hiện ${n(totals.media.activities)} hoạt động tuyên truyền trên các phương tiện thông tin đại chúng`,
    );
  }
  if (totals.facebook.activities > 0) {
    const fb = totals.facebook;
    const figures = [
      fb.reach > 0 ? reachPhrase(fb.reach, reachBreakdown(input.activities)) : null,
      fb.engagements > 0 ? `${n(fb.engagements)} lượt tương tác` : null,
    ].filter((x): x is string => x !== null);
    clauses.push(`trang Facebook đăng ${n(fb.posts)} bài${figures.length ? ` với ${figures.join(", ")}` : ""}`);
  }
  return `${opening} đã thực hiện ${n(input.totalActivities)} hoạt động tuyên truyền, trong đó: ${clauses.join("; ")}.`;
}

/** Who did it: the unit alone, or the unit with the unions below it. */
export function reportSubject(unitName: string, hasUnitsBelow: boolean): string {
  return hasUnitsBelow ? `${unitName} và các công đoàn cấp dưới` : unitName;
}

/** Completeness and timeliness of the units' own reports, and member coverage. */
export function reportingParagraph(input: { expected: number; submitted: number; onTime: number; memberCoverage: number | null }): string {
  const parts: string[] = [];
  if (input.expected > 0) {
    const missing = input.expected - input.submitted;
    parts.push(
      `Về báo cáo kết quả: ${n(input.submitted)}/${n(input.expected)} đơn vị phải báo cáo đã gửi báo cáo (đạt ${percentText(input.submitted / input.expected)}%), ` +
        `trong đó ${n(input.onTime)} đơn vị gửi đúng hạn (${percentText(input.onTime / input.expected)}%)` +
        (missing > 0 ? `; còn ${n(missing)} đơn vị chưa gửi báo cáo.` : "."),
    );
  }
  if (input.memberCoverage !== null) {
    parts.push(
      `Tỷ lệ đoàn viên được tuyên truyền trực tiếp đạt ${percentText(input.memberCoverage)}% (lượt người dự tuyên truyền miệng của mỗi đơn vị tính tối đa bằng số đoàn viên của đơn vị).`,
    );
  }
  return parts.join(" ");
}

/** How many required points have been covered, and which have not. */
export function coverageParagraph(points: readonly { code: string; activities: number }[]): string {
  if (!points.length) return "";
  const uncovered = points.filter((p) => p.activities === 0).map((p) => p.code);
  const covered = points.length - uncovered.length;
  const head = `Có ${n(covered)}/${n(points.length)} nội dung tuyên truyền đã có hoạt động được tính`;
  return uncovered.length ? `${head}; nội dung chưa có hoạt động: ${uncovered.join(", ")}.` : `${head}; tất cả nội dung đều đã được tuyên truyền.`;
}

/** "Trên đây là báo cáo … của {unit}./." */
export function closingParagraph(summary: string, unitName: string): string {
  return `Trên đây là báo cáo ${lowerFirst(summary)} của ${unitName}./.`;
}

// ---------------------------------------------------------------------------------------------
// "Nơi nhận"

/**
 * The recipient list as typed (one per line, with or without "-"), as the format writes it:
 * "- X;" on each line, the last one "- Lưu: VT, …." (added when missing, moved last otherwise).
 */
export function recipientLines(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^[-–•*+]\s*/, "").replace(/[;.,\s]+$/, "").trim())
    .filter(Boolean);
  const archive = lines.filter((l) => /^lưu\s*:/i.test(l));
  const others = lines.filter((l) => !/^lưu\s*:/i.test(l));
  const all = [...others, archive[0] ?? "Lưu: VT"];
  return all.map((l, i) => `- ${l}${i === all.length - 1 ? "." : ";"}`);
}

/** Default recipients: the level above (for its information, "b/c") and the archive. */
export function defaultRecipients(above: readonly string[]): string {
  return [...above.map((a) => `- ${a} (b/c);`), "- Lưu: VT."].join("\n");
}

// ---------------------------------------------------------------------------------------------
// File names

/** "Chỉ thị 12, Lai Châu" -> "chi-thi-12-lai-chau": ASCII, lower case, hyphens. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** What a campaign is known by: "Chỉ thị số 12-CT/TW" -> "chi-thi-12"; else the first words. */
function campaignSlug(title: string): string {
  const doc = /(Chỉ thị|Nghị quyết|Kết luận|Kế hoạch|Hướng dẫn|Công văn|Quyết định|Luật|Nghị định)\s+(?:số\s+)?(\d+)/i.exec(title);
  if (doc) return slugify(`${doc[1]} ${doc[2]}`);
  return slugify(title).split("-").slice(0, 5).join("-");
}

/** Where a unit is: "Liên đoàn Lao động tỉnh Lai Châu" -> "lai-chau"; else its short name. */
function unitSlug(name: string, shortName: string | null): string {
  const area = /(?:^|\s)(?:tỉnh|thành phố|huyện|thị xã|quận)\s+(.+)$/iu.exec(name);
  return slugify(area ? area[1] : (shortName ?? name)).split("-").slice(0, 6).join("-");
}

/** "tong-hop-chi-thi-12-lai-chau-2022.xlsx". */
export function exportFileName(
  prefix: "tong-hop" | "bao-cao" | "hoat-dong",
  input: { campaignTitle: string; unitName: string; unitShortName: string | null; from: string; to: string },
  extension: "xlsx" | "docx" | "csv",
): string {
  const years = input.from.slice(0, 4) === input.to.slice(0, 4) ? input.from.slice(0, 4) : `${input.from.slice(0, 4)}-${input.to.slice(0, 4)}`;
  const parts = [prefix, campaignSlug(input.campaignTitle), unitSlug(input.unitName, input.unitShortName), years].filter(Boolean);
  return `${parts.join("-")}.${extension}`;
}

/** An attachment header every browser reads, with the UTF-8 form (RFC 6266 / 5987) as well. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
