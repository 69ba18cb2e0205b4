/**
 * Synthetic benchmark data, deterministic from a seed, written straight into a migrated database
 * with bulk inserts (no services, no per-row round trips):
 *
 *   SQLite      better-sqlite3 directly, one transaction, prepared multi-row INSERTs sized under
 *               SQLite's 32,766-parameter limit, `synchronous=OFF, journal_mode=OFF` for the load
 *               only (WAL and NORMAL are restored afterwards), then ANALYZE.
 *   PostgreSQL  one transaction of `INSERT ... SELECT * FROM unnest($1::type[], ...)`: one array
 *               parameter per column, 20,000 rows a statement, then setval() and ANALYZE.
 *
 * Ids are assigned here (1..n per table), so closure rows, links, results and reports are computed
 * in JavaScript and written set-based without reading anything back.
 *
 *   npx tsx test/bench/generate.ts --scale province --db file:/tmp/bench.db
 *   npx tsx test/bench/generate.ts --scale national --db postgres://postgres@127.0.0.1:5432/bench
 */
import SQLite from "better-sqlite3";
import pg from "pg";
import { sql } from "kysely";
import { dialectOf, openDatabase } from "@db/connection";
import { migrateToLatest } from "@db/migrate";
import { DEFAULT_FORMS } from "~/domain/channels";
import type { ChannelCode } from "@db/schema";
import { hashPassword } from "~/services/password.server";
import { rebuildRollups } from "~/services/tally-rollup.server";

export type ScaleName = "quick" | "province" | "national";

export interface Scale {
  name: ScaleName;
  /** 0: a single provincial federation is the root; otherwise a national root above this many provinces. */
  provinces: number;
  superiorsPerProvince: number;
  grassrootsPerProvince: number;
  activitiesPerProvince: number;
  membersPerGrassroots: number;
}

export const SCALES: Record<ScaleName, Scale> = {
  quick: { name: "quick", provinces: 0, superiorsPerProvince: 3, grassrootsPerProvince: 30, activitiesPerProvince: 400, membersPerGrassroots: 150 },
  province: { name: "province", provinces: 0, superiorsPerProvince: 20, grassrootsPerProvince: 800, activitiesPerProvince: 50_000, membersPerGrassroots: 150 },
  national: { name: "national", provinces: 34, superiorsPerProvince: 20, grassrootsPerProvince: 3_802, activitiesPerProvince: 58_824, membersPerGrassroots: 80 },
};

export const BENCH_PASSWORD = "Bench@2025";
export const BENCH_EDITORS = 10;
export const YEAR = 2025;

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) if ((r -= w) < 0) return value;
    return choices[choices.length - 1][0];
  }
}

type Value = string | number | boolean | null | Date;
type Row = Value[];

const TABLES: Record<string, string[]> = {
  unit_kind: ["id", "code", "name", "level", "is_grassroots"],
  unit: ["id", "parent_id", "code", "name", "short_name", "kind_id", "members", "opened_on", "closed_on", "created_at"],
  unit_tree: ["ancestor_id", "descendant_id", "depth"],
  app_user: ["id", "login", "display_name", "password_hash", "unit_id", "role", "is_active", "is_password_change_required", "session_epoch", "feed_token", "created_at", "last_login_at"],
  campaign: ["id", "issuer_unit_id", "title", "summary", "starts_on", "ends_on", "report_due_on", "status", "created_at", "updated_at"],
  campaign_reporting_kind: ["campaign_id", "unit_kind_id", "due_on"],
  source_document: ["id", "campaign_id", "kind", "number", "issued_on", "issuer", "title", "url", "attachment_id", "position"],
  content_point: ["id", "campaign_id", "parent_id", "code", "title", "details", "position", "is_archived"],
  channel_form: ["id", "channel", "code", "name", "quantity_unit", "campaign_id", "position"],
  campaign_channel: ["campaign_id", "form_id"],
  campaign_target: ["id", "campaign_id", "unit_kind_id", "min_members", "max_members", "channel", "min_activities", "member_coverage_pct"],
  activity: [
    "id", "campaign_id", "unit_id", "channel", "form_id", "title", "starts_at", "ends_at", "is_all_day", "location", "presenter", "audience",
    "planned_attendance", "planned_quantity", "status", "cancel_reason", "series_id", "external_ref", "version", "created_by", "created_at", "updated_at",
  ],
  activity_point: ["activity_id", "content_point_id"],
  activity_result: [
    "activity_id", "attendance", "members_attending", "women_attending", "quantity", "quantity_unit", "display_place", "display_days", "items", "outlet",
    "posts", "reach", "views", "engagements", "shares", "reach_source", "links", "notes", "reported_at", "reported_by",
  ],
  unit_report: [
    "id", "campaign_id", "unit_id", "status", "highlights", "assessment", "difficulties", "proposals", "figures", "submitted_at", "submitted_by",
    "is_on_time", "reviewed_at", "reviewed_by", "review_comment", "version",
  ],
};

interface Sink {
  add(table: string, row: Row): Promise<void>;
  flush(table?: string): Promise<void>;
  finish(): Promise<void>;
  rows: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// SQLite: better-sqlite3 directly

const SQLITE_MAX_PARAMS = 32_000;

function sqliteSink(file: string): Sink {
  const conn = new SQLite(file);
  conn.pragma("journal_mode = OFF");
  conn.pragma("synchronous = OFF");
  conn.pragma("foreign_keys = OFF");
  conn.pragma("cache_size = -262144");
  conn.exec("BEGIN");
  const buffers: Record<string, Row[]> = {};
  const statements = new Map<string, SQLite.Statement>();
  const rows: Record<string, number> = {};
  const perChunk = (table: string) => Math.min(1000, Math.floor(SQLITE_MAX_PARAMS / TABLES[table].length));
  const statement = (table: string, n: number) => {
    const key = `${table}:${n}`;
    let s = statements.get(key);
    if (!s) {
      const cols = TABLES[table];
      const one = `(${cols.map(() => "?").join(",")})`;
      s = conn.prepare(`insert into ${table} (${cols.join(",")}) values ${Array(n).fill(one).join(",")}`);
      statements.set(key, s);
    }
    return s;
  };
  const norm = (v: Value) => (v instanceof Date ? v.toISOString() : typeof v === "boolean" ? (v ? 1 : 0) : v);
  const write = (table: string, batch: Row[]) => {
    if (!batch.length) return;
    const flat: Value[] = [];
    for (const r of batch) for (const v of r) flat.push(norm(v));
    statement(table, batch.length).run(flat);
    rows[table] = (rows[table] ?? 0) + batch.length;
  };
  return {
    rows,
    async add(table, row) {
      const buf = (buffers[table] ??= []);
      buf.push(row);
      if (buf.length >= perChunk(table)) {
        write(table, buf);
        buffers[table] = [];
      }
    },
    async flush(table) {
      for (const t of table ? [table] : Object.keys(buffers)) {
        write(t, buffers[t] ?? []);
        buffers[t] = [];
      }
    },
    async finish() {
      await this.flush();
      conn.exec("COMMIT");
      conn.pragma("journal_mode = WAL");
      conn.pragma("synchronous = NORMAL");
      conn.exec("ANALYZE");
      conn.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: unnest() of one array per column

const PG_CHUNK = 20_000;

async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: columnTypes } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    "select table_name, column_name, udt_name from information_schema.columns where table_schema = 'public'",
  );
  const typeOf = new Map(columnTypes.map((c) => [`${c.table_name}.${c.column_name}`, c.udt_name]));
  await client.query("begin");
  await client.query("set local synchronous_commit = off");
  // Rows of one table may reach the server before the rows they reference (each table is
  // buffered on its own): skip the FK triggers during this load only (the ids are consistent by
  // construction; the bench checks nothing depends on it). Needs a superuser, as in the tests.
  await client.query("set local session_replication_role = replica");
  const buffers: Record<string, Row[]> = {};
  const rows: Record<string, number> = {};
  const write = async (table: string, batch: Row[]) => {
    if (!batch.length) return;
    const cols = TABLES[table];
    const arrays = cols.map((_, i) => batch.map((r) => { const v = r[i]; return v instanceof Date ? v.toISOString() : v; }));
    const casts = cols.map((c, i) => `$${i + 1}::${typeOf.get(`${table}.${c}`)}[]`);
    await client.query(`insert into ${table} (${cols.join(",")}) select * from unnest(${casts.join(",")})`, arrays);
    rows[table] = (rows[table] ?? 0) + batch.length;
  };
  const sink: Sink = {
    rows,
    async add(table, row) {
      const buf = (buffers[table] ??= []);
      buf.push(row);
      if (buf.length >= PG_CHUNK) {
        buffers[table] = [];
        await write(table, buf);
      }
    },
    async flush(table) {
      for (const t of table ? [table] : Object.keys(buffers)) {
        const buf = buffers[t] ?? [];
        buffers[t] = [];
        await write(t, buf);
      }
    },
    async finish() {
      await sink.flush();
      for (const table of Object.keys(TABLES)) {
        if (!TABLES[table].includes("id")) continue;
        await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})))`);
      }
      await client.query("commit");
      await client.query("analyze");
      await client.end();
    },
  };
  return sink;
}

// ---------------------------------------------------------------------------------------------
// The data

const KINDS = [
  { id: 1, code: "national", name: "Tổng Liên đoàn Lao động Việt Nam", level: 0, grassroots: false },
  { id: 2, code: "province", name: "Liên đoàn Lao động tỉnh, thành phố", level: 1, grassroots: false },
  { id: 3, code: "district", name: "LĐLĐ huyện, thành phố", level: 2, grassroots: false },
  { id: 4, code: "sector", name: "Công đoàn ngành", level: 2, grassroots: false },
  { id: 5, code: "civil_servant", name: "Công đoàn Viên chức", level: 2, grassroots: false },
  { id: 6, code: "grassroots", name: "Công đoàn cơ sở", level: 3, grassroots: true },
] as const;
const KIND = Object.fromEntries(KINDS.map((k) => [k.code, k.id])) as Record<(typeof KINDS)[number]["code"], number>;

/** 16 points per campaign: 5 headings, 11 sub-points. */
const POINT_SHAPE = [3, 3, 2, 2, 1];
const PLACES = ["Hà Nội", "Hải Phòng", "Lai Châu", "Điện Biên", "Sơn La", "Lào Cai", "Yên Bái", "Thanh Hóa", "Nghệ An", "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "TP Hồ Chí Minh", "Tây Ninh", "Đồng Tháp", "Vĩnh Long", "An Giang", "Cần Thơ", "Cà Mau", "Tuyên Quang", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Trị", "Cao Bằng", "Lạng Sơn", "Quảng Ninh"];
const TRADES = ["Trường Tiểu học", "Trường THCS", "Trường THPT", "Trạm Y tế", "Công ty TNHH", "Công ty CP", "UBND xã", "Bệnh viện", "Chi cục Thuế", "Kho bạc Nhà nước"];
const CHANNEL_WEIGHTS: readonly (readonly [ChannelCode, number])[] = [["spoken", 45], ["visual", 25], ["media", 10], ["facebook", 20]];
const CAMPAIGNS = [
  { title: "Tuyên truyền Chỉ thị số 12-CT/TW về công tác tuyên truyền, giáo dục", startsOn: `${YEAR}-01-01`, endsOn: `${YEAR}-12-31`, share: 60 },
  { title: "Tuyên truyền Bộ luật Lao động và chính sách pháp luật mới", startsOn: `${YEAR}-03-01`, endsOn: `${YEAR}-09-30`, share: 25 },
  { title: "Tuyên truyền Tháng Công nhân và An toàn, vệ sinh lao động", startsOn: `${YEAR}-05-01`, endsOn: `${YEAR}-12-31`, share: 15 },
];
const FORMS = DEFAULT_FORMS.map((f, i) => ({ ...f, id: i + 1 }));
const FORMS_BY_CHANNEL = new Map<ChannelCode, typeof FORMS>();
for (const f of FORMS) FORMS_BY_CHANNEL.set(f.channel, [...(FORMS_BY_CHANNEL.get(f.channel) ?? []), f]);

const CREATED = new Date(Date.UTC(YEAR - 1, 11, 1, 2, 0));
const DAY = 24 * 3600 * 1000;
const dayIndex = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(YEAR, 0, 1)) / DAY);
const dateOf = (index: number) => new Date(Date.UTC(YEAR, 0, 1) + index * DAY).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => dateOf(dayIndex(date) + n);

export interface GenerateSummary {
  scale: ScaleName;
  seconds: number;
  rows: Record<string, number>;
  rootId: number;
  campaignIds: number[];
}

export async function generate(url: string, scaleName: ScaleName, seed = 20250101, log: (s: string) => void = () => {}): Promise<GenerateSummary> {
  const scale = SCALES[scaleName];
  const started = performance.now();
  // The schema (and the indexes of every migration) first, through the app's own migrator.
  const handle = openDatabase(url);
  await migrateToLatest(handle);
  await handle.close();
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const sink = dialectOf(url) === "postgres" ? await postgresSink(url) : sqliteSink(url.replace(/^file:/, ""));
  const rng = new Rng(seed);

  for (const k of KINDS) await sink.add("unit_kind", [k.id, k.code, k.name, k.level, k.grassroots]);

  // Units and their closure rows, computed here: every unit with its ancestors list.
  let nextUnit = 1;
  const grassroots: { id: number; members: number; superior: number; closedOn: string | null }[] = [];
  const superiors: { id: number; kind: number }[] = [];
  const provinces: number[] = [];
  const addUnit = async (parent: number | null, ancestors: number[], kind: number, name: string, shortName: string, members: number, closedOn: string | null) => {
    const id = nextUnit++;
    await sink.add("unit", [id, parent, `U${id}`, name, shortName, kind, members, "2010-01-01", closedOn, CREATED]);
    await sink.add("unit_tree", [id, id, 0]);
    for (let d = 0; d < ancestors.length; d++) await sink.add("unit_tree", [ancestors[ancestors.length - 1 - d], id, d + 1]);
    return id;
  };
  const national = scale.provinces > 0;
  const rootId = await addUnit(null, [], national ? KIND.national : KIND.province, national ? "Tổng Liên đoàn Lao động Việt Nam" : "Liên đoàn Lao động tỉnh Lai Châu", national ? "TLĐ" : "LĐLĐ tỉnh", 0, null);
  const provinceCount = national ? scale.provinces : 1;
  for (let p = 0; p < provinceCount; p++) {
    const place = PLACES[p % PLACES.length];
    const provinceId = national ? await addUnit(rootId, [rootId], KIND.province, `Liên đoàn Lao động tỉnh ${place}`, `LĐLĐ ${place}`, 0, null) : rootId;
    provinces.push(provinceId);
    const above = national ? [rootId, provinceId] : [rootId];
    const mine: number[] = [];
    for (let s = 0; s < scale.superiorsPerProvince; s++) {
      const kind = s % 5 < 3 ? KIND.district : s % 5 === 3 ? KIND.sector : KIND.civil_servant;
      const label = kind === KIND.district ? `LĐLĐ huyện ${place} ${s + 1}` : kind === KIND.sector ? `Công đoàn ngành ${s + 1} tỉnh ${place}` : `Công đoàn Viên chức ${s + 1} tỉnh ${place}`;
      const id = await addUnit(provinceId, above, kind, label, label, 0, null);
      superiors.push({ id, kind });
      mine.push(id);
    }
    for (let g = 0; g < scale.grassrootsPerProvince; g++) {
      // Uneven districts: a few big ones, many small.
      const superior = mine[Math.min(mine.length - 1, Math.floor(mine.length * rng.next() ** 1.4))];
      const members = Math.max(5, Math.round(scale.membersPerGrassroots * (0.2 + 1.6 * rng.next())));
      const closedOn = rng.next() < 0.02 ? dateOf(rng.int(60, 300)) : null;
      const name = `Công đoàn ${rng.pick(TRADES)} ${place} số ${g + 1}`;
      const id = await addUnit(superior, [...above, superior], KIND.grassroots, name, name.replace(/^Công đoàn /, ""), members, closedOn);
      grassroots.push({ id, members, superior, closedOn });
    }
  }
  await sink.flush("unit");
  await sink.flush("unit_tree");
  log(`units: ${nextUnit - 1}`);

  // Accounts: an admin and editors at the root (the HTTP benchmark signs them in).
  const users = [["bench.admin", "admin"], ...Array.from({ length: BENCH_EDITORS }, (_, i) => [`bench.editor${String(i + 1).padStart(2, "0")}`, "editor"])];
  for (const [i, [login, role]] of users.entries()) {
    await sink.add("app_user", [i + 1, login, `Bench ${login}`, passwordHash, rootId, role, true, false, 0, null, CREATED, null]);
  }

  for (const f of FORMS) await sink.add("channel_form", [f.id, f.channel, f.code, f.name, f.quantityUnit, null, f.id]);

  // Three campaigns issued by the root, 16 points each.
  const points: { campaign: number; ids: number[] }[] = [];
  let nextPoint = 1;
  let nextTarget = 1;
  for (const [c, campaign] of CAMPAIGNS.entries()) {
    const id = c + 1;
    const due = addDays(campaign.endsOn, 15);
    await sink.add("campaign", [id, rootId, campaign.title, null, campaign.startsOn, campaign.endsOn, due, "active", CREATED, CREATED]);
    for (const kind of [KIND.province, KIND.district, KIND.sector, KIND.civil_servant, KIND.grassroots]) {
      if (kind === KIND.province && !national) continue;
      await sink.add("campaign_reporting_kind", [id, kind, kind === KIND.grassroots ? addDays(campaign.endsOn, 5) : due]);
    }
    await sink.add("source_document", [id, id, "Chỉ thị", `${12 + c}-CT/TW`, `${YEAR - 1}-11-01`, "Ban Bí thư", campaign.title, null, null, 0]);
    const ids: number[] = [];
    for (const [h, children] of POINT_SHAPE.entries()) {
      const head = nextPoint++;
      ids.push(head);
      await sink.add("content_point", [head, id, null, `${h + 1}`, `Nội dung ${h + 1} của đợt ${id}`, null, h, false]);
      for (let k = 0; k < children; k++) {
        const child = nextPoint++;
        ids.push(child);
        await sink.add("content_point", [child, id, head, `${h + 1}.${k + 1}`, `Nội dung ${h + 1}.${k + 1} của đợt ${id}`, null, k, false]);
      }
    }
    points.push({ campaign: id, ids });
    for (const f of FORMS) await sink.add("campaign_channel", [id, f.id]);
    await sink.add("campaign_target", [nextTarget++, id, KIND.grassroots, null, null, null, 2, 50]);
    await sink.add("campaign_target", [nextTarget++, id, KIND.district, null, null, null, 5, null]);
  }

  // Activities, their points and results, unit by unit.
  let nextActivity = 1;
  const campaignChoice = CAMPAIGNS.map((c, i) => [i, c.share] as const);
  const addActivities = async (unitId: number, unitName: string, members: number, count: number, closedOn: string | null) => {
    for (let k = 0; k < count; k++) {
      const c = rng.weighted(campaignChoice);
      const campaign = CAMPAIGNS[c];
      let first = dayIndex(campaign.startsOn);
      let last = dayIndex(closedOn && closedOn < campaign.endsOn ? closedOn : campaign.endsOn);
      if (last < first) last = first;
      const day = rng.int(first, last);
      const hour = rng.int(7, 16);
      const startsAt = new Date(Date.UTC(YEAR, 0, 1) + day * DAY + (hour - 7) * 3600_000 + rng.pick([0, 30]) * 60_000);
      const endsAt = new Date(startsAt.getTime() + rng.int(1, 3) * 3600_000);
      const channel = rng.weighted(CHANNEL_WEIGHTS);
      const form = rng.pick(FORMS_BY_CHANNEL.get(channel)!);
      const status = rng.weighted([["done", 85], ["planned", 10], ["cancelled", 5]] as const);
      const id = nextActivity++;
      const plannedAttendance = channel === "spoken" ? Math.max(5, Math.round(members * (0.3 + 0.6 * rng.next()))) : null;
      await sink.add("activity", [
        id, c + 1, unitId, channel, form.id, `${form.name}: ${campaign.title.slice(0, 40)} (${unitName.slice(0, 30)})`, startsAt, endsAt, false,
        channel === "spoken" ? "Hội trường cơ quan" : null, channel === "spoken" ? "Đ/c Nguyễn Văn An" : null, null,
        plannedAttendance, channel === "visual" ? rng.int(1, 20) : null, status, status === "cancelled" ? "Thời tiết xấu" : null, null, null, 1, null, startsAt, startsAt,
      ]);
      // 2-4 distinct points (mean 3): the issue's ~3 links per activity.
      const pool = points[c].ids;
      const n = rng.int(2, 4);
      const chosen = new Set<number>();
      while (chosen.size < n) chosen.add(rng.pick(pool));
      for (const p of chosen) await sink.add("activity_point", [id, p]);
      if (status === "done") {
        const reportedAt = new Date(endsAt.getTime() + DAY);
        const att = channel === "spoken" ? Math.max(3, Math.round((plannedAttendance ?? 20) * (0.7 + 0.5 * rng.next()))) : null;
        await sink.add("activity_result", [
          id, att, att === null ? null : Math.round(att * 0.85), att === null ? null : Math.round(att * 0.45),
          channel === "visual" ? rng.int(1, 50) : null, channel === "visual" ? form.quantityUnit : null, null, null,
          channel === "media" ? rng.int(1, 5) : null, channel === "media" ? "Báo Lao động" : null,
          channel === "facebook" ? rng.int(1, 3) : null, channel === "facebook" ? rng.int(100, 8000) : null, null,
          channel === "facebook" ? rng.int(10, 600) : null, channel === "facebook" ? rng.int(0, 10) : null, channel === "facebook" ? "meta_reach" : null,
          null, null, reportedAt, null,
        ]);
      }
    }
  };
  const perGrassroots = (scale.activitiesPerProvince * 0.9) / scale.grassrootsPerProvince;
  const perSuperior = (scale.activitiesPerProvince * 0.08) / scale.superiorsPerProvince;
  const perProvince = scale.activitiesPerProvince * 0.02;
  for (const [i, p] of provinces.entries()) await addActivities(p, `LĐLĐ ${i + 1}`, 50, Math.round(perProvince * (0.5 + rng.next())), null);
  for (const s of superiors) await addActivities(s.id, `Công đoàn cấp trên ${s.id}`, 30, Math.round(perSuperior * (0.5 + rng.next())), null);
  for (const g of grassroots) {
    const count = rng.next() < 0.03 ? 0 : Math.round(perGrassroots * (0.3 + 1.4 * rng.next()));
    await addActivities(g.id, `CĐCS ${g.id}`, g.members, count, g.closedOn);
  }
  log(`activities: ${nextActivity - 1}`);

  // Unit reports: about half of the expected units have sent theirs (submitted or accepted).
  let nextReport = 1;
  const expected = [...superiors.map((s) => s.id), ...grassroots.map((g) => g.id), ...(national ? provinces : [])];
  for (const [c, campaign] of CAMPAIGNS.entries()) {
    const due = addDays(campaign.endsOn, 5);
    for (const unitId of expected) {
      const status = rng.weighted([["submitted", 35], ["accepted", 15], ["draft", 15], ["returned", 5], ["none", 30]] as const);
      if (status === "none") continue;
      const sent = status !== "draft";
      const onTime = rng.next() < 0.8;
      const submittedAt = sent ? new Date(Date.parse(`${addDays(due, onTime ? -rng.int(0, 10) : rng.int(1, 20))}T03:00:00Z`)) : null;
      await sink.add("unit_report", [
        nextReport++, c + 1, unitId, status, "Đã triển khai tuyên truyền đến đoàn viên.", null, null, null, null, submittedAt, sent ? 1 : null,
        sent ? onTime : null, status === "accepted" || status === "returned" ? submittedAt : null, null, status === "returned" ? "Bổ sung số liệu" : null, 1,
      ]);
    }
  }

  await sink.finish();
  // The tally's roll-up, computed from the loaded rows the way a start-up or repair does it.
  const rollupStarted = performance.now();
  const filled = openDatabase(url, { statementTimeoutMs: 0 });
  await rebuildRollups(filled.db);
  // PostgreSQL: VACUUM too, so the visibility map lets index-only scans work as on a lived-in database.
  await (filled.dialect === "postgres" ? sql`vacuum analyze` : sql`analyze`).execute(filled.db);
  const { n } = await filled.db.selectFrom("tally_rollup").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  sink.rows.tally_rollup = Number(n);
  await filled.close();
  log(`tally roll-up: ${Number(n)} rows in ${((performance.now() - rollupStarted) / 1000).toFixed(1)} s`);
  const seconds = (performance.now() - started) / 1000;
  return { scale: scaleName, seconds, rows: sink.rows, rootId, campaignIds: CAMPAIGNS.map((_, i) => i + 1) };
}

// Command line
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const scale = (arg("scale") ?? "province") as ScaleName;
  const url = arg("db");
  if (!url || !(scale in SCALES)) {
    console.error("usage: npx tsx test/bench/generate.ts --scale quick|province|national --db file:PATH|postgres://...");
    process.exit(2);
  }
  const summary = await generate(url, scale, Number(arg("seed") ?? 20250101), (s) => console.log(`[generate] ${s}`));
  console.log(`[generate] ${scale} into ${dialectOf(url)} in ${summary.seconds.toFixed(1)} s: ${JSON.stringify(summary.rows)}`);
}
