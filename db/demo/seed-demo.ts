/**
 * Demo data: the Lai Châu union tree, the Chỉ thị 12-CT/TW campaign of Công văn 967/LĐLĐ,
 * six accounts, about three hundred activities with results, and a few unit reports.
 *
 * Deterministic: a seeded PRNG and fixed timestamps give the same rows on every run (only
 * the password hashes differ, by their random salts). Times are built as Vietnam wall-clock
 * times (UTC+7) and stored as UTC instants.
 */
import type { Insertable, Kysely, Transaction } from "kysely";
import type { ActivityResultTable, ActivityStatus, ChannelCode, Database, NewActivity, Role } from "@db/schema";
import { DEFAULT_FORMS } from "~/domain/channels";
import { hashPassword } from "~/services/password.server";
import { rebuildRollups } from "~/services/tally-rollup.server";
import { insertUnitWithClosure } from "~/services/unit-tree.server";
import { DEMO_ORGANISATION, DEMO_UNIT_KINDS } from "@db/demo/organisation";
import type { DemoKindCode, DemoUnit } from "@db/demo/organisation";
import {
  DEMO_CAMPAIGN,
  DEMO_CONTENT_POINTS,
  DEMO_REPORTING_KINDS,
  DEMO_SOURCE_DOCUMENTS,
  DEMO_TARGETS,
} from "@db/demo/guidance";
import type { DemoPoint } from "@db/demo/guidance";

type Trx = Transaction<Database>;
type NewResult = Insertable<ActivityResultTable>;

// ---------------------------------------------------------------------------------------
// Accounts

export const DEMO_PASSWORD = "Demo@2022";

export interface DemoAccount {
  login: string;
  password: string;
  displayName: string;
  role: Role;
  unitCode: string;
  unitShortName: string;
  description: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    login: "admin",
    password: DEMO_PASSWORD,
    displayName: "Nguyễn Văn Hải",
    role: "admin",
    unitCode: "LC",
    unitShortName: "LĐLĐ tỉnh Lai Châu",
    description: "Quản trị hệ thống (Văn phòng LĐLĐ tỉnh)",
  },
  {
    login: "tinh.quanly",
    password: DEMO_PASSWORD,
    displayName: "Lò Thị Thu Hà",
    role: "manager",
    unitCode: "LC",
    unitShortName: "LĐLĐ tỉnh Lai Châu",
    description: "Chuyên viên Ban Tuyên giáo - Nữ công: phát hành kế hoạch, tổng hợp toàn tỉnh",
  },
  {
    login: "huyen.quanly",
    password: DEMO_PASSWORD,
    displayName: "Hoàng Văn Thắng",
    role: "manager",
    unitCode: "LC-TD",
    unitShortName: "LĐLĐ huyện Tam Đường",
    description: "Chủ tịch LĐLĐ huyện: duyệt báo cáo các CĐCS trong huyện",
  },
  {
    login: "huyen.bientap",
    password: DEMO_PASSWORD,
    displayName: "Lường Thị Mai",
    role: "editor",
    unitCode: "LC-TD",
    unitShortName: "LĐLĐ huyện Tam Đường",
    description: "Cán bộ LĐLĐ huyện: lập lịch, ghi kết quả hoạt động",
  },
  {
    login: "coso.bientap",
    password: DEMO_PASSWORD,
    displayName: "Tẩn Thị Dung",
    role: "editor",
    unitCode: "LC-TD-003",
    unitShortName: "Trường THCS Bình Lư",
    description: "Chủ tịch CĐCS Trường THCS Bình Lư (huyện Tam Đường), chưa gửi báo cáo",
  },
  {
    login: "xem",
    password: DEMO_PASSWORD,
    displayName: "Đỗ Minh Tuấn",
    role: "viewer",
    unitCode: "LC",
    unitShortName: "LĐLĐ tỉnh Lai Châu",
    description: "Lãnh đạo LĐLĐ tỉnh: chỉ xem số liệu",
  },
];

export interface DemoSummary {
  campaignId: number;
  units: number;
  closedUnits: number;
  users: number;
  contentPoints: number;
  activities: number;
  results: number;
  unitReports: number;
}

// ---------------------------------------------------------------------------------------
// Determinism: PRNG and calendar arithmetic

const SEED = 20220711;
const CREATED_AT = new Date("2022-07-11T01:00:00Z");

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A key of `weights`, drawn with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    return this.weightedEntry(Object.entries(weights) as [K, number][]);
  }
  weightedEntry<T>(entries: readonly (readonly [T, number])[]): T {
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return entries[entries.length - 1][0];
  }
}

const DAY_MS = 86_400_000;
const VN_UTC_OFFSET_HOURS = 7;
/** Days since 1970-01-01 of a "yyyy-MM-dd" date. */
const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
/** A Vietnam wall-clock time on a day, as a UTC instant (08:00 in Hà Nội is 01:00Z). */
const vnTime = (day: number, hour: number, minute = 0): Date =>
  new Date(day * DAY_MS + ((hour - VN_UTC_OFFSET_HOURS) * 60 + minute) * 60_000);
const addMinutes = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);
const later = (a: Date, b: Date): Date => (a > b ? a : b);
const isSunday = (day: number): boolean => new Date(day * DAY_MS).getUTCDay() === 0;
const monthOf = (day: number): number => new Date(day * DAY_MS).getUTCMonth() + 1;

const FIRST_DAY = dayOf(DEMO_CAMPAIGN.startsOn);
const LAST_DAY = dayOf("2022-12-30");
/** From here on, many activities are still only planned (results not yet logged). */
const MOSTLY_PLANNED_FROM = dayOf("2022-11-21");

// ---------------------------------------------------------------------------------------
// Generated activities

interface Actor {
  id: number;
  unit: DemoUnit;
  parent: DemoUnit | null;
  /** The unit as said inside a sentence: "Trường THCS Bình Lư", "LĐLĐ huyện Tam Đường". */
  label: string;
  presenter: string;
  /** The seeded account that plans and logs for this unit. */
  userId: number;
}

interface PointChoice {
  id: number;
  topic: string;
  weight: number;
}

interface FormInfo {
  id: number;
  channel: ChannelCode;
  quantityUnit: string;
}

interface PlannedActivity {
  unitCode: string;
  row: Omit<NewActivity, "campaign_id">;
  pointIds: number[];
  result: Omit<NewResult, "activity_id"> | null;
}

// prettier-ignore
const PEOPLE = [
  "Lò Văn Thanh",
  "Lường Thị Hoa",
  "Giàng A Dế",
  "Vàng Thị Mai",
  "Nguyễn Thị Hằng",
  "Đèo Văn Hùng",
  "Trần Văn Bình",
  "Phạm Thị Lan",
  "Sùng A Chang",
  "Lý Thị Mẩy",
  "Tao Văn Khoa",
  "Bùi Thị Nga",
  "Đỗ Văn Quân",
  "Vũ Thị Hương",
  "Hoàng Thị Thu",
  "Lê Thị Huyền",
  "Tẩn Văn Sơn",
  "Quàng Văn Dũng",
] as const;

const CANCEL_REASONS = [
  "Trùng lịch họp triển khai nhiệm vụ chính trị đột xuất của địa phương",
  "Mưa lớn, sạt lở đường, đoàn viên không thể tập trung",
  "Báo cáo viên đi công tác đột xuất; lồng ghép vào buổi sinh hoạt tháng sau",
  "Đơn vị tập trung phòng, chống dịch bệnh",
] as const;

const isSchoolOrHealth = (u: DemoUnit) => /Trường|Y tế|Bệnh viện|bệnh tật/.test(u.name);
const isCompany = (u: DemoUnit) => /Công ty|Thủy điện/.test(u.name);
/** "huyện Tam Đường", "thành phố Lai Châu" for a district federation. */
const areaOf = (u: DemoUnit) => u.shortName.replace(/^LĐLĐ /, "");
const facebookPage = (a: Actor) => (a.unit.kind === "province" ? "Công đoàn Lai Châu" : a.unit.name);

function activityCount(rng: Rng, u: DemoUnit): number {
  switch (u.kind) {
    case "province":
      return 10;
    case "department":
      return 0;
    case "district":
      return rng.int(6, 10);
    case "sector":
    case "civil_servant":
      return rng.int(6, 9);
    case "grassroots":
      if (u.closedOn) return rng.int(1, 2);
      if (u.members >= 1000) return rng.int(5, 7);
      if (u.members >= 500) return rng.int(3, 5);
      // A few small unions outside Tam Đường did nothing: the tally shows them uncovered.
      if (!u.code.startsWith("LC-TD") && rng.chance(0.06)) return 0;
      return rng.int(2, 4);
  }
}

/** The mix after a unit's first activity (always spoken: a conference or talk to open the campaign). */
function channelFor(rng: Rng, u: DemoUnit): ChannelCode {
  return u.kind === "grassroots"
    ? rng.weighted<ChannelCode>({ spoken: 25, visual: 42, facebook: 20, media: 13 })
    : rng.weighted<ChannelCode>({ spoken: 30, visual: 20, facebook: 25, media: 25 });
}

function formFor(rng: Rng, channel: ChannelCode, u: DemoUnit): string {
  const grassroots = u.kind === "grassroots";
  switch (channel) {
    case "spoken":
      return grassroots
        ? rng.weighted({ sinh_hoat_cong_doan: 50, bao_cao_vien: 35, hoi_nghi: 15 })
        : rng.weighted({ bao_cao_vien: 80, sinh_hoat_cong_doan: 20 });
    case "visual":
      return rng.weighted({ khau_hieu: 35, ap_phich: 20, to_roi: 20, pa_no: grassroots ? 10 : 25, sach_bao: 10 });
    case "media":
      return rng.weighted({ cong_ttdt: grassroots ? 85 : 45, bao_dai: grassroots ? 15 : 55 });
    case "facebook":
      return rng.weighted({ fb_bai_viet: 70, fb_video: 20, fb_livestream: 10 });
  }
}

function pickPoints(rng: Rng, all: readonly PointChoice[]): PointChoice[] {
  const wanted = Number(rng.weighted({ 1: 50, 2: 35, 3: 15 }));
  let pool = all;
  const chosen: PointChoice[] = [];
  while (chosen.length < wanted && pool.length > 0) {
    const point = rng.weightedEntry(pool.map((p) => [p, p.weight] as const));
    chosen.push(point);
    pool = pool.filter((p) => p !== point);
  }
  return chosen;
}

/** Mass-media outlet and the words the title starts with. */
function outletFor(rng: Rng, a: Actor, form: string): { outlet: string; lead: string } {
  if (form === "cong_ttdt")
    return { outlet: "Cổng thông tin điện tử LĐLĐ tỉnh Lai Châu", lead: "Đăng tin trên Cổng TTĐT Công đoàn Lai Châu" };
  const options = [
    { outlet: "Báo Lai Châu", lead: "Bài viết trên Báo Lai Châu" },
    { outlet: "Đài Phát thanh - Truyền hình tỉnh Lai Châu", lead: "Phóng sự trên Đài PT-TH tỉnh Lai Châu" },
  ];
  if (a.unit.kind === "province") options.push({ outlet: "Báo Lao Động", lead: "Bài viết trên Báo Lao Động" });
  if (a.unit.kind === "district") {
    const area = areaOf(a.unit);
    options.push({
      outlet: `Trung tâm Văn hóa, Thể thao và Truyền thông ${area}`,
      lead: `Tin phát trên hệ thống truyền thanh ${area}`,
    });
  }
  return a.unit.kind === "grassroots" ? options[0] : rng.pick(options);
}

function titleFor(a: Actor, form: string, topic: string, day: number, lead: string): string {
  const grassroots = a.unit.kind === "grassroots";
  switch (form) {
    case "bao_cao_vien":
      return grassroots
        ? `Tuyên truyền Chỉ thị 12-CT/TW cho đoàn viên ${a.label}`
        : `Tuyên truyền Chỉ thị 12-CT/TW về ${topic} cho cán bộ công đoàn cơ sở`;
    case "sinh_hoat_cong_doan":
      return `Sinh hoạt công đoàn chuyên đề tháng ${monthOf(day)}: ${topic}`;
    case "hoi_nghi":
      return grassroots
        ? `Hội nghị quán triệt Chỉ thị số 12-CT/TW cho đoàn viên, người lao động ${a.label}`
        : "Hội nghị quán triệt Chỉ thị số 12-CT/TW của Ban Bí thư cho cán bộ công đoàn chủ chốt";
    case "khau_hieu":
      return `Treo băng rôn, khẩu hiệu tuyên truyền Chỉ thị 12-CT/TW tại ${grassroots ? "cổng" : "trụ sở"} ${a.label}`;
    case "pa_no":
      return `Dựng pa nô tuyên truyền ${topic}`;
    case "ap_phich":
      return `Dán áp phích tuyên truyền Chỉ thị 12-CT/TW tại bảng tin ${a.label}`;
    case "to_roi":
      return `Phát tờ rơi tuyên truyền ${topic} cho đoàn viên, người lao động`;
    case "sach_bao":
      return "Bổ sung sách, báo về công tác đối ngoại nhân dân cho tủ sách công đoàn";
    case "fb_bai_viet":
      return `Bài viết trên trang Facebook ${facebookPage(a)} về ${topic}`;
    case "fb_video":
      return `Video tuyên truyền ${topic} trên trang Facebook ${facebookPage(a)}`;
    case "fb_livestream":
      return `Livestream tọa đàm về ${topic} trên trang Facebook ${facebookPage(a)}`;
    default:
      return `${lead} về ${topic}`;
  }
}

function schedule(rng: Rng, channel: ChannelCode, form: string, day: number) {
  const timed = channel === "spoken" || form === "fb_livestream" || (channel === "facebook" && rng.chance(0.4));
  if (!timed) {
    const startsAt = vnTime(day, 0);
    return { startsAt, endsAt: addMinutes(startsAt, 24 * 60), isAllDay: true };
  }
  // Minutes after midnight, Vietnam time: 07:30, 08:00, 14:00, 15:00 for talks; 09:00 or 20:00 online.
  const minutes =
    channel === "spoken"
      ? rng.pick([450, 480, 480, 840, 840, 900])
      : form === "fb_livestream"
      ? 1200
      : rng.pick([540, 1200]);
  const startsAt = vnTime(day, 0, minutes);
  return { startsAt, endsAt: addMinutes(startsAt, rng.pick([90, 120, 150, 180])), isAllDay: false };
}

function statusFor(rng: Rng, day: number): ActivityStatus {
  if (rng.chance(0.055)) return "cancelled";
  if (rng.chance(day >= MOSTLY_PLANNED_FROM ? 0.75 : 0.02)) return "planned";
  return "done";
}

// prettier-ignore
const EMPTY_RESULT = {
  attendance: null, members_attending: null, women_attending: null,
  quantity: null, quantity_unit: null, display_place: null, display_days: null,
  items: null, outlet: null,
  posts: null, reach: null, views: null, engagements: null, shares: null, reach_source: null,
  links: null, notes: null,
} satisfies Omit<NewResult, "activity_id" | "reported_at" | "reported_by">;

function spokenPlan(rng: Rng, a: Actor): number {
  switch (a.unit.kind) {
    case "grassroots":
      return Math.max(20, Math.min(300, Math.round(a.unit.members * rng.between(0.75, 1)) + rng.int(0, 6)));
    case "province":
      return rng.int(12, 30) * 10;
    default:
      return rng.int(4, 18) * 10;
  }
}

function womenShare(rng: Rng, u: DemoUnit): number {
  if (isSchoolOrHealth(u)) return rng.between(0.6, 0.85);
  if (isCompany(u)) return rng.between(0.25, 0.5);
  return rng.between(0.35, 0.6);
}

function visualPlan(rng: Rng, form: string, grassroots: boolean): number {
  switch (form) {
    case "khau_hieu":
      return grassroots ? rng.int(1, 4) : rng.int(3, 12);
    case "pa_no":
      return grassroots ? 1 : rng.int(1, 4);
    case "ap_phich":
      return rng.int(5, 30);
    case "to_roi":
      return grassroots ? rng.int(3, 30) * 10 : rng.int(20, 150) * 10;
    default:
      return rng.int(3, 20);
  }
}

function displayPlace(a: Actor, form: string): string {
  const where = a.unit.kind === "grassroots" ? a.label : `trụ sở ${a.label}`;
  switch (form) {
    case "khau_hieu":
      return `Cổng ${where}`;
    case "pa_no":
      return a.unit.kind === "district" ? `Khu trung tâm ${areaOf(a.unit)}` : `Khuôn viên ${where}`;
    case "ap_phich":
      return `Bảng tin ${where}`;
    case "to_roi":
      return `Phát trực tiếp tại ${where}`;
    default:
      return `Tủ sách công đoàn ${where}`;
  }
}

function facebookReach(rng: Rng, kind: DemoKindCode): number {
  switch (kind) {
    case "province":
      return rng.int(2500, 18000);
    case "district":
      return rng.int(400, 4500);
    case "grassroots":
      return rng.int(80, 900);
    default:
      return rng.int(300, 3000);
  }
}

function planFor(
  rng: Rng,
  a: Actor,
  k: number,
  points: readonly PointChoice[],
  forms: ReadonlyMap<string, FormInfo>,
): PlannedActivity | null {
  const u = a.unit;
  const from = Math.max(FIRST_DAY, dayOf(u.openedOn));
  const to = Math.min(LAST_DAY, u.closedOn ? dayOf(u.closedOn) - 1 : LAST_DAY);
  if (to < from) return null;
  // Every unit opens with a spoken activity in its first weeks; the rest spread over the period.
  const first = k === 0;
  let day = first ? rng.int(from, Math.min(to, from + 34)) : rng.int(from, to);
  if (isSunday(day)) day = day + 1 <= to ? day + 1 : day - 1;

  const channel: ChannelCode = first ? "spoken" : channelFor(rng, u);
  const form = first
    ? u.kind === "grassroots"
      ? rng.pick(["bao_cao_vien", "sinh_hoat_cong_doan"])
      : "hoi_nghi"
    : formFor(rng, channel, u);
  const info = forms.get(form);
  if (!info) throw new Error(`Demo seed: unknown channel form ${form}`);

  const tagged = pickPoints(rng, points);
  const { outlet, lead } = outletFor(rng, a, form);
  const { startsAt, endsAt, isAllDay } = schedule(rng, channel, form, day);
  const status = first && u.kind !== "grassroots" ? "done" : statusFor(rng, day);
  const createdAt = later(CREATED_AT, vnTime(dayOf(u.openedOn), 8));
  const grassroots = u.kind === "grassroots";

  const plannedAttendance = channel === "spoken" ? spokenPlan(rng, a) : null;
  const plannedQuantity = channel === "visual" ? visualPlan(rng, form, grassroots) : null;
  const spoken = channel === "spoken";
  const bcvFromAbove = spoken && grassroots && form === "bao_cao_vien" && a.parent !== null && rng.chance(0.4);
  const presenter = !spoken
    ? null
    : bcvFromAbove && a.parent
    ? `Đ/c ${rng.pick(PEOPLE)}, báo cáo viên ${a.parent.shortName}`
    : a.presenter;

  const reportedAt = vnTime(day + 1, rng.pick([9, 10, 15, 16]));
  const row: PlannedActivity["row"] = {
    unit_id: a.id,
    channel,
    form_id: info.id,
    title: titleFor(a, form, tagged[0].topic, day, lead),
    starts_at: startsAt,
    ends_at: endsAt,
    is_all_day: isAllDay,
    location: spoken ? `${rng.pick(["Hội trường", "Phòng họp"])} ${a.label}` : null,
    presenter,
    audience: spoken ? audienceFor(u) : null,
    planned_attendance: plannedAttendance,
    planned_quantity: plannedQuantity,
    status,
    cancel_reason: status === "cancelled" ? rng.pick(CANCEL_REASONS) : null,
    series_id: null,
    external_ref: null,
    version: 1,
    created_by: a.userId,
    created_at: createdAt,
    updated_at:
      status === "done" ? reportedAt : status === "cancelled" ? later(createdAt, vnTime(day - 1, 16)) : createdAt,
  };
  if (status !== "done") return { unitCode: u.code, row, pointIds: tagged.map((p) => p.id), result: null };

  const base = { ...EMPTY_RESULT, reported_at: reportedAt, reported_by: a.userId };
  let result: Omit<NewResult, "activity_id">;
  if (channel === "spoken") {
    const attendance = Math.max(20, Math.min(300, Math.round((plannedAttendance ?? 20) * rng.between(0.85, 1.05))));
    const members = Math.round(attendance * rng.between(0.8, 1));
    result = {
      ...base,
      attendance,
      members_attending: grassroots ? Math.min(members, u.members) : members,
      women_attending: Math.round(attendance * womenShare(rng, u)),
    };
  } else if (channel === "visual") {
    result = {
      ...base,
      quantity: plannedQuantity,
      quantity_unit: info.quantityUnit,
      display_place: displayPlace(a, form),
      display_days: form === "to_roi" ? null : form === "sach_bao" ? rng.int(30, 90) : rng.int(7, 30),
    };
  } else if (channel === "media") {
    result = { ...base, items: grassroots ? rng.int(1, 2) : rng.int(1, 5), outlet };
  } else {
    const reach = facebookReach(rng, u.kind);
    const engagements = Math.round(reach * rng.between(0.03, 0.12));
    result = {
      ...base,
      posts: form === "fb_bai_viet" ? rng.int(1, 3) : 1,
      reach,
      views: Math.round(reach * rng.between(1.2, 2.2)),
      engagements,
      shares: Math.round(engagements * rng.between(0.05, 0.2)),
      reach_source: "meta_reach",
    };
  }
  return { unitCode: u.code, row, pointIds: tagged.map((p) => p.id), result };
}

function audienceFor(u: DemoUnit): string {
  switch (u.kind) {
    case "province":
      return "Cán bộ công đoàn chủ chốt các cấp trong tỉnh";
    case "grassroots":
      if (/Trường/.test(u.name)) return "Cán bộ, giáo viên, nhân viên là đoàn viên công đoàn";
      return isCompany(u) ? "Đoàn viên, người lao động" : "Đoàn viên, cán bộ, công chức, viên chức";
    default:
      return "Chủ tịch, cán bộ công đoàn cơ sở trực thuộc";
  }
}

// ---------------------------------------------------------------------------------------
// Unit reports (under Tam Đường; LC-TD-003, the grassroots editor's union, has none)

interface DemoReport {
  unitCode: string;
  status: "submitted" | "returned" | "accepted";
  submittedOn: string;
  reviewedOn?: string;
  comment?: string;
}

const DEMO_REPORTS: readonly DemoReport[] = [
  { unitCode: "LC-TD-001", status: "submitted", submittedOn: "2022-12-05" },
  { unitCode: "LC-TD-004", status: "submitted", submittedOn: "2022-12-08" },
  { unitCode: "LC-TD-007", status: "submitted", submittedOn: "2022-12-09" },
  {
    unitCode: "LC-TD-006",
    status: "accepted",
    submittedOn: "2022-12-02",
    reviewedOn: "2022-12-12",
    comment: "Báo cáo đầy đủ, số liệu khớp với danh sách hoạt động. Đồng ý.",
  },
  {
    unitCode: "LC-TD-005",
    status: "returned",
    submittedOn: "2022-12-06",
    reviewedOn: "2022-12-07",
    comment:
      "Đề nghị bổ sung số lượt nữ đoàn viên tham dự và ảnh minh chứng buổi sinh hoạt công đoàn tháng 10; gửi lại trước ngày 10/12/2022.",
  },
  { unitCode: "LC-TD-008", status: "submitted", submittedOn: "2022-12-14" },
];

function highlightsOf(plans: readonly PlannedActivity[], before: Date): string {
  let sessions = 0;
  let attendance = 0;
  let visual = 0;
  let items = 0;
  let posts = 0;
  for (const p of plans) {
    if (!p.result || p.row.starts_at >= before) continue;
    if (p.row.channel === "spoken") {
      sessions += 1;
      attendance += p.result.attendance ?? 0;
    }
    visual += p.result.quantity ?? 0;
    items += p.result.items ?? 0;
    posts += p.result.posts ?? 0;
  }
  const parts = [`Tổ chức ${sessions} buổi tuyên truyền miệng cho ${attendance} lượt đoàn viên, người lao động`];
  if (visual > 0) parts.push(`thực hiện ${visual} sản phẩm tuyên truyền trực quan`);
  if (items > 0) parts.push(`${items} tin, bài trên phương tiện thông tin đại chúng`);
  if (posts > 0) parts.push(`${posts} bài đăng trên trang Facebook`);
  return `${parts.join("; ")}.`;
}

// ---------------------------------------------------------------------------------------
// The seed, step by step inside one transaction

interface SeededUnit {
  id: number;
  unit: DemoUnit;
  parent: DemoUnit | null;
}

interface Ids {
  kind(code: DemoKindCode): number;
  unit(code: string): number;
  user(login: string): number;
}

function lookup<K>(map: ReadonlyMap<K, number>, what: string): (key: K) => number {
  return (key) => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`Demo seed: ${what} ${String(key)} missing`);
    return id;
  };
}

async function insertOrganisation(trx: Trx): Promise<{ units: SeededUnit[]; kind: Ids["kind"]; unit: Ids["unit"] }> {
  const kindRows = await trx
    .insertInto("unit_kind")
    .values(DEMO_UNIT_KINDS.map((k) => ({ code: k.code, name: k.name, level: k.level, is_grassroots: k.isGrassroots })))
    .returning(["id", "code"])
    .execute();
  const kind = lookup(new Map(kindRows.map((r) => [r.code, r.id])), "unit kind");

  const units: SeededUnit[] = [];
  const insertTree = async (unit: DemoUnit, parent: DemoUnit | null, parentId: number | null): Promise<void> => {
    const id = await insertUnitWithClosure(trx, {
      parent_id: parentId,
      code: unit.code,
      name: unit.name,
      short_name: unit.shortName,
      kind_id: kind(unit.kind),
      members: unit.members,
      opened_on: unit.openedOn,
      closed_on: unit.closedOn,
      created_at: CREATED_AT,
    });
    units.push({ id, unit, parent });
    for (const child of unit.children) await insertTree(child, unit, id);
  };
  await insertTree(DEMO_ORGANISATION, null, null);
  return { units, kind, unit: lookup(new Map(units.map((u) => [u.unit.code, u.id])), "unit") };
}

async function insertAccounts(trx: Trx, hashes: readonly string[], unit: Ids["unit"]): Promise<Ids["user"]> {
  const ids = new Map<string, number>();
  for (const [i, account] of DEMO_ACCOUNTS.entries()) {
    const { id } = await trx
      .insertInto("app_user")
      .values({
        login: account.login,
        display_name: account.displayName,
        password_hash: hashes[i],
        unit_id: unit(account.unitCode),
        role: account.role,
        is_active: true,
        is_password_change_required: false,
        session_epoch: 0,
        feed_token: null,
        created_at: CREATED_AT,
        last_login_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(account.login, id);
  }
  return lookup(ids, "account");
}

/** The campaign, its reporting kinds, documents, content points, channels and targets. */
async function insertCampaign(
  trx: Trx,
  ids: Ids,
): Promise<{ campaignId: number; points: PointChoice[]; forms: Map<string, FormInfo> }> {
  const { id: campaignId } = await trx
    .insertInto("campaign")
    .values({
      issuer_unit_id: ids.unit(DEMO_ORGANISATION.code),
      title: DEMO_CAMPAIGN.title,
      summary: DEMO_CAMPAIGN.summary,
      starts_on: DEMO_CAMPAIGN.startsOn,
      ends_on: DEMO_CAMPAIGN.endsOn,
      report_due_on: DEMO_CAMPAIGN.reportDueOn,
      status: DEMO_CAMPAIGN.status,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  await trx
    .insertInto("campaign_reporting_kind")
    .values(
      DEMO_REPORTING_KINDS.map((r) => ({ campaign_id: campaignId, unit_kind_id: ids.kind(r.kind), due_on: r.dueOn })),
    )
    .execute();

  await trx
    .insertInto("source_document")
    .values(
      DEMO_SOURCE_DOCUMENTS.map((d, position) => ({
        campaign_id: campaignId,
        kind: d.kind,
        number: d.number,
        issued_on: d.issuedOn,
        issuer: d.issuer,
        title: d.title,
        url: null,
        attachment_id: null,
        position,
      })),
    )
    .execute();

  const points: PointChoice[] = [];
  const insertPoints = async (list: readonly DemoPoint[], parentId: number | null): Promise<void> => {
    for (const [position, point] of list.entries()) {
      const { id } = await trx
        .insertInto("content_point")
        .values({
          campaign_id: campaignId,
          parent_id: parentId,
          code: point.code,
          title: point.title,
          details: point.details,
          position,
          is_archived: false,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      points.push({ id, topic: point.topic, weight: point.weight });
      await insertPoints(point.children, id);
    }
  };
  await insertPoints(DEMO_CONTENT_POINTS, null);

  // The shared forms of Công văn 967 section 2, all asked for by this campaign.
  const formRows = await trx
    .insertInto("channel_form")
    .values(
      DEFAULT_FORMS.map((f, position) => ({
        channel: f.channel,
        code: f.code,
        name: f.name,
        quantity_unit: f.quantityUnit,
        campaign_id: null,
        position,
      })),
    )
    .returning(["id", "code", "channel", "quantity_unit"])
    .execute();
  await trx
    .insertInto("campaign_channel")
    .values(formRows.map((f) => ({ campaign_id: campaignId, form_id: f.id })))
    .execute();

  await trx
    .insertInto("campaign_target")
    .values(
      DEMO_TARGETS.map((t) => ({
        campaign_id: campaignId,
        unit_kind_id: t.kind === null ? null : ids.kind(t.kind),
        min_members: t.minMembers,
        max_members: t.maxMembers,
        channel: null,
        min_activities: t.minActivities,
        member_coverage_pct: t.memberCoveragePct,
      })),
    )
    .execute();

  const forms = new Map(formRows.map((f) => [f.code, { id: f.id, channel: f.channel, quantityUnit: f.quantity_unit }]));
  return { campaignId, points, forms };
}

function planActivities(
  units: readonly SeededUnit[],
  user: Ids["user"],
  points: readonly PointChoice[],
  forms: ReadonlyMap<string, FormInfo>,
): PlannedActivity[] {
  const rng = new Rng(SEED);
  const plans: PlannedActivity[] = [];
  for (const [index, { id, unit, parent }] of units.entries()) {
    const role =
      unit.kind === "grassroots"
        ? "Chủ tịch Công đoàn cơ sở"
        : unit.kind === "province"
        ? "Trưởng Ban Tuyên giáo - Nữ công LĐLĐ tỉnh"
        : `Chủ tịch ${unit.shortName}`;
    const actor: Actor = {
      id,
      unit,
      parent,
      label: unit.kind === "grassroots" ? unit.name.replace(/^Công đoàn /, "") : unit.shortName,
      presenter: `Đ/c ${PEOPLE[(index * 7) % PEOPLE.length]}, ${role}`,
      userId:
        unit.code === "LC-TD-003"
          ? user("coso.bientap")
          : unit.code.startsWith("LC-TD")
          ? user("huyen.bientap")
          : user("tinh.quanly"),
    };
    const count = activityCount(rng, unit);
    for (let k = 0; k < count; k++) {
      const plan = planFor(rng, actor, k, points, forms);
      if (plan) plans.push(plan);
    }
  }
  return plans.sort((a, b) => a.row.starts_at.getTime() - b.row.starts_at.getTime() || a.row.unit_id - b.row.unit_id);
}

/** Activities one by one (their ids are needed), then points and results in batches. */
async function insertActivities(trx: Trx, campaignId: number, plans: readonly PlannedActivity[]): Promise<number> {
  const pointRows: { activity_id: number; content_point_id: number }[] = [];
  const resultRows: NewResult[] = [];
  for (const plan of plans) {
    const { id } = await trx
      .insertInto("activity")
      .values({ ...plan.row, campaign_id: campaignId })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const pointId of plan.pointIds) pointRows.push({ activity_id: id, content_point_id: pointId });
    if (plan.result) resultRows.push({ ...plan.result, activity_id: id });
  }
  for (let i = 0; i < pointRows.length; i += 500) {
    await trx
      .insertInto("activity_point")
      .values(pointRows.slice(i, i + 500))
      .execute();
  }
  for (let i = 0; i < resultRows.length; i += 200) {
    await trx
      .insertInto("activity_result")
      .values(resultRows.slice(i, i + 200))
      .execute();
  }
  return resultRows.length;
}

async function insertReports(trx: Trx, campaignId: number, ids: Ids, plans: readonly PlannedActivity[]): Promise<void> {
  const dueOn = DEMO_REPORTING_KINDS.find((r) => r.kind === "grassroots")?.dueOn ?? DEMO_CAMPAIGN.reportDueOn;
  const rng = new Rng(SEED + 1);
  for (const report of DEMO_REPORTS) {
    const submittedAt = vnTime(dayOf(report.submittedOn), rng.int(8, 16), rng.pick([0, 15, 30, 45]));
    await trx
      .insertInto("unit_report")
      .values({
        campaign_id: campaignId,
        unit_id: ids.unit(report.unitCode),
        status: report.status,
        highlights: highlightsOf(
          plans.filter((p) => p.unitCode === report.unitCode),
          submittedAt,
        ),
        assessment: rng.pick([
          "Đoàn viên, người lao động nắm được nội dung cơ bản của Chỉ thị số 12-CT/TW; công tác tuyên truyền được triển khai kịp thời.",
          "Việc tuyên truyền được lồng ghép trong sinh hoạt công đoàn thường kỳ, thu hút đông đảo đoàn viên tham gia.",
        ]),
        difficulties: rng.pick([
          "Địa bàn rộng, đi lại khó khăn; một số đoàn viên là người dân tộc thiểu số còn hạn chế tiếng phổ thông.",
          "Kinh phí cho tuyên truyền trực quan còn hạn chế.",
        ]),
        proposals: "Đề nghị LĐLĐ huyện cung cấp thêm tài liệu tuyên truyền và tổ chức tập huấn cho báo cáo viên cơ sở.",
        figures: null,
        submitted_at: submittedAt,
        submitted_by: ids.user("huyen.bientap"),
        is_on_time: report.submittedOn <= dueOn,
        reviewed_at: report.reviewedOn ? vnTime(dayOf(report.reviewedOn), 10) : null,
        reviewed_by: report.reviewedOn ? ids.user("huyen.quanly") : null,
        review_comment: report.comment ?? null,
        version: 1,
      })
      .execute();
  }
}

/** Inserts the whole demo in one transaction; the database must be migrated and empty. */
export async function seedDemo(db: Kysely<Database>): Promise<DemoSummary> {
  // argon2 is slow; hash before the transaction opens.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => hashPassword(account.password)));

  return db.transaction().execute(async (trx) => {
    if (await trx.selectFrom("unit").select("id").limit(1).executeTakeFirst()) {
      throw new Error("Demo seed needs an empty database (run db:reset first): table unit already has rows.");
    }
    const { units, kind, unit } = await insertOrganisation(trx);
    const user = await insertAccounts(trx, hashes, unit);
    const ids: Ids = { kind, unit, user };
    const { campaignId, points, forms } = await insertCampaign(trx, ids);
    const plans = planActivities(units, user, points, forms);
    const results = await insertActivities(trx, campaignId, plans);
    await insertReports(trx, campaignId, ids, plans);
    await rebuildRollups(trx); // rows were written directly, not through the services

    return {
      campaignId,
      units: units.length,
      closedUnits: units.filter((u) => u.unit.closedOn !== null).length,
      users: DEMO_ACCOUNTS.length,
      contentPoints: points.length,
      activities: plans.length,
      results,
      unitReports: DEMO_REPORTS.length,
    };
  });
}
