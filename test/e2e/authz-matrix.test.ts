/**
 * The authorization matrix: every route module of app/routes, for every role (the demo
 * accounts and an anonymous visitor), against objects inside and outside the user's subtree,
 * for GET and for the route's actions. Checks the status and that nothing outside the scope
 * shows in the body (pages, CSV, XLSX, DOCX, iCalendar). A route file missing from ROUTES
 * fails the test, so every new route must be placed in the matrix.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipText } from "../support/zip";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";
import { addToRollups } from "~/services/tally-rollup.server";

const PASSWORD = "Demo@2022";
const ROUTES_DIR = resolve(import.meta.dirname, "../../app/routes");

type Who = "anon" | "admin" | "tinh.quanly" | "huyen.quanly" | "huyen.bientap" | "coso.bientap" | "xem";
const WHO: Who[] = ["anon", "admin", "tinh.quanly", "huyen.quanly", "huyen.bientap", "coso.bientap", "xem"];
type Role = "viewer" | "editor" | "manager" | "admin";
const RANK: Record<Role, number> = { viewer: 0, editor: 1, manager: 2, admin: 3 };
const ROLE_OF: Record<Exclude<Who, "anon">, Role> = {
  admin: "admin",
  "tinh.quanly": "manager",
  "huyen.quanly": "manager",
  "huyen.bientap": "editor",
  "coso.bientap": "editor",
  xem: "viewer",
};
/** Where each account sits: the province sees everything, Tam Đường its district, coso.bientap one union. */
const LEVEL_OF: Record<Exclude<Who, "anon">, "province" | "district" | "grassroots"> = {
  admin: "province",
  "tinh.quanly": "province",
  xem: "province",
  "huyen.quanly": "district",
  "huyen.bientap": "district",
  "coso.bientap": "grassroots",
};

/** The objects the probes aim at, found or made before the server starts. */
interface Ids {
  unitIn: number; // LC-TD-003, coso.bientap's own unit
  unitSibling: number; // LC-TD-001: in the district, outside coso.bientap's unit
  unitOut: number; // LC-PT-002, another district
  activityIn: number;
  activitySibling: number;
  activityOut: number;
  attachmentIn: number;
  attachmentOut: number;
  campaign: number; // issued by the province, visible to all
  campaignOut: number; // issued by Phong Thổ: only the province sees it
  userIn: number; // coso.bientap's account
  userOut: number; // an editor of LC-PT-002
  feedToken: string; // coso.bientap's feed
}

/** Where the object of a probe lies: decides 404 for users whose subtree does not hold it. */
type Place = "in" | "sibling" | "out" | "none";
const visible = (who: Exclude<Who, "anon">, place: Place) =>
  place === "none" || place === "in" || LEVEL_OF[who] === "province" || (place === "sibling" && LEVEL_OF[who] === "district");

type Expect = "ok" | "pass" | "login" | "skip" | "skip-leak-only" | 403 | 404 | number;
interface Probe {
  method: "GET" | "POST";
  path: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  multipart?: boolean;
  place?: Place;
  /** Smallest role the route lets in (checked first: a too-low role gets 403 even outside). */
  min?: Role;
  /** Smallest role the service allows, checked after the route's input parsing and scope. */
  serviceMin?: Role;
  /** The service checks the scope before its role rule: outside → 404 even for a too-low role. */
  scopeFirst?: boolean;
  /**
   * The probe's body is invalid on purpose: once scope and role pass, the action refuses the
   * input with 400 (the route checks scope and role before it reads the form, so the answer
   * never tells an outsider that the id exists).
   */
  validatesFirst?: boolean;
  /** No sign-in needed. */
  open?: boolean;
  /** Per-account exceptions: the real rule where it differs from min/place. */
  override?: Partial<Record<Who, Expect>>;
  /** Whose scope the body belongs to when it is not the requester's (the feed is its owner's). */
  leakAs?: Who;
  /** Binary bodies to unzip before the leak check. */
  zip?: boolean;
}

const get = (path: Probe["path"], extra: Partial<Probe> = {}): Probe => ({ method: "GET", path, ...extra });
const post = (path: Probe["path"], body: Probe["body"], extra: Partial<Probe> = {}): Probe => ({ method: "POST", path, body, ...extra });
/** Campaign management is for managers at or above the issuing unit; a district manager is refused. */
const CAMPAIGN_MANAGERS: Partial<Record<Who, Expect>> = { "huyen.quanly": 403 };
/**
 * A valid write on an object of Phong Thổ would really happen for the province, which may do it:
 * those cells are covered by the in-scope probes, so here only the refusals are checked.
 */
const NOT_FOR_PROVINCE: Partial<Record<Who, Expect>> = { admin: "skip", "tinh.quanly": "skip", xem: "skip" };

/** Every route module, by file name. Add new routes here: the first test fails until you do. */
const ROUTES: Record<string, Probe[]> = {
  "_index.tsx": [get(() => "/")],
  "account.feed.tsx": [get(() => "/account/feed"), post(() => "/account/feed", () => ({ intent: "bogus" }), { override: {} })],
  "account.password.tsx": [get(() => "/account/password"), post(() => "/account/password", () => ({ currentPassword: "", newPassword: "", confirmPassword: "" }))],
  "activities.$id.tsx": [
    get((i) => `/activities/${i.activityIn}`, { place: "in" }),
    get((i) => `/activities/${i.activitySibling}`, { place: "sibling" }),
    get((i) => `/activities/${i.activityOut}`, { place: "out" }),
    post((i) => `/activities/${i.activityIn}`, () => ({ intent: "update" }), { place: "in", min: "editor", validatesFirst: true }),
    post((i) => `/activities/${i.activityOut}`, () => ({ intent: "update" }), { place: "out", min: "editor", validatesFirst: true }),
    post((i) => `/activities/${i.activityOut}`, () => ({ intent: "cancel", reason: "Hủy trái phép", version: "1" }), { place: "out", min: "editor", override: NOT_FOR_PROVINCE }),
    post((i) => `/activities/${i.activityOut}`, () => ({ intent: "delete", version: "0" }), { place: "out", min: "editor", override: NOT_FOR_PROVINCE }),
  ],
  "activities.$id_.result.tsx": [
    get((i) => `/activities/${i.activityIn}/result`, { place: "in" }),
    get((i) => `/activities/${i.activityOut}/result`, { place: "out" }),
    post((i) => `/activities/${i.activityIn}/result`, () => ({ attendance: "-1" }), { place: "in", min: "editor", multipart: true }),
    post((i) => `/activities/${i.activityOut}/result`, () => ({ attendance: "10" }), { place: "out", min: "editor", multipart: true }),
  ],
  "activities.new.tsx": [
    get(() => "/activities/new", { min: "editor" }),
    get((i) => `/activities/new?from=${i.activityOut}`, { min: "editor", place: "out" }),
    post(() => "/activities/new", (i) => ({ intent: "create", unitId: String(i.unitOut), title: "x" }), { min: "editor" }),
  ],
  "activities[.]csv.ts": [get(() => "/activities.csv"), get((i) => `/activities.csv?unit=${i.unitOut}`, { place: "out" })],
  "attachments.$id.ts": [get((i) => `/attachments/${i.attachmentIn}`, { place: "in" }), get((i) => `/attachments/${i.attachmentOut}`, { place: "out" })],
  "audit.tsx": [get(() => "/audit", { min: "manager" })],
  "calendar.tsx": [get(() => "/calendar"), get((i) => `/calendar?unit=${i.unitOut}`, { place: "out" }), get((i) => `/calendar?view=agenda&date=2022-09-01&unit=${i.unitOut}`, { place: "out" })],
  "calendar_.print.tsx": [get(() => "/calendar/print?month=2022-09"), get((i) => `/calendar/print?month=2022-09&unit=${i.unitOut}`, { place: "out" })],
  "campaigns.$id.tsx": [get((i) => `/campaigns/${i.campaign}`), get((i) => `/campaigns/${i.campaignOut}`, { place: "out" })],
  "campaigns.$id_.channels.tsx": [
    get((i) => `/campaigns/${i.campaign}/channels`, { min: "manager", override: CAMPAIGN_MANAGERS }),
    get((i) => `/campaigns/${i.campaignOut}/channels`, { min: "manager", place: "out" }),
    post((i) => `/campaigns/${i.campaign}/channels`, () => ({ intent: "bogus" }), { min: "manager", validatesFirst: true, override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaignOut}/channels`, () => ({ intent: "addTarget" }), { min: "manager", place: "out", validatesFirst: true }),
  ],
  "campaigns.$id_.documents.tsx": [
    get((i) => `/campaigns/${i.campaign}/documents`, { min: "manager", override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaign}/documents`, () => ({ number: "" }), { min: "manager", multipart: true, override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaignOut}/documents`, () => ({ number: "1" }), { min: "manager", place: "out", multipart: true }),
  ],
  "campaigns.$id_.edit.tsx": [
    get((i) => `/campaigns/${i.campaign}/edit`, { min: "manager", override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaign}/edit`, () => ({ title: "" }), { min: "manager", validatesFirst: true, override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaignOut}/edit`, () => ({ title: "" }), { min: "manager", place: "out", validatesFirst: true }),
  ],
  "campaigns.$id_.points.tsx": [
    get((i) => `/campaigns/${i.campaign}/points`, { min: "manager", override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaign}/points`, () => ({ intent: "paste", text: "" }), { min: "manager", validatesFirst: true, override: CAMPAIGN_MANAGERS }),
    post((i) => `/campaigns/${i.campaignOut}/points`, () => ({ intent: "paste", text: "1. x" }), { min: "manager", place: "out", validatesFirst: true }),
  ],
  "campaigns._index.tsx": [get(() => "/campaigns")],
  "campaigns.new.tsx": [get(() => "/campaigns/new", { min: "manager" }), post(() => "/campaigns/new", () => ({ title: "" }), { min: "manager" })],
  "feeds.$token.ts": [
    get((i) => `/feeds/${i.feedToken}.ics`, { open: true, leakAs: "coso.bientap" }),
    // A filter naming a unit outside the feed owner's scope must not widen it (body checked for leaks).
    get((i) => `/feeds/${i.feedToken}.ics?unit=${i.unitOut}`, { open: true, leakAs: "coso.bientap", override: Object.fromEntries(WHO.map((w) => [w, "skip-leak-only"])) }),
    get(() => `/feeds/${"A".repeat(43)}.ics`, { open: true, override: Object.fromEntries(WHO.map((w) => [w, 404])) }),
  ],
  "healthz.ts": [get(() => "/healthz", { open: true })],
  "lang.ts": [post(() => "/lang", () => ({ lang: "vi" }), { open: true })],
  "login.tsx": [
    get(() => "/login", { open: true }),
    // 401, then 429 once the unknown login is throttled: both "pass" (no session, no 5xx).
    post(() => "/login", () => ({ login: "khong-ton-tai-matrix", password: "sai" }), { open: true }),
  ],
  "logout.ts": [post(() => "/logout", () => ({}), { open: true, override: Object.fromEntries(WHO.map((w) => [w, "login"])) })],
  "reports.$campaignId.$unitId.tsx": [
    get((i) => `/reports/${i.campaign}/${i.unitIn}`, { place: "in" }),
    get((i) => `/reports/${i.campaign}/${i.unitOut}`, { place: "out" }),
    post((i) => `/reports/${i.campaign}/${i.unitIn}`, () => ({ intent: "save", version: "abc" }), { place: "in", min: "editor" }),
    // Only the unit itself writes its report; the levels above review it (return, accept).
    post((i) => `/reports/${i.campaign}/${i.unitOut}`, () => ({ intent: "save", version: "0" }), { place: "out", min: "editor", override: { admin: 403, "tinh.quanly": 403 } }),
  ],
  "reports._index.tsx": [get(() => "/reports"), get((i) => `/reports?campaign=${i.campaignOut}`, { place: "out" })],
  "reports.reminders.tsx": [get(() => "/reports/reminders", { min: "manager" })],
  "reports.reminders[.]csv.ts": [get(() => "/reports/reminders.csv", { min: "manager" })],
  "results.import.facebook.tsx": [get(() => "/results/import/facebook", { min: "editor" }), post(() => "/results/import/facebook", () => ({ intent: "commit", payload: "x" }), { min: "editor" })],
  "results.pending.tsx": [get(() => "/results/pending"), post(() => "/results/pending", (i) => ({ activityId: String(i.activityOut), attendance: "5" }), { min: "editor", place: "out" })],
  "tally.tsx": [get(() => "/tally"), get((i) => `/tally?campaign=${i.campaign}&unit=${i.unitOut}`, { place: "out" })],
  "tally[.]docx.ts": [get((i) => `/tally.docx?campaign=${i.campaign}`, { zip: true }), get((i) => `/tally.docx?campaign=${i.campaign}&unit=${i.unitOut}`, { place: "out", zip: true })],
  "tally[.]xlsx.ts": [get((i) => `/tally.xlsx?campaign=${i.campaign}`, { zip: true }), get((i) => `/tally.xlsx?campaign=${i.campaign}&unit=${i.unitOut}`, { place: "out", zip: true })],
  "tally_.activities.tsx": [get((i) => `/tally/activities?campaign=${i.campaign}`), get((i) => `/tally/activities?campaign=${i.campaign}&unit=${i.unitOut}`, { place: "out" })],
  "tally_.report.tsx": [get((i) => `/tally/report?campaign=${i.campaign}`), get((i) => `/tally/report?campaign=${i.campaign}&unit=${i.unitOut}`, { place: "out" })],
  "units.$id.tsx": [
    get((i) => `/units/${i.unitIn}`, { place: "in" }),
    get((i) => `/units/${i.unitSibling}`, { place: "sibling" }),
    get((i) => `/units/${i.unitOut}`, { place: "out" }),
    post((i) => `/units/${i.unitIn}`, () => ({ intent: "reopen" }), { place: "in", scopeFirst: true, serviceMin: "manager" }),
    post((i) => `/units/${i.unitOut}`, () => ({ intent: "reopen" }), { place: "out", scopeFirst: true, serviceMin: "manager" }),
  ],
  "units.$id_.close.tsx": [
    get((i) => `/units/${i.unitIn}/close`, { place: "in", scopeFirst: true, serviceMin: "manager" }),
    get((i) => `/units/${i.unitOut}/close`, { place: "out", scopeFirst: true, serviceMin: "manager" }),
    post((i) => `/units/${i.unitIn}/close`, () => ({ closedOn: "" }), { place: "in", serviceMin: "manager", validatesFirst: true }),
    // A valid closing date: refused to every role below manager (the managers' cells are skipped: it would close the unit).
    post((i) => `/units/${i.unitIn}/close`, () => ({ closedOn: "2022-12-31" }), { place: "in", scopeFirst: true, serviceMin: "manager", override: { admin: "skip", "tinh.quanly": "skip", "huyen.quanly": "skip" } }),
    post((i) => `/units/${i.unitOut}/close`, () => ({ closedOn: "2022-12-31" }), { place: "out", scopeFirst: true, serviceMin: "manager", override: NOT_FOR_PROVINCE }),
  ],
  "units.$id_.edit.tsx": [
    get((i) => `/units/${i.unitIn}/edit`, { place: "in", scopeFirst: true, serviceMin: "manager" }),
    get((i) => `/units/${i.unitOut}/edit`, { place: "out", scopeFirst: true, serviceMin: "manager" }),
    post((i) => `/units/${i.unitIn}/edit`, () => ({ name: "" }), { place: "in", serviceMin: "manager", validatesFirst: true }),
    post((i) => `/units/${i.unitOut}/edit`, () => ({ name: "Đổi tên trái phép" }), { place: "out", validatesFirst: true, override: NOT_FOR_PROVINCE }),
  ],
  "units.$id_.move.tsx": [
    get((i) => `/units/${i.unitIn}/move`, { place: "in", scopeFirst: true, serviceMin: "manager" }),
    get((i) => `/units/${i.unitOut}/move`, { place: "out", scopeFirst: true, serviceMin: "manager" }),
    post((i) => `/units/${i.unitIn}/move`, () => ({ parentId: "" }), { place: "in", serviceMin: "manager", validatesFirst: true }),
    post((i) => `/units/${i.unitOut}/move`, (i) => ({ parentId: String(i.unitIn) }), { place: "out", scopeFirst: true, serviceMin: "manager", override: NOT_FOR_PROVINCE }),
  ],
  "units._index.tsx": [get(() => "/units"), get(() => "/units?q=phong")],
  "units.import.tsx": [get(() => "/units/import", { min: "manager" }), post(() => "/units/import", () => ({ uploadId: "999999" }), { min: "manager" })],
  "units.import_.run.ts": [post(() => "/units/import/run", () => ({ uploadId: "999999" }), { min: "manager" })],
  "units.import_.template[.]csv.ts": [get(() => "/units/import/template.csv", { min: "manager" })],
  "units.import_.template[.]xlsx.ts": [get(() => "/units/import/template.xlsx", { min: "manager", zip: true })],
  "units.kinds.tsx": [get(() => "/units/kinds"), post(() => "/units/kinds", () => ({ intent: "create", name: "" }), { min: "admin" })],
  "units.new.tsx": [
    get((i) => `/units/new?parent=${i.unitIn}`, { place: "in", scopeFirst: true, serviceMin: "manager" }),
    get((i) => `/units/new?parent=${i.unitOut}`, { place: "out", scopeFirst: true, serviceMin: "manager" }),
    // No id in the URL, so an invalid body answered 400 before any scope check tells nothing.
    post(() => "/units/new", (i) => ({ parentId: String(i.unitOut), name: "Đơn vị lạ", kindId: "6" }), { place: "out", validatesFirst: true, override: { ...NOT_FOR_PROVINCE, "huyen.quanly": 400, "huyen.bientap": 400, "coso.bientap": 400 } }),
  ],
  "users.$id.tsx": [
    get((i) => `/users/${i.userIn}`, { place: "in", min: "manager" }),
    get((i) => `/users/${i.userOut}`, { place: "out", min: "manager" }),
    post((i) => `/users/${i.userIn}`, () => ({ intent: "update", displayName: "" }), { place: "in", min: "manager" }),
    post((i) => `/users/${i.userOut}`, () => ({ intent: "deactivate" }), { place: "out", min: "manager", override: NOT_FOR_PROVINCE }),
    post((i) => `/users/${i.userOut}`, () => ({ intent: "reset" }), { place: "out", min: "manager", override: NOT_FOR_PROVINCE }),
  ],
  "users._index.tsx": [get(() => "/users", { min: "manager" })],
  "users.new.tsx": [get(() => "/users/new", { min: "manager" }), post(() => "/users/new", (i) => ({ login: "la.mat", displayName: "x", unitId: String(i.unitOut), role: "viewer" }), { min: "manager", place: "out", override: NOT_FOR_PROVINCE })],
};

function expected(probe: Probe, who: Who): Expect {
  if (probe.override?.[who] !== undefined) return probe.override[who]!;
  if (probe.open) return "pass";
  if (who === "anon") return "login";
  const rank = RANK[ROLE_OF[who]];
  if (rank < RANK[probe.min ?? "viewer"]) return 403;
  const inside = visible(who, probe.place ?? "none");
  if (probe.scopeFirst && !inside) return 404;
  if (rank < RANK[probe.serviceMin ?? "viewer"]) return 403;
  if (!inside) return 404;
  if (probe.validatesFirst) return 400;
  return probe.method === "GET" ? "ok" : "pass";
}

function matches(status: number, location: string | null, want: Expect): boolean {
  const toLogin = status === 302 && (location ?? "").startsWith("/login");
  switch (want) {
    case "login":
      return toLogin;
    case "skip-leak-only": // any status but a server error; only the body is checked
      return status < 500;
    case "ok": // the page or file itself, or a redirect inside the app
      return (status >= 200 && status < 300) || (status >= 300 && status < 400 && !toLogin);
    case "pass": // authorization passed: done, redirected, or refused on the input only
      return !toLogin && status !== 403 && status !== 404 && status < 500;
    default:
      return status === want;
  }
}


const MARK_OUT = "ZZMARKER-PHONGTHO";
const MARK_SIBLING = "ZZMARKER-TD001";

/** Text a user of a lower level must never see, whatever the page or export. */
function forbiddenTextFor(who: Who): string[] {
  if (who === "anon") return [MARK_OUT, MARK_SIBLING, "Phong Thổ", "Mường So"];
  if (LEVEL_OF[who] === "province") return [];
  const outside = [MARK_OUT, "Phong Thổ", "Mường So", "ZZMARKER-CAMPAIGN-PT", "pt.bientap"];
  return LEVEL_OF[who] === "grassroots" ? [...outside, MARK_SIBLING, "UBND huyện Tam Đường"] : outside;
}

describe("the route list", () => {
  it("lists every route module of app/routes in the matrix, and nothing else", () => {
    const files = readdirSync(ROUTES_DIR).filter((f) => /\.(tsx?|jsx?)$/.test(f)).sort();
    const missing = files.filter((f) => !(f in ROUTES));
    const stale = Object.keys(ROUTES).filter((f) => !files.includes(f));
    expect(missing, "route modules missing from the authorization matrix (add them to ROUTES)").toEqual([]);
    expect(stale, "entries for route modules that no longer exist").toEqual([]);
    for (const [file, probes] of Object.entries(ROUTES)) expect(probes.length, file).toBeGreaterThan(0);
  });
});

describe.each(testDialects())("the authorization matrix on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  let ids: Ids;
  const cookies = new Map<Who, string>();

  beforeAll(async () => {
    database = await demoDatabase(dialect, "authz");
    const db = database.handle.db;
    const unitId = async (code: string) => (await db.selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    const [unitIn, unitSibling, unitOut, ptDistrict] = await Promise.all([unitId("LC-TD-003"), unitId("LC-TD-001"), unitId("LC-PT-002"), unitId("LC-PT")]);
    const template = await db.selectFrom("activity").selectAll().where("unit_id", "=", unitIn).orderBy("id").executeTakeFirstOrThrow();
    const makeActivity = async (unit: number, title: string) => {
      const { id: _id, ...rest } = template;
      const row = await db.insertInto("activity").values({ ...rest, unit_id: unit, title, status: "done", external_ref: null, series_id: null }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("activity_result").values({ activity_id: row.id, attendance: 40, members_attending: 30, women_attending: 10, quantity: null, quantity_unit: null, display_place: null, display_days: null, items: null, outlet: null, posts: null, reach: null, views: null, engagements: null, shares: null, reach_source: null, links: null, notes: `${title} ghi chú`, reported_at: new Date(), reported_by: null }).execute();
      await addToRollups(db, [row.id]);
      return row.id;
    };
    const activityIn = await makeActivity(unitIn, "ZZMARKER-BINHLU hoạt động của cơ sở");
    const activitySibling = await makeActivity(unitSibling, `${MARK_SIBLING} hoạt động của đơn vị bên cạnh`);
    const activityOut = await makeActivity(unitOut, `${MARK_OUT} hoạt động của huyện khác`);
    const attach = async (activity: number, name: string) =>
      (await db.insertInto("attachment").values({ activity_id: activity, campaign_id: null, file_name: name, mime_type: "image/png", size_bytes: 3, content: Buffer.from("png"), thumbnail: null, created_at: new Date(), created_by: null }).returning("id").executeTakeFirstOrThrow()).id;
    const campaign = await db.selectFrom("campaign").selectAll().orderBy("id").executeTakeFirstOrThrow();
    const { id: _c, ...campaignRest } = campaign;
    const campaignOut = (await db.insertInto("campaign").values({ ...campaignRest, issuer_unit_id: ptDistrict, title: "ZZMARKER-CAMPAIGN-PT kế hoạch của Phong Thổ" }).returning("id").executeTakeFirstOrThrow()).id;
    const template_user = await db.selectFrom("app_user").selectAll().where("login", "=", "coso.bientap").executeTakeFirstOrThrow();
    const { id: _u, ...userRest } = template_user;
    const userOut = (await db.insertInto("app_user").values({ ...userRest, login: "pt.bientap", display_name: "Biên tập Phong Thổ", unit_id: unitOut, feed_token: null }).returning("id").executeTakeFirstOrThrow()).id;
    ids = {
      unitIn,
      unitSibling,
      unitOut,
      activityIn,
      activitySibling,
      activityOut,
      attachmentIn: await attach(activityIn, "anh-binh-lu.png"),
      attachmentOut: await attach(activityOut, "anh-muong-so.png"),
      campaign: campaign.id,
      campaignOut,
      userIn: template_user.id,
      userOut,
      feedToken: "",
    };
    app = await startApp(database.url);
    for (const who of WHO) if (who !== "anon") cookies.set(who, await signIn(app, who, PASSWORD));
    const enabled = await fetch(`${app.baseUrl}/account/feed`, {
      method: "POST",
      body: new URLSearchParams({ intent: "enable" }),
      headers: { Cookie: cookies.get("coso.bientap")!, Origin: app.baseUrl },
      redirect: "manual",
    });
    expect(enabled.status).toBe(302);
    ids.feedToken = (await db.selectFrom("app_user").select("feed_token").where("login", "=", "coso.bientap").executeTakeFirstOrThrow()).feed_token!;
  });
  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  async function run(probe: Probe, who: Who) {
    const headers: Record<string, string> = { Origin: app.baseUrl };
    if (who !== "anon") headers.Cookie = cookies.get(who)!;
    let body: BodyInit | undefined;
    if (probe.method === "POST") {
      const fields = probe.body?.(ids) ?? {};
      if (probe.multipart) {
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        body = form;
      } else body = new URLSearchParams(fields);
    }
    const response = await fetch(`${app.baseUrl}${probe.path(ids)}`, { method: probe.method, headers, body, redirect: "manual" });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = probe.zip && response.ok ? zipText(bytes) : Buffer.from(bytes).toString("utf8");
    return { status: response.status, location: response.headers.get("location"), text };
  }

  it("answers every route, role and object with the expected status and no text from outside the scope", async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const [file, list] of Object.entries(ROUTES)) {
      for (const probe of list) {
        for (const who of WHO) {
          const want = expected(probe, who);
          if (want === "skip") continue;
          const got = await run(probe, who);
          probes++;
          const label = `${file} ${probe.method} ${probe.path(ids)} as ${who}`;
          if (!matches(got.status, got.location, want)) failures.push(`${label}: expected ${want}, got ${got.status}${got.location ? ` → ${got.location}` : ""}`);
          for (const text of forbiddenTextFor(probe.leakAs ?? who)) {
            if (got.text.includes(text)) failures.push(`${label}: LEAK of "${text}" (HTTP ${got.status})`);
          }
        }
      }
    }
    expect(failures, `${failures.length} of ${probes} probes failed`).toEqual([]);
    expect(probes).toBeGreaterThan(500);
  }, 300_000);

  it("left the objects outside the scope untouched", async () => {
    const db = database.handle.db;
    const unit = await db.selectFrom("unit").select(["name", "closed_on", "parent_id"]).where("id", "=", ids.unitOut).executeTakeFirstOrThrow();
    expect(unit.name).toBe("Công đoàn Trường THCS Mường So");
    expect(unit.closed_on).toBeNull();
    const user = await db.selectFrom("app_user").select(["is_active", "is_password_change_required"]).where("id", "=", ids.userOut).executeTakeFirstOrThrow();
    expect(user).toEqual({ is_active: true, is_password_change_required: false });
    expect(await db.selectFrom("activity").select("id").where("id", "=", ids.activityOut).execute()).toHaveLength(1);
    expect(await db.selectFrom("unit").select("id").where("name", "=", "Đơn vị lạ").execute()).toEqual([]);
    expect(await db.selectFrom("app_user").select("id").where("login", "=", "la.mat").execute()).toEqual([]);
  });
});
