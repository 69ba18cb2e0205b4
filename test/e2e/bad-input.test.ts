/**
 * Bad input corpus (issue 8, Reliability): hundreds of malformed inputs posted over HTTP to every
 * form and import of the built app, signed in as the role that may use the form. Each must be
 * answered with a 4xx (never a 5xx), form posts with a Vietnamese message in the page, and
 * nothing may be written: a checksum of every table is compared before and after each case.
 *
 * The cases are generated from tables (a valid base form and a list of bad values per field),
 * so a failure names the case, the status and the first lines of the answer.
 */
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";
type Login = "admin" | "tinh.quanly" | "huyen.quanly" | "huyen.bientap" | "coso.bientap" | "xem";

/** What the database-dependent cases need: ids looked up in the demo data after start. */
interface Ids {
  campaign: number;
  point: number;
  /** Units inside huyen.quanly's subtree (LĐLĐ huyện Tam Đường) and outside it. */
  ownTop: number;
  inUnit: number;
  outUnit: number;
  kind: number;
  /** Activities, one per channel, whose results the province manager may log. */
  spoken: number;
  visual: number;
  media: number;
  facebook: number;
  /** A spoken activity on the province manager's list of results to log. */
  pending: number;
  /** A unit of the district whose report is submitted (return / accept). */
  submittedUnit: number;
  /** A planned activity of the district (edit / cancel / reschedule). */
  planned: number;
  plannedVersion: number;
  /** An activity outside the district. */
  outActivity: number;
  /** A user inside huyen.quanly's scope and one above it. */
  inUser: number;
  outUser: number;
  selfUser: number;
  form: number;
}

type Body =
  | { kind: "form"; fields: [string, string][] }
  | { kind: "multipart"; fields: [string, string][]; files: { name: string; fileName: string; bytes: Uint8Array; type?: string }[] }
  | { kind: "raw"; contentType: string; bytes: Uint8Array };

interface Case {
  /** Group name: the form or import under test. */
  group: string;
  name: string;
  as: Login;
  method?: "GET" | "POST";
  path: (ids: Ids) => string;
  body?: (ids: Ids) => Body;
  /** "4xx" (default for posts), or "not5xx" for GET pages that may ignore a bad filter. */
  expect?: "4xx" | "not5xx";
  /** Form posts must show a Vietnamese message; resource routes (JSON, files) need not. */
  message?: boolean;
  /** An extra check of the answer; returns what is wrong, or null. */
  check?: (status: number, body: string) => string | null;
}

const cases: Case[] = [];
const add = (c: Case) => cases.push(c);

const HUGE = ["1e30", "99999999999999999999", "1e308", "Infinity", "NaN"];
const NOT_NUMBERS = ["abc", "١٢٣", "12abc", "1,5", "--1", "½"];
const NEGATIVE = ["-1", "-99999999999999999999", "-0.5"];
const BAD_IDS = ["abc", "0", "-1", "1.5", "1e30", "99999999999999999999", "999999", "<script>", ""];
const BAD_DATES = ["31/02/2022", "0001-01-01", "9999-12-31", "2022-13-01", "32/01/2022", "2022-02-30", "29/02/2023", "abc", "2022/06/10", "10-06-2022", "1899-12-31"];
const LONG = (n: number) => "Đ".repeat(n);
const text = (s: string) => new TextEncoder().encode(s);
const form = (fields: Record<string, string | string[]>): Body => ({
  kind: "form",
  fields: Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]])),
});
const withField = (base: Record<string, string | string[]>, field: string, value: string | undefined) => {
  const copy = { ...base };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy;
};
const random = (n: number, seed = 7) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
};

// ------------------------------------------------------------------------------------------
// Activities: plan (/activities/new) and edit (/activities/:id)

const activityBase = (ids: Ids): Record<string, string | string[]> => ({
  campaignId: String(ids.campaign),
  unitId: String(ids.inUnit),
  channel: "spoken",
  title: "Buổi nói chuyện chuyên đề",
  startDate: "10/06/2022",
  startTime: "08:00",
  endDate: "10/06/2022",
  endTime: "10:00",
  pointIds: String(ids.point),
  repeat: "none",
  acknowledgeWarnings: "1",
});
const activityMutations: [string, string, string | undefined][] = [
  ...BAD_IDS.map((v) => ["campaignId", v, v] as [string, string, string]),
  ...BAD_IDS.map((v) => ["unitId", v, v] as [string, string, string]),
  ["unitId", "outside the subtree", "OUT_UNIT"],
  ["unitId", "the root unit (an ancestor)", "1"],
  ["channel", "radio", "radio"],
  ["channel", "empty", ""],
  ["channel", "SPOKEN", "SPOKEN"],
  ["title", "empty", ""],
  ["title", "blank", "   "],
  ["title", "301 characters", LONG(301)],
  ["title", "missing", undefined],
  ...BAD_DATES.map((v) => ["startDate", v, v] as [string, string, string]),
  ["startDate", "missing", undefined],
  ["startTime", "25:00", "25:00"],
  ["startTime", "8h", "8h"],
  ["startTime", "-1:00", "-1:00"],
  ["endTime", "before start", "07:00"],
  ["endTime", "equal to start", "08:00"],
  ["endDate", "before start", "09/06/2022"],
  ["endDate", "31/02/2022", "31/02/2022"],
  ...[...HUGE, ...NEGATIVE, ...NOT_NUMBERS].map((v) => ["plannedAttendance", v, v] as [string, string, string]),
  ...["1e30", "-5", "abc"].map((v) => ["plannedQuantity", v, v] as [string, string, string]),
  ["pointIds", "abc", "abc"],
  ["pointIds", "unknown", "999999"],
  ["pointIds", "-1", "-1"],
  ["formId", "abc", "abc"],
  ["formId", "unknown", "999999"],
  ["repeat", "daily", "daily"],
  ["repeatCount", "1 (weekly)", "1"],
  ["repeatCount", "53 (weekly)", "53"],
  ["repeatCount", "1e30 (weekly)", "1e30"],
];
for (const [field, label, value] of activityMutations) {
  const build = (ids: Ids) => {
    let base = activityBase(ids);
    if (field === "repeatCount") base = { ...base, repeat: "weekly" };
    const v = value === "OUT_UNIT" ? String(ids.outUnit) : value;
    return form(withField(base, field, v));
  };
  add({ group: "activities.new", name: `${field}=${label}`, as: "huyen.bientap", path: () => "/activities/new", body: build });
}
add({ group: "activities.new", name: "viewer may not plan", as: "xem", path: () => "/activities/new", body: (ids) => form(activityBase(ids)) });
add({ group: "activities.new", name: "coso editor plans for the district", as: "coso.bientap", path: () => "/activities/new", body: (ids) => form({ ...activityBase(ids), unitId: String(ids.ownTop) }) });

const activityEdits: [string, (ids: Ids) => Record<string, string>][] = [
  ["update: title empty", (ids) => ({ ...(activityBase(ids) as Record<string, string>), intent: "update", version: String(ids.plannedVersion), title: "" })],
  ["update: end before start", (ids) => ({ ...(activityBase(ids) as Record<string, string>), intent: "update", version: String(ids.plannedVersion), endTime: "06:00" })],
  ["update: unit outside", (ids) => ({ ...(activityBase(ids) as Record<string, string>), intent: "update", version: String(ids.plannedVersion), unitId: String(ids.outUnit) })],
  ["update: stale version", (ids) => ({ ...(activityBase(ids) as Record<string, string>), intent: "update", version: String(ids.plannedVersion + 7) })],
  ["update: version abc", (ids) => ({ ...(activityBase(ids) as Record<string, string>), intent: "update", version: "abc" })],
  ["reschedule: startsAt abc", (ids) => ({ intent: "reschedule", startsAt: "abc", endsAt: "2022-06-10T10:00:00Z", version: String(ids.plannedVersion) })],
  ["reschedule: end before start", (ids) => ({ intent: "reschedule", startsAt: "2022-06-10T10:00:00Z", endsAt: "2022-06-10T08:00:00Z", version: String(ids.plannedVersion) })],
  ["reschedule: year 0001", (ids) => ({ intent: "reschedule", startsAt: "0001-01-01T00:00:00Z", endsAt: "0001-01-01T02:00:00Z", version: String(ids.plannedVersion) })],
  ["reschedule: year 275760", (ids) => ({ intent: "reschedule", startsAt: "+275760-09-13T00:00:00Z", endsAt: "+275760-09-13T00:00:00Z", version: String(ids.plannedVersion) })],
  ["reschedule: version 0", () => ({ intent: "reschedule", startsAt: "2022-06-10T08:00:00Z", endsAt: "2022-06-10T10:00:00Z", version: "0" })],
  ["reschedule: version 1e30", () => ({ intent: "reschedule", startsAt: "2022-06-10T08:00:00Z", endsAt: "2022-06-10T10:00:00Z", version: "1e30" })],
  ["cancel: reason empty", (ids) => ({ intent: "cancel", reason: "", version: String(ids.plannedVersion) })],
  ["cancel: reason 501 chars", (ids) => ({ intent: "cancel", reason: LONG(501), version: String(ids.plannedVersion) })],
  ["cancel: version abc", () => ({ intent: "cancel", reason: "Mưa bão", version: "abc" })],
  ["cancel: stale version", (ids) => ({ intent: "cancel", reason: "Mưa bão", version: String(ids.plannedVersion + 9) })],
  ["delete: stale version", (ids) => ({ intent: "delete", version: String(ids.plannedVersion + 9) })],
  ["delete: version abc", () => ({ intent: "delete", version: "abc" })],
  ["intent unknown", () => ({ intent: "explode" })],
  ["intent missing", () => ({})],
];
for (const [name, fields] of activityEdits) {
  add({ group: "activities.$id", name, as: "huyen.bientap", path: (ids) => `/activities/${ids.planned}`, body: (ids) => form(fields(ids)) });
}
for (const id of ["abc", "0", "-1", "1e30", "99999999999999999999", "999999"]) {
  add({ group: "activities.$id", name: `unknown id ${id}`, as: "huyen.bientap", path: () => `/activities/${id}`, body: () => form({ intent: "cancel", reason: "x", version: "1" }) });
}
add({ group: "activities.$id", name: "activity outside the subtree", as: "huyen.bientap", path: (ids) => `/activities/${ids.outActivity}`, body: () => form({ intent: "delete", version: "1" }) });
add({ group: "activities.$id", name: "viewer cancels", as: "xem", path: (ids) => `/activities/${ids.planned}`, body: (ids) => form({ intent: "cancel", reason: "x", version: String(ids.plannedVersion) }) });

// ------------------------------------------------------------------------------------------
// Results: /activities/:id/result (multipart with photos) and /results/pending (quick log)

const resultCases: [keyof Pick<Ids, "spoken" | "visual" | "media" | "facebook">, string, Record<string, string>][] = [
  ...[...HUGE, ...NEGATIVE, ...NOT_NUMBERS, ""].map((v) => ["spoken", `attendance=${v || "(empty)"}`, { attendance: v }] as ["spoken", string, Record<string, string>]),
  ["spoken", "members above attendance", { attendance: "10", membersAttending: "11" }],
  ["spoken", "women above attendance", { attendance: "10", womenAttending: "50" }],
  ["spoken", "women negative", { attendance: "10", womenAttending: "-3" }],
  ["spoken", "link javascript:", { attendance: "10", links: "javascript:alert(1)" }],
  ["spoken", "link ftp", { attendance: "10", links: "ftp://example.com/x" }],
  ["spoken", "link not a url", { attendance: "10", links: "không phải liên kết" }],
  ["spoken", "51 links", { attendance: "10", links: Array.from({ length: 51 }, (_, i) => `https://example.com/${i}`).join("\n") }],
  ["spoken", "notes 4001 chars", { attendance: "10", notes: LONG(4001) }],
  ["spoken", "presenter 201 chars", { attendance: "10", presenter: LONG(201) }],
  ["visual", "quantity -1", { quantity: "-1" }],
  ["visual", "quantity 1e30", { quantity: "1e30" }],
  ["visual", "quantity empty", { quantity: "" }],
  ["visual", "displayDays 4000", { quantity: "5", displayDays: "4000" }],
  ["visual", "quantityUnit 51 chars", { quantity: "5", quantityUnit: LONG(51) }],
  ["media", "items 100001", { items: "100001" }],
  ["media", "items abc", { items: "abc" }],
  ["media", "items -2", { items: "-2" }],
  ["facebook", "posts -1", { posts: "-1" }],
  ["facebook", "posts missing", {}],
  ["facebook", "reach without source", { posts: "1", reach: "100" }],
  ["facebook", "reach source unknown", { posts: "1", reach: "100", reachSource: "guess" }],
  ["facebook", "shares above engagements", { posts: "1", engagements: "5", shares: "6" }],
  ["facebook", "reach 1e30", { posts: "1", reach: "1e30", reachSource: "meta_reach" }],
  ["facebook", "views 99999999999999999999", { posts: "1", views: "99999999999999999999" }],
];
for (const [channel, name, fields] of resultCases) {
  add({
    group: "activities.$id.result",
    name: `${channel}: ${name}`,
    as: "tinh.quanly",
    path: (ids) => `/activities/${ids[channel]}/result`,
    body: () => ({ kind: "multipart", fields: Object.entries(fields), files: [] }),
  });
}
const photoCases: [string, Uint8Array, string][] = [
  ["photo: random bytes named .jpg", random(20_000), "anh.jpg"],
  ["photo: text named .png", text("not an image at all"), "anh.png"],
  ["photo: truncated JPEG header", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), "cut.jpg"],
  ["photo: PDF", text("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), "doc.jpg"],
  ["photo: 6 MB", random(6 * 1024 * 1024, 3), "big.jpg"],
];
for (const [name, bytes, fileName] of photoCases) {
  add({
    group: "activities.$id.result",
    name,
    as: "tinh.quanly",
    path: (ids) => `/activities/${ids.spoken}/result`,
    body: () => ({ kind: "multipart", fields: [["attendance", "25"]], files: [{ name: "photos", fileName, bytes, type: "image/jpeg" }] }),
  });
}
add({ group: "activities.$id.result", name: "removePhoto abc", as: "tinh.quanly", path: (ids) => `/activities/${ids.spoken}/result`, body: () => form({ intent: "removePhoto", photoId: "abc" }) });
add({ group: "activities.$id.result", name: "outside activity", as: "huyen.bientap", path: (ids) => `/activities/${ids.outActivity}/result`, body: () => form({ attendance: "5" }) });
add({ group: "activities.$id.result", name: "unknown activity", as: "huyen.bientap", path: () => `/activities/999999/result`, body: () => form({ attendance: "5" }) });
add({ group: "activities.$id.result", name: "viewer logs", as: "xem", path: (ids) => `/activities/${ids.spoken}/result`, body: () => form({ attendance: "5" }) });
add({
  group: "activities.$id.result",
  name: "malformed multipart",
  as: "huyen.bientap",
  path: (ids) => `/activities/${ids.spoken}/result`,
  body: () => ({ kind: "raw", contentType: "multipart/form-data; boundary=XYZ", bytes: text("--XYZ\r\nContent-Disposition: form-data; name=\"attendance\"\r\n\r\n5") }),
});

for (const [field, value] of [["activityId", "abc"], ["activityId", "999999"], ["activityId", "OUT"], ["attendance", "-1"], ["attendance", "1e30"], ["attendance", "abc"]] as const) {
  add({
    group: "results.pending",
    name: `${field}=${value}`,
    as: field === "activityId" ? "huyen.bientap" : "tinh.quanly",
    path: () => "/results/pending",
    body: (ids) => form({ activityId: field === "activityId" ? (value === "OUT" ? String(ids.outActivity) : value) : String(ids.pending), attendance: field === "attendance" ? value : "5" }),
  });
}

// ------------------------------------------------------------------------------------------
// Campaigns: new, edit, channels, documents, points

const campaignBase = (ids: Ids): Record<string, string> => ({
  title: "Đợt tuyên truyền thử",
  issuerUnitId: String(ids.ownTop),
  startsOn: "01/03/2023",
  endsOn: "30/11/2023",
  reportDueOn: "10/12/2023",
  status: "draft",
});
const campaignMutations: [string, string | undefined][][] = [
  [["title", ""]],
  [["title", LONG(301)]],
  [["title", undefined]],
  [["summary", LONG(2001)]],
  ...BAD_IDS.map((v) => [["issuerUnitId", v]] as [string, string][]),
  [["issuerUnitId", "OUT_UNIT"]],
  [["issuerUnitId", "1"]],
  ...BAD_DATES.map((v) => [["startsOn", v]] as [string, string][]),
  [["endsOn", "28/02/2023"]],
  [["endsOn", "30/02/2023"]],
  [["reportDueOn", "01/01/2023"]],
  [["reportDueOn", ""]],
  [["status", "bogus"]],
  [["status", ""]],
  [["kind_999999", "on"], ["due_999999", "01/12/2023"]],
  [["kind_KIND", "on"], ["due_KIND", "31/02/2023"]],
  [["kind_KIND", "on"], ["due_KIND", "01/01/2024"]],
  [["kind_99999999999999999999", "on"]],
];
for (const mutation of campaignMutations) {
  const build = (ids: Ids) => {
    let base: Record<string, string> = campaignBase(ids);
    for (const [k, v] of mutation) {
      const key = k.replace("KIND", String(ids.kind));
      const value = v === "OUT_UNIT" ? String(ids.outUnit) : v;
      base = withField(base, key, value) as Record<string, string>;
    }
    return form(base);
  };
  const name = mutation.map(([k, v]) => `${k}=${v === undefined ? "(missing)" : v.length > 20 ? `${v.slice(0, 3)}…(${v.length})` : v}`).join("&");
  add({ group: "campaigns.new", name, as: "huyen.quanly", path: () => "/campaigns/new", body: build });
}
add({ group: "campaigns.new", name: "editor may not create", as: "huyen.bientap", path: () => "/campaigns/new", body: (ids) => form(campaignBase(ids)) });
for (const [k, v] of [["title", ""], ["startsOn", "31/02/2022"], ["endsOn", "01/01/2020"], ["status", "bogus"], ["issuerUnitId", "999999"]]) {
  add({
    group: "campaigns.$id.edit",
    name: `${k}=${v}`,
    as: "tinh.quanly",
    path: (ids) => `/campaigns/${ids.campaign}/edit`,
    body: (ids) => form({ ...campaignBase(ids), issuerUnitId: "1", startsOn: "01/01/2022", endsOn: "31/12/2022", reportDueOn: "15/12/2022", status: "active", [k]: v }),
  });
}
add({ group: "campaigns.$id.edit", name: "district manager edits the province campaign", as: "huyen.quanly", path: (ids) => `/campaigns/${ids.campaign}/edit`, body: (ids) => form(campaignBase(ids)) });
add({ group: "campaigns.$id.edit", name: "unknown campaign", as: "tinh.quanly", path: () => `/campaigns/999999/edit`, body: (ids) => form(campaignBase(ids)) });

const channelCases: [string, (ids: Ids) => Record<string, string | string[]>][] = [
  ["forms: formId abc", () => ({ intent: "forms", formId: "abc" })],
  ["forms: formId unknown", () => ({ intent: "forms", formId: "999999" })],
  ["forms: formId 1e30", () => ({ intent: "forms", formId: "1e30" })],
  ["customForm: name empty", () => ({ intent: "customForm", channel: "visual", name: "", quantityUnit: "cái" })],
  ["customForm: channel radio", () => ({ intent: "customForm", channel: "radio", name: "Loa", quantityUnit: "cái" })],
  ["customForm: unit 51 chars", () => ({ intent: "customForm", channel: "visual", name: "Loa", quantityUnit: LONG(51) })],
  ["addTarget: minActivities -1", () => ({ intent: "addTarget", minActivities: "-1" })],
  ["addTarget: minActivities 1e30", () => ({ intent: "addTarget", minActivities: "1e30" })],
  ["addTarget: coverage 101", () => ({ intent: "addTarget", minActivities: "1", memberCoveragePct: "101" })],
  ["addTarget: max below min", () => ({ intent: "addTarget", minActivities: "1", minMembers: "100", maxMembers: "10" })],
  ["addTarget: unknown unit kind", () => ({ intent: "addTarget", minActivities: "1", unitKindId: "999999" })],
  ["addTarget: channel radio", () => ({ intent: "addTarget", minActivities: "1", channel: "radio" })],
  ["removeTarget: abc", () => ({ intent: "removeTarget", targetId: "abc" })],
  ["removeTarget: unknown", () => ({ intent: "removeTarget", targetId: "999999" })],
  ["intent unknown", () => ({ intent: "nope" })],
];
for (const [name, fields] of channelCases) {
  add({ group: "campaigns.$id.channels", name, as: "tinh.quanly", path: (ids) => `/campaigns/${ids.campaign}/channels`, body: (ids) => form(fields(ids)) });
}
add({ group: "campaigns.$id.channels", name: "district manager on the province campaign", as: "huyen.quanly", path: (ids) => `/campaigns/${ids.campaign}/channels`, body: () => form({ intent: "addTarget", minActivities: "1" }) });

const docBase = { kind: "cong_van", number: "967/LĐLĐ", issuer: "LĐLĐ tỉnh Lai Châu", title: "Về việc tuyên truyền" };
const docCases: [string, Record<string, string>, { fileName: string; bytes: Uint8Array } | null][] = [
  ["kind bogus", { ...docBase, kind: "bogus" }, null],
  ["number empty", { ...docBase, number: "" }, null],
  ["number 101 chars", { ...docBase, number: LONG(101) }, null],
  ["issuedOn 31/02/2022", { ...docBase, issuedOn: "31/02/2022" }, null],
  ["issuedOn 0001-01-01", { ...docBase, issuedOn: "0001-01-01" }, null],
  ["url javascript:", { ...docBase, url: "javascript:alert(1)" }, null],
  ["url data:", { ...docBase, url: "data:text/html,<b>x</b>" }, null],
  ["title 1001 chars", { ...docBase, title: LONG(1001) }, null],
  ["pdf is random bytes", docBase, { fileName: "cv.pdf", bytes: random(5000) }],
  ["pdf is an HTML page", docBase, { fileName: "cv.pdf", bytes: text("<html><script>alert(1)</script></html>") }],
  ["remove: documentId abc", { intent: "remove", documentId: "abc" }, null],
];
for (const [name, fields, file] of docCases) {
  add({
    group: "campaigns.$id.documents",
    name,
    as: "tinh.quanly",
    path: (ids) => `/campaigns/${ids.campaign}/documents`,
    body: () => ({ kind: "multipart", fields: Object.entries(fields), files: file ? [{ name: "pdf", ...file, type: "application/pdf" }] : [] }),
  });
}

const pointCases: [string, (ids: Ids) => Record<string, string>][] = [
  ["add: title empty", () => ({ intent: "add", title: "" })],
  ["add: title 501 chars", () => ({ intent: "add", title: LONG(501) })],
  ["add: parentId abc", () => ({ intent: "add", title: "Nội dung", parentId: "abc" })],
  ["add: parentId unknown", () => ({ intent: "add", title: "Nội dung", parentId: "999999" })],
  ["add: parentId 1e30", () => ({ intent: "add", title: "Nội dung", parentId: "1e30" })],
  ["update: pointId abc", () => ({ intent: "update", pointId: "abc", title: "Nội dung" })],
  ["update: pointId unknown", () => ({ intent: "update", pointId: "999999", title: "Nội dung" })],
  ["update: parent is itself", (ids) => ({ intent: "update", pointId: String(ids.point), title: "Nội dung", parentId: String(ids.point) })],
  ["move: direction sideways", (ids) => ({ intent: "move", pointId: String(ids.point), direction: "sideways" })],
  ["move: unknown point", () => ({ intent: "move", pointId: "999999", direction: "up" })],
  ["remove: unknown point", () => ({ intent: "remove", pointId: "999999" })],
  ["remove: a point in use", (ids) => ({ intent: "remove", pointId: String(ids.point) })],
  ["merge: into itself", (ids) => ({ intent: "merge", pointId: String(ids.point), intoId: String(ids.point) })],
  ["merge: into unknown", (ids) => ({ intent: "merge", pointId: String(ids.point), intoId: "999999" })],
  ["archive: abc", () => ({ intent: "archive", pointId: "abc" })],
  ["preview: empty text", () => ({ intent: "preview", text: "" })],
  ["preview: 2 MB text", () => ({ intent: "preview", text: "1. Nội dung\n".repeat(200_000) })],
  ["import: none kept", () => ({ intent: "import", rows: "2", level_0: "1", title_0: "A", level_1: "1", title_1: "B" })],
  ["import: level 99", () => ({ intent: "import", rows: "1", level_0: "99", title_0: "A", keep_0: "on" })],
  ["import: title empty", () => ({ intent: "import", rows: "1", level_0: "1", title_0: "", keep_0: "on" })],
  ["import: rows 1e30", () => ({ intent: "import", rows: "1e30" })],
  ["intent unknown", () => ({ intent: "frobnicate" })],
];
for (const [name, fields] of pointCases) {
  add({ group: "campaigns.$id.points", name, as: "tinh.quanly", path: (ids) => `/campaigns/${ids.campaign}/points`, body: (ids) => form(fields(ids)) });
}

// ------------------------------------------------------------------------------------------
// Units: new, edit, move, close, reopen, kinds

const unitBase = (ids: Ids): Record<string, string> => ({ parentId: String(ids.ownTop), name: "Công đoàn Trường Thử nghiệm", kindId: String(ids.kind), members: "25" });
const unitMutations: [string, string | undefined][] = [
  ["name", ""],
  ["name", LONG(301)],
  ["name", undefined],
  ["shortName", LONG(121)],
  ["code", "MÃ CÓ DẤU"],
  ["code", "a b"],
  ["code", LONG(51)],
  ...BAD_IDS.map((v) => ["kindId", v] as [string, string]),
  ...BAD_IDS.map((v) => ["parentId", v] as [string, string]),
  ["parentId", "OUT_UNIT"],
  ["parentId", "1"],
  ...[...HUGE, ...NEGATIVE, ...NOT_NUMBERS, "1.5", "10000001"].map((v) => ["members", v] as [string, string]),
  ...["31/02/2022", "0001-01-01", "abc", "2022-13-45"].map((v) => ["openedOn", v] as [string, string]),
];
for (const [field, value] of unitMutations) {
  add({
    group: "units.new",
    name: `${field}=${value === undefined ? "(missing)" : value.length > 20 ? `${value.slice(0, 3)}…(${value.length})` : value}`,
    as: "huyen.quanly",
    path: () => "/units/new",
    body: (ids) => form(withField(unitBase(ids), field, value === "OUT_UNIT" ? String(ids.outUnit) : value)),
  });
}
add({ group: "units.new", name: "editor may not add units", as: "huyen.bientap", path: () => "/units/new", body: (ids) => form(unitBase(ids)) });
for (const [field, value] of [["name", ""], ["members", "-4"], ["members", "1e30"], ["kindId", "999999"], ["openedOn", "31/02/2022"], ["code", "x y"]] as const) {
  add({
    group: "units.$id.edit",
    name: `${field}=${value}`,
    as: "huyen.quanly",
    path: (ids) => `/units/${ids.inUnit}/edit`,
    body: (ids) => form({ ...unitBase(ids), [field]: value }),
  });
}
add({ group: "units.$id.edit", name: "unit outside the subtree", as: "huyen.quanly", path: (ids) => `/units/${ids.outUnit}/edit`, body: (ids) => form(unitBase(ids)) });
add({ group: "units.$id.edit", name: "unknown unit 1e30", as: "huyen.quanly", path: () => `/units/1e30/edit`, body: (ids) => form(unitBase(ids)) });
for (const [name, path, parent] of [
  ["parent empty", "IN", ""],
  ["parent unknown", "IN", "999999"],
  ["parent abc", "IN", "abc"],
  ["parent outside", "IN", "OUT"],
  ["parent is itself", "IN", "IN"],
  ["own top unit", "TOP", "IN"],
  ["under its own child", "TOP", "CHILD"],
  ["unit outside", "OUT", "IN"],
] as const) {
  const pick = (ids: Ids, v: string) => (v === "IN" ? String(ids.inUnit) : v === "OUT" ? String(ids.outUnit) : v === "TOP" ? String(ids.ownTop) : v === "CHILD" ? String(ids.inUnit) : v);
  add({ group: "units.$id.move", name, as: "huyen.quanly", path: (ids) => `/units/${pick(ids, path)}/move`, body: (ids) => form({ parentId: pick(ids, parent) }) });
}
for (const [name, unit, closedOn] of [
  ["closedOn empty", "IN", ""],
  ["closedOn abc", "IN", "abc"],
  ["closedOn 31/02/2022", "IN", "31/02/2022"],
  ["closedOn 0001-01-01", "IN", "0001-01-01"],
  ["closedOn 9999-12-31", "IN", "9999-12-31"],
  ["own top unit", "TOP", "01/07/2025"],
  ["unit outside", "OUT", "01/07/2025"],
] as const) {
  add({
    group: "units.$id.close",
    name,
    as: "huyen.quanly",
    path: (ids) => `/units/${unit === "IN" ? ids.inUnit : unit === "TOP" ? ids.ownTop : ids.outUnit}/close`,
    body: () => form({ closedOn }),
  });
}
add({ group: "units.$id", name: "intent unknown", as: "huyen.quanly", path: (ids) => `/units/${ids.inUnit}`, body: () => form({ intent: "explode" }) });
add({ group: "units.$id", name: "reopen a unit outside", as: "huyen.quanly", path: (ids) => `/units/${ids.outUnit}`, body: () => form({ intent: "reopen" }) });

const kindCases: [string, Record<string, string>, Login?][] = [
  ["code with spaces", { intent: "create", code: "bad code!", name: "Loại", level: "3" }],
  ["code empty", { intent: "create", code: "", name: "Loại", level: "3" }],
  ["name empty", { intent: "create", code: "loai_moi", name: "", level: "3" }],
  ["level 0", { intent: "create", code: "loai_moi", name: "Loại", level: "0" }],
  ["level 21", { intent: "create", code: "loai_moi", name: "Loại", level: "21" }],
  ["level abc", { intent: "create", code: "loai_moi", name: "Loại", level: "abc" }],
  ["level 1e30", { intent: "create", code: "loai_moi", name: "Loại", level: "1e30" }],
  ["level 99999999999999999999", { intent: "create", code: "loai_moi", name: "Loại", level: "99999999999999999999" }],
  ["duplicate code", { intent: "create", code: "DUP", name: "Loại", level: "3" }],
  ["update unknown id", { intent: "update", id: "999999", code: "loai_moi", name: "Loại", level: "3" }],
  ["update id abc", { intent: "update", id: "abc", code: "loai_moi", name: "Loại", level: "3" }],
  ["delete unknown id", { intent: "delete", id: "999999" }],
  ["delete a kind in use", { intent: "delete", id: "KIND" }],
  ["intent unknown", { intent: "nope" }],
  ["manager may not edit kinds", { intent: "create", code: "loai_moi", name: "Loại", level: "3" }, "huyen.quanly"],
];
for (const [name, fields, as] of kindCases) {
  add({
    group: "units.kinds",
    name,
    as: as ?? "admin",
    path: () => "/units/kinds",
    body: (ids) => form(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === "KIND" ? String(ids.kind) : v === "DUP" ? "KINDCODE" : v]))),
  });
}

// ------------------------------------------------------------------------------------------
// Users and the own password

const userBase = (ids: Ids): Record<string, string> => ({ login: "tai.khoan.moi", displayName: "Người Dùng Mới", unitId: String(ids.inUnit), role: "editor", password: "" });
const userMutations: [string, string][] = [
  ["login", ""],
  ["login", "ab"],
  ["login", "Có Dấu"],
  ["login", "a b"],
  ["login", "x".repeat(65)],
  ["login", "xem"],
  ["login", "ADMIN"],
  ["displayName", ""],
  ["displayName", LONG(201)],
  ["role", "admin"],
  ["role", "superuser"],
  ["role", ""],
  ["unitId", "OUT_UNIT"],
  ["unitId", "1"],
  ...BAD_IDS.map((v) => ["unitId", v] as [string, string]),
  ["password", "short"],
  ["password", "x".repeat(257)],
];
for (const [field, value] of userMutations) {
  add({
    group: "users.new",
    name: `${field}=${value.length > 20 ? `${value.slice(0, 3)}…(${value.length})` : value}`,
    as: "huyen.quanly",
    path: () => "/users/new",
    body: (ids) => form({ ...userBase(ids), [field]: value === "OUT_UNIT" ? String(ids.outUnit) : value }),
  });
}
add({ group: "users.new", name: "editor may not create accounts", as: "huyen.bientap", path: () => "/users/new", body: (ids) => form(userBase(ids)) });
const userEditCases: [string, "IN" | "OUT" | "SELF" | "999999" | "abc", Record<string, string>][] = [
  ["intent unknown", "IN", { intent: "explode" }],
  ["intent missing", "IN", {}],
  ["update: name empty", "IN", { intent: "update", displayName: "", role: "editor", unitId: "UNIT" }],
  ["update: role admin", "IN", { intent: "update", displayName: "Tên", role: "admin", unitId: "UNIT" }],
  ["update: role bogus", "IN", { intent: "update", displayName: "Tên", role: "bogus", unitId: "UNIT" }],
  ["update: unit outside", "IN", { intent: "update", displayName: "Tên", role: "editor", unitId: "OUT_UNIT" }],
  ["update: unit 1e30", "IN", { intent: "update", displayName: "Tên", role: "editor", unitId: "1e30" }],
  ["update: own role", "SELF", { intent: "update", displayName: "Tên", role: "admin", unitId: "UNIT" }],
  ["reset: password short", "IN", { intent: "reset", password: "short" }],
  ["reset: account above", "OUT", { intent: "reset", password: "" }],
  ["deactivate: self", "SELF", { intent: "deactivate" }],
  ["deactivate: account outside", "OUT", { intent: "deactivate" }],
  ["unknown account", "999999", { intent: "deactivate" }],
  ["account id abc", "abc", { intent: "deactivate" }],
];
for (const [name, who, fields] of userEditCases) {
  add({
    group: "users.$id",
    name,
    as: "huyen.quanly",
    path: (ids) => `/users/${who === "IN" ? ids.inUser : who === "OUT" ? ids.outUser : who === "SELF" ? ids.selfUser : who}`,
    body: (ids) => form(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === "UNIT" ? String(ids.inUnit) : v === "OUT_UNIT" ? String(ids.outUnit) : v]))),
  });
}
const passwordCases: [string, Record<string, string>][] = [
  ["current wrong", { currentPassword: "Sai@2022x", newPassword: "MatKhauMoi@1", confirmPassword: "MatKhauMoi@1" }],
  ["current empty", { currentPassword: "", newPassword: "MatKhauMoi@1", confirmPassword: "MatKhauMoi@1" }],
  ["new too short", { currentPassword: PASSWORD, newPassword: "ngan", confirmPassword: "ngan" }],
  ["new 257 chars", { currentPassword: PASSWORD, newPassword: "x".repeat(257), confirmPassword: "x".repeat(257) }],
  ["confirmation differs", { currentPassword: PASSWORD, newPassword: "MatKhauMoi@1", confirmPassword: "MatKhauMoi@2" }],
  ["same as current", { currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD }],
  ["all missing", {}],
  ["current 10 000 chars", { currentPassword: "x".repeat(10_000), newPassword: "MatKhauMoi@1", confirmPassword: "MatKhauMoi@1" }],
];
for (const [name, fields] of passwordCases) {
  add({ group: "account.password", name, as: "coso.bientap", path: () => "/account/password", body: () => form(fields) });
}
add({ group: "account.feed", name: "intent unknown", as: "coso.bientap", path: () => "/account/feed", body: () => form({ intent: "explode" }) });

// ------------------------------------------------------------------------------------------
// Unit reports

const reportCases: [string, Login, "OWN" | "SUBMITTED" | "OUT" | "BADCAMPAIGN" | "ABC", Record<string, string>][] = [
  ["intent unknown", "huyen.bientap", "OWN", { intent: "explode", version: "0" }],
  ["intent missing", "huyen.bientap", "OWN", { version: "0" }],
  ["save: version abc", "huyen.bientap", "OWN", { intent: "save", version: "abc" }],
  ["save: version -1", "huyen.bientap", "OWN", { intent: "save", version: "-1" }],
  ["save: version 1e30", "huyen.bientap", "OWN", { intent: "save", version: "1e30" }],
  ["save: stale version", "huyen.bientap", "OWN", { intent: "save", version: "9999" }],
  ["save: narrative 8001 chars", "huyen.bientap", "OWN", { intent: "save", version: "0", highlights: LONG(8001) }],
  ["submit: highlights missing", "huyen.bientap", "OWN", { intent: "submit", version: "0", assessment: "Tốt" }],
  ["submit: assessment blank", "huyen.bientap", "OWN", { intent: "submit", version: "0", highlights: "Đã làm", assessment: "   " }],
  ["return: comment empty", "tinh.quanly", "SUBMITTED", { intent: "return", version: "1", comment: "" }],
  ["return: comment 4001 chars", "tinh.quanly", "SUBMITTED", { intent: "return", version: "1", comment: LONG(4001) }],
  ["accept: version abc", "tinh.quanly", "SUBMITTED", { intent: "accept", version: "abc" }],
  ["unit outside", "huyen.bientap", "OUT", { intent: "save", version: "0" }],
  ["unknown campaign", "huyen.bientap", "BADCAMPAIGN", { intent: "save", version: "0" }],
  ["unit id abc", "huyen.bientap", "ABC", { intent: "save", version: "0" }],
  ["viewer saves", "xem", "OWN", { intent: "save", version: "0" }],
];
for (const [name, as, where, fields] of reportCases) {
  add({
    group: "reports.$campaignId.$unitId",
    name,
    as,
    path: (ids) =>
      where === "OWN" ? `/reports/${ids.campaign}/${ids.ownTop}` : where === "SUBMITTED" ? `/reports/${ids.campaign}/${ids.submittedUnit}` : where === "OUT" ? `/reports/${ids.campaign}/${ids.outUnit}` : where === "BADCAMPAIGN" ? `/reports/999999/${ids.ownTop}` : `/reports/${ids.campaign}/abc`,
    body: () => form(fields),
  });
}

// ------------------------------------------------------------------------------------------
// Sign-in (accounts that do not exist, so no real account is slowed down by throttling)

for (const [name, fields] of [
  ["both empty", { login: "", password: "" }],
  ["login 100 000 chars", { login: "a".repeat(100_000), password: "x" }],
  ["password 100 000 chars", { login: "khong.ton.tai", password: "x".repeat(100_000) }],
  ["login missing", { password: "x" }],
] as [string, Record<string, string>][]) {
  add({ group: "login", name, as: "admin", path: () => "/login", body: () => form(fields) });
}

// ------------------------------------------------------------------------------------------
// Imports: units (/units/import and the streaming /units/import/run) and Facebook results

const utf16le = (s: string) => {
  const buf = Buffer.from(s, "utf16le");
  return new Uint8Array(buf);
};
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const HEADER = "Mã,Tên đơn vị,Tên viết tắt,Đơn vị cấp trên,Loại,Số đoàn viên,Ngày thành lập,Ngày giải thể\n";
const hugeCsv = () => {
  const rows = [HEADER];
  for (let i = 0; i < 100_000; i++) rows.push(`T${i},Công đoàn thử ${i},,,,${i % 90},,\n`);
  return text(rows.join(""));
};
const fakeZip = () => {
  const b = random(4000, 11);
  b.set([0x50, 0x4b, 0x03, 0x04], 0);
  return b;
};
const unitImportFiles: [string, string, () => Uint8Array][] = [
  ["empty file", "donvi.csv", () => new Uint8Array(0)],
  ["binary garbage", "donvi.csv", () => random(10_000)],
  ["random bytes with a ZIP header", "donvi.xlsx", fakeZip],
  ["an old .xls (OLE) file", "donvi.xls", () => { const b = random(4096, 5); b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0); return b; }],
  ["a PDF named .csv", "donvi.csv", () => text("%PDF-1.4\n%âãÏÓ\n1 0 obj\n")],
  ["header only", "donvi.csv", () => text(HEADER)],
  ["no recognisable header", "donvi.csv", () => text("a,b,c\n1,2,3\n")],
  ["Latin-1 encoded", "donvi.csv", () => latin1("Mã,Tên đơn vị\nX1,Công ðoàn Trýõng\n")],
  ["UTF-16 without BOM", "donvi.csv", () => utf16le(HEADER + "X1,Công đoàn A,,,,10,,\n")],
  ["negative members", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,-10,,\n")],
  ["members 1e30", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,1e30,,\n")],
  ["members 99999999999999999999", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,99999999999999999999,,\n")],
  ["members abc", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,abc,,\n")],
  ["date 31/02/2022", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,10,31/02/2022,\n")],
  ["date 0001-01-01", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,10,0001-01-01,\n")],
  ["closed before opened", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,10,01/06/2022,01/01/2022\n")],
  ["parent outside the subtree", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,Liên đoàn Lao động huyện Phong Thổ,,10,,\n")],
  ["parent unknown", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,KHONG-CO,,10,,\n")],
  ["kind unknown", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,Loại lạ,10,,\n")],
  ["name empty", "donvi.csv", () => text(HEADER + "X1,,,,,10,,\n")],
  ["duplicate code", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,,,10,,\nX1,Công đoàn B,,,,10,,\n")],
  ["parent cycle", "donvi.csv", () => text(HEADER + "X1,Công đoàn A,,X2,,10,,\nX2,Công đoàn B,,X1,,10,,\n")],
  ["unbalanced quotes", "donvi.csv", () => text(HEADER + '"X1,Công đoàn A,,,,10,,\n')],
  ["100 000 rows", "donvi.csv", hugeCsv],
  ["6 MB", "donvi.csv", () => text(HEADER + `X1,${"A".repeat(6 * 1024 * 1024)},,,,10,,\n`)],
];
for (const [name, fileName, bytes] of unitImportFiles) {
  add({
    group: "units.import",
    name,
    as: "huyen.quanly",
    path: () => "/units/import",
    body: () => ({ kind: "multipart", fields: [["intent", "preview"]], files: [{ name: "file", fileName, bytes: bytes(), type: "text/csv" }] }),
  });
}
for (const [name, fileName, bytes] of unitImportFiles.filter(([n]) => ["empty file", "binary garbage", "random bytes with a ZIP header", "negative members", "100 000 rows"].includes(n))) {
  add({
    group: "units.import.run",
    name,
    as: "huyen.quanly",
    path: () => "/units/import/run",
    body: () => ({ kind: "multipart", fields: [["intent", "preview"]], files: [{ name: "file", fileName, bytes: bytes(), type: "text/csv" }] }),
    // The streaming endpoint answers 200 before it has read the file; the refusal is in the stream.
    expect: "not5xx",
    message: false,
    check: (status, body) =>
      status >= 400 || /"type":"error"/.test(body) || (/"type":"preview"/.test(body) && !/"uploadId":(?!null)/.test(body))
        ? null
        : "the stream neither refused the file nor withheld an upload id",
  });
}
for (const uploadId of ["abc", "999999", "-1", "1e30", ""]) {
  add({ group: "units.import", name: `commit uploadId=${uploadId || "(empty)"}`, as: "huyen.quanly", path: () => "/units/import", body: () => form({ intent: "commit", uploadId }) });
}
add({ group: "units.import", name: "no file", as: "huyen.quanly", path: () => "/units/import", body: () => ({ kind: "multipart", fields: [["intent", "preview"]], files: [] }) });
add({ group: "units.import", name: "editor may not import", as: "huyen.bientap", path: () => "/units/import", body: () => ({ kind: "multipart", fields: [], files: [{ name: "file", fileName: "a.csv", bytes: text(HEADER), type: "text/csv" }] }) });

const FB_HEADER = "Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,Data comment,Date,Views,Reach,Reactions, Comments and Shares,Reactions,Comments,Shares\n";
const fbFiles: [string, string, () => Uint8Array][] = [
  ["empty file", "fb.csv", () => new Uint8Array(0)],
  ["binary garbage", "fb.csv", () => random(8000, 9)],
  ["an image", "fb.csv", () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...random(500)])],
  ["no recognisable header", "fb.csv", () => text("a;b;c\n1;2;3\n")],
  ["Latin-1 encoded", "fb.csv", () => latin1(FB_HEADER + "1,2,Trang,Bài viết ðã ðãng,,,06/10/2022 08:00,,https://facebook.com/1,No,No,Photo,,,,,Lifetime,10,10,1,1,0,0\n")],
  ["reach negative", "fb.csv", () => text(FB_HEADER + "1,2,Trang,Bài,,,06/10/2022 08:00,,https://facebook.com/1,No,No,Photo,,,,,Lifetime,10,-10,1,1,0,0\n")],
  ["reach 1e30", "fb.csv", () => text(FB_HEADER + "1,2,Trang,Bài,,,06/10/2022 08:00,,https://facebook.com/1,No,No,Photo,,,,,Lifetime,10,1e30,1,1,0,0\n")],
  ["date 31/02/2022", "fb.csv", () => text(FB_HEADER + "1,2,Trang,Bài,,,02/31/2022 08:00,,https://facebook.com/1,No,No,Photo,,,,,Lifetime,10,10,1,1,0,0\n")],
  ["100 000 rows", "fb.csv", () => {
    const rows = [FB_HEADER];
    for (let i = 0; i < 100_000; i++) rows.push(`${i},2,Trang,Bài ${i},,,06/10/2022 08:00,,https://facebook.com/${i},No,No,Photo,,,,,Lifetime,10,10,1,1,0,0\n`);
    return text(rows.join(""));
  }],
  ["11 MB", "fb.csv", () => text(FB_HEADER + "A".repeat(11 * 1024 * 1024))],
];
/** Files whose rows are bad but whose shape is right get a preview listing each refused row (nothing written). */
const FB_ROW_LEVEL = new Set(["reach negative", "reach 1e30", "date 31/02/2022"]);
for (const [name, fileName, bytes] of fbFiles) {
  add({
    group: "results.import.facebook",
    name,
    as: "huyen.bientap",
    expect: FB_ROW_LEVEL.has(name) ? "not5xx" : "4xx",
    path: () => "/results/import/facebook",
    body: () => ({ kind: "multipart", fields: [], files: [{ name: "file", fileName, bytes: bytes(), type: "text/csv" }] }),
  });
}
for (const [name, fields] of [
  ["commit with a forged payload", { intent: "commit", payload: "eyJhIjoxfQ.forged" }],
  ["apply with an empty payload", { intent: "apply", payload: "" }],
  ["commit without payload", { intent: "commit" }],
  ["intent unknown", { intent: "explode", payload: "x" }],
] as [string, Record<string, string>][]) {
  add({ group: "results.import.facebook", name, as: "huyen.bientap", path: () => "/results/import/facebook", body: () => form(fields) });
}

// ------------------------------------------------------------------------------------------
// Pages and exports with malformed query strings: never a 5xx (a bad filter may be ignored)

const badQueries = [
  "/calendar?date=31/02/2022&view=month",
  "/calendar?date=0001-01-01&view=week",
  "/calendar?view=explode&campaign=abc&unit=1e30&channel=radio&point=-1&status=bogus",
  "/calendar?unit=99999999999999999999",
  "/calendar/print?month=2022-13",
  "/calendar/print?month=0000-00",
  "/tally?campaign=abc&unit=1e30&from=31/02/2022&to=0001-01-01",
  "/tally?campaign=999999",
  "/tally?campaign=1&from=2023-01-01&to=2022-01-01",
  "/tally/activities?campaign=1&point=abc&channel=radio",
  "/tally.xlsx?campaign=abc",
  "/tally.xlsx?campaign=1&unit=OUT",
  "/tally.docx?campaign=1e30",
  "/activities.csv?campaign=1&from=9999-99-99",
  "/reports?campaign=abc",
  "/reports/reminders.csv?campaign=-1",
  "/units?q=" + "đ".repeat(5000),
  "/users?unit=abc&role=superuser&status=zzz",
  "/audit?from=31/02/2022&unit=OUT",
  "/activities/new?campaign=abc&unit=OUT&date=31/02/2022&from=1e30",
  "/units/new?parent=OUT",
  "/feeds/" + "a".repeat(300) + ".ics",
  "/attachments/1e30",
];
for (const path of badQueries) {
  add({ group: "GET with bad query", name: path.slice(0, 80), as: "huyen.quanly", method: "GET", path: (ids) => path.replace("OUT", String(ids.outUnit)), expect: "not5xx", message: false });
}

// ------------------------------------------------------------------------------------------

/**
 * One request over node:http rather than fetch: when the server refuses an oversized body at
 * once (413 and Connection: close before reading it), fetch reports only "fetch failed", while
 * here the answer that arrived is kept and the aborted upload ignored.
 */
async function send(url: string, method: string, headers: Record<string, string>, body: Uint8Array | undefined): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    let answer: { status: number; type: string; chunks: Buffer[] } | null = null;
    const finish = () => answer && resolve({ status: answer.status, type: answer.type, text: Buffer.concat(answer.chunks).toString("utf8") });
    const req = httpRequest(url, { method, headers: { ...headers, Connection: "close", ...(body ? { "Content-Length": String(body.length) } : {}) } }, (res) => {
      answer = { status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), chunks: [] };
      res.on("data", (c: Buffer) => answer!.chunks.push(c));
      res.on("end", finish);
      res.on("error", finish);
      res.on("aborted", finish);
    });
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
    req.on("error", (error) => {
      // The server may answer and close before reading an unwanted body: keep the answer.
      setTimeout(() => {
        if (answer) return finish();
        // Refused by closing the connection during a large upload (server.mjs's size limit).
        if (body && body.length > 1024 * 1024 && /EPIPE|ECONNRESET/.test(String(error))) return resolve({ status: 413, type: "text/plain; closed during upload", text: "413 (kết nối bị đóng khi đang gửi tệp quá lớn)" });
        reject(error);
      }, 300);
    });
    if (body) req.end(Buffer.from(body));
    else req.end();
  });
}

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** The first error text on the page (form error, field error or the error panel), without tags. */
export function errorTextOf(html: string): string | null {
  const match = /class="(?:[^"]*\s)?(form-error|field-error|error-panel)(?:\s[^"]*)?"[^>]*>([\s\S]*?)<\/(?:p|div|span|section)>/.exec(html);
  if (!match) return null;
  return match[2].replace(/<[^>]+>/g, " ").replace(/&[#a-z0-9]+;/gi, " ").replace(/\s+/g, " ").trim();
}

describe.each(testDialects())("bad input on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  const cookies = new Map<Login, string>();
  let ids: Ids;

  /** Row count and a hash of every row of every table: what "nothing written" is checked against. */
  async function snapshot(): Promise<Map<string, string>> {
    const db = database.handle.db;
    const tables =
      dialect === "sqlite"
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db)).rows
        : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db)).rows;
    const result = new Map<string, string>();
    for (const { name } of tables) {
      // Sign-in bookkeeping (throttling counters) may legitimately change on a refused sign-in.
      if (/login_attempt|throttl|sign_in/i.test(name)) continue;
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
      const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (v instanceof Uint8Array || Buffer.isBuffer(v) ? createHash("sha1").update(v).digest("hex") : v))).sort();
      result.set(name, `${rows.length}:${createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}`);
    }
    return result;
  }

  const idOf = async (query: Promise<{ id: number } | undefined>, what: string) => {
    const row = await query;
    if (!row) throw new Error(`demo data: no ${what}`);
    return row.id;
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect, "badinput");
    app = await startApp(database.url);
    for (const login of ["admin", "tinh.quanly", "huyen.quanly", "huyen.bientap", "coso.bientap", "xem"] as Login[]) {
      cookies.set(login, await signIn(app, login, PASSWORD));
    }
    const db = database.handle.db;
    const user = (login: string) => idOf(db.selectFrom("app_user").select("id").where("login", "=", login).executeTakeFirst(), login);
    const district = (await db.selectFrom("app_user").select("unit_id").where("login", "=", "huyen.quanly").executeTakeFirstOrThrow()).unit_id;
    const inside = db.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", district);
    const outUnit = await idOf(db.selectFrom("unit").select("id").where("id", "not in", inside).where("parent_id", "is not", null).orderBy("id", "desc").executeTakeFirst(), "unit outside");
    const inUnit = await idOf(db.selectFrom("unit").select("id").where("parent_id", "=", district).orderBy("id").executeTakeFirst(), "unit inside");
    const campaign = await idOf(db.selectFrom("campaign").select("id").orderBy("id").executeTakeFirst(), "campaign");
    // An activity whose result form is open to the province manager (its report not locked).
    const editable = async (channel: string) => {
      const rows = await db.selectFrom("activity").select("id").where("channel", "=", channel as never).where("status", "=", "done").orderBy("id").limit(40).execute();
      for (const { id } of rows) {
        const page = await (await fetch(`${app.baseUrl}/activities/${id}/result`, { headers: { Cookie: cookies.get("tinh.quanly")! } })).text();
        if (/<form[^>]*method="post"[^>]*enctype="multipart\/form-data"/i.test(page) && !page.includes('value="removePhoto"')) return id;
      }
      throw new Error(`demo data: no editable ${channel} activity`);
    };
    const pendingPage = await (await fetch(`${app.baseUrl}/results/pending`, { headers: { Cookie: cookies.get("tinh.quanly")! } })).text();
    const pendingIds = [...pendingPage.matchAll(/name="activityId" value="(\d+)"/g)].map((m) => Number(m[1]));
    const pendingSpoken = await db.selectFrom("activity").select("id").where("id", "in", pendingIds.length ? pendingIds : [0]).where("channel", "=", "spoken").orderBy("id").executeTakeFirst();
    if (!pendingSpoken) throw new Error("demo data: no spoken activity waiting for its result");
    const submitted = await db.selectFrom("unit_report").select("unit_id").where("campaign_id", "=", campaign).where("status", "=", "submitted").orderBy("unit_id").executeTakeFirst();
    if (!submitted) throw new Error("demo data: no submitted report");
    const planned = await db.selectFrom("activity").select(["id", "version"]).where("status", "=", "planned").where("unit_id", "in", inside).orderBy("id").executeTakeFirstOrThrow();
    const kind = await db.selectFrom("unit").innerJoin("unit_kind", "unit_kind.id", "unit.kind_id").select(["unit_kind.id", "unit_kind.code"]).where("unit.id", "=", inUnit).executeTakeFirstOrThrow();
    ids = {
      campaign,
      point: await idOf(db.selectFrom("content_point").select("id").where("campaign_id", "=", campaign).orderBy("id").executeTakeFirst(), "content point"),
      ownTop: district,
      inUnit,
      outUnit,
      kind: kind.id,
      spoken: await editable("spoken"),
      visual: await editable("visual"),
      media: await editable("media"),
      facebook: await editable("facebook"),
      pending: pendingSpoken.id,
      submittedUnit: submitted.unit_id,
      planned: planned.id,
      plannedVersion: planned.version,
      outActivity: await idOf(db.selectFrom("activity").select("id").where("unit_id", "not in", inside).orderBy("id").executeTakeFirst(), "activity outside"),
      inUser: await user("coso.bientap"),
      outUser: await user("tinh.quanly"),
      selfUser: await user("huyen.quanly"),
      form: await idOf(db.selectFrom("channel_form").select("id").orderBy("id").executeTakeFirst(), "channel form"),
    };
    // The duplicate-kind case needs the code of an existing kind.
    for (const c of cases) if (c.group === "units.kinds" && c.name === "duplicate code") {
      const original = c.body!;
      c.body = (i) => {
        const b = original(i) as { kind: "form"; fields: [string, string][] };
        return { kind: "form", fields: b.fields.map(([k, v]) => [k, v === "KINDCODE" ? kind.code : v]) };
      };
    }
  });

  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it(`has at least 200 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  const groups = [...new Set(cases.map((c) => c.group))];
  it.each(groups)("%s: every malformed input gets a 4xx and a Vietnamese message, and nothing is written", async (group) => {
    const failures: string[] = [];
    for (const c of cases.filter((x) => x.group === group)) {
      const before = await snapshot();
      const method = c.method ?? "POST";
      const headers: Record<string, string> = { Origin: app.baseUrl, Cookie: c.group === "login" ? "" : cookies.get(c.as)! };
      let body: Uint8Array | undefined;
      const spec = c.body?.(ids);
      if (spec?.kind === "form") {
        body = new TextEncoder().encode(new URLSearchParams(spec.fields).toString());
        headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8";
      } else if (spec?.kind === "multipart") {
        const fd = new FormData();
        for (const [k, v] of spec.fields) fd.append(k, v);
        for (const f of spec.files) fd.append(f.name, new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type ?? "application/octet-stream" }), f.fileName);
        const encoded = new Response(fd);
        headers["Content-Type"] = encoded.headers.get("content-type")!;
        body = new Uint8Array(await encoded.arrayBuffer());
      } else if (spec?.kind === "raw") {
        body = spec.bytes;
        headers["Content-Type"] = spec.contentType;
      }
      let status: number;
      let page: string;
      let type: string;
      try {
        ({ status, text: page, type } = await send(`${app.baseUrl}${c.path(ids)}`, method, headers, body));
      } catch (error) {
        failures.push(`${c.name}: request failed: ${(error as Error).message}`);
        continue;
      }
      const label = `${c.name} [${method} ${c.path(ids).slice(0, 60)} as ${c.as}]`;
      const wanted = c.expect ?? "4xx";
      if (wanted === "4xx" && (status < 400 || status > 499)) failures.push(`${label}: HTTP ${status}, wanted 4xx — ${page.replace(/\s+/g, " ").slice(0, 160)}`);
      if (status >= 500) failures.push(`${label}: HTTP ${status} (server error) — ${page.replace(/\s+/g, " ").slice(0, 300)}`);
      if (method === "POST" && c.message !== false && status >= 400 && status < 500) {
        // A refusal before the app (server.mjs: too large, cross-site) is a short Vietnamese text.
        const message = type.startsWith("text/plain") ? page.trim() : errorTextOf(page);
        if (!message) failures.push(`${label}: HTTP ${status} without an error message on the page`);
        else if (!VIETNAMESE.test(message) || /^[a-z]+\.[A-Za-z.]+$/.test(message)) failures.push(`${label}: message is not Vietnamese: "${message.slice(0, 120)}"`);
      }
      const problem = c.check?.(status, page);
      if (problem) failures.push(`${label}: ${problem}`);
      const after = await snapshot();
      const changed = [...after.keys()].filter((t) => after.get(t) !== before.get(t));
      if (changed.length) failures.push(`${label}: wrote to ${changed.map((t) => `${t} (${before.get(t)} -> ${after.get(t)})`).join(", ")}`);
    }
    expect(failures, `${failures.length} bad-input case(s) of ${group} failed:\n${failures.join("\n")}`).toEqual([]);
  }, 300_000);
});
