/**
 * Importing a Facebook page export (app/domain/facebook-export.ts reads the file):
 *
 *   1. the upload is read (size-limited) and parsed; nothing is written;
 *   2. preview(): each post is matched to a Facebook activity in the actor's scope, by its
 *      post id (activity.external_ref) or by its permalink in the result's links; the others
 *      are offered as new activities, for the unit, campaign and content points the user
 *      picks (for all new rows at once or row by row); rows whose unit's report is with the
 *      level above are shown as locked and skipped;
 *   3. commit(): the same plan, made again inside ONE transaction, is written or nothing is:
 *      new activities (done, 15 minutes at the publish time, external_ref = post id), their
 *      results, updated figures of matched ones, audit entries. Re-importing the same or an
 *      updated file finds the posts again by id, so figures are replaced, never added twice.
 *
 * Between the steps the parsed posts travel in the form itself (compressed and signed with
 * the session secret, bound to the user, for a few hours), so the preview survives the round
 * trip without re-uploading, works without JavaScript and on any app process.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { limitParts } from "~/services/upload-limits.server";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { Insertable, Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { viCollator } from "~/domain/collation";
import { formatDateTime } from "~/domain/dates";
import {
  activityTitleOf,
  MAX_CARRIED_CHARS,
  MAX_FB_IMPORT_BYTES,
  MAX_FB_IMPORT_ROWS,
  parseFacebookExport,
  NO_CHOICES,
  permalinkKey,
  PREVIEW_ROWS,
  type Choice,
  type FacebookExport,
  type FacebookPost,
  type ImportChoices,
  type RowChoice,
} from "~/domain/facebook-export";
import { roleAtLeast } from "~/domain/roles";
import { buildTree, type TreeNode } from "~/domain/tree";
import { foldVietnamese } from "~/domain/search";
import type { FieldError } from "~/domain/validation";
import { wallClockParts } from "~/domain/wall-clock";
import { visibleCampaignRows } from "./campaigns.server";
import { sessionSecrets } from "./config.server";
import { forbidden, notFound } from "./http-errors.server";
import { LOCKING_REPORT_STATUSES } from "./report-lock.server";
import { markDone } from "./results.server";
import { addToRollups, removeFromRollups } from "./tally-rollup.server";

type Db = Kysely<Database> | Transaction<Database>;

/** New activities last this long from the publish time (a post is a moment, not a session). */
export const POST_ACTIVITY_MINUTES = 15;
/** Row problems listed in the preview. */
export const PREVIEW_PROBLEMS = 200;
/** How long a preview may wait for its commit. */
export const PREVIEW_TTL_MS = 6 * 3600 * 1000;
const CHUNK = 400;

// The route parses the preview form through these (this module never reaches the browser bundle).
export { applyDefaultsToAll, importFormSchema, importFormShape, MAX_FB_IMPORT_BYTES, MAX_FB_IMPORT_ROWS, NO_CHOICES } from "~/domain/facebook-export";

export const formatBytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

const chunks = <T>(items: readonly T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

function requireEditor(actor: Actor): void {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
}

// ---------------------------------------------------------------------------------------
// The request

export type UploadRequest =
  | { kind: "upload"; fileName: string; bytes: Uint8Array }
  | { kind: "form"; form: FormData }
  | { kind: "error"; status: 400 | 413; error: FieldError };

const tooBig = { kind: "error", status: 413, error: { key: "fbImport.error.tooBig", params: { size: formatBytes(MAX_FB_IMPORT_BYTES) } } } as const;

/**
 * The page's POST: a multipart upload (field `file`) to read, or the preview form (choices and
 * the carried posts). A file over the limit is refused before it is read whole.
 */
export async function readImportRequest(request: Request): Promise<UploadRequest> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_FB_IMPORT_BYTES + 64 * 1024 && (request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    await drain(request);
    return tooBig;
  }
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    try {
      return { kind: "form", form: await request.formData() };
    } catch {
      return { kind: "error", status: 400, error: { key: "fbImport.error.payload" } };
    }
  }
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, limitParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_FB_IMPORT_BYTES })));
  } catch (error) {
    await drain(request);
    if (error instanceof MaxPartSizeExceededError) return tooBig;
    return { kind: "error", status: 400, error: { key: "fbImport.error.notCsv" } };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || (file.size === 0 && !file.name)) return { kind: "error", status: 400, error: { key: "fbImport.error.fileMissing" } };
  return { kind: "upload", fileName: file.name || "facebook.csv", bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Body bytes read and thrown away after a refusal, so the browser gets the answer, not a reset. */
const MAX_DRAIN_BYTES = 128 * 1024 * 1024;

/**
 * Reads what is left of a refused upload and discards it: answering while the browser is still
 * sending makes it report a broken connection instead of the message. Beyond 128 MB the
 * connection is simply closed.
 */
async function drain(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  let seen = 0;
  try {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > MAX_DRAIN_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing to answer.
  }
}

/** Parses an uploaded file; for the preview's first step (no database access, nothing written). */
export function readUpload(fileName: string, bytes: Uint8Array) {
  return parseFacebookExport(bytes, fileName);
}

// ---------------------------------------------------------------------------------------
// Carrying the parsed export in the form

const fieldError = z.object({ key: z.string().max(100), params: z.record(z.string(), z.union([z.string().max(500), z.number()])).optional() });
const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0).max(1e12).nullable();

const carriedSchema = z.object({
  fileName: text(300),
  shape: z.enum(["page_insights", "business_suite", "unknown"]),
  encoding: z.enum(["utf-8", "utf-8-bom", "utf-16le", "utf-16be"]),
  delimiter: text(1),
  dateOrder: z.enum(["mdy", "dmy"]),
  dateOrderFromFile: z.boolean(),
  timeZone: text(60),
  descriptionRowSkipped: z.boolean(),
  provides: z.object({ reach: z.boolean(), views: z.boolean(), engagements: z.boolean(), shares: z.boolean() }),
  columns: z.object({
    used: z.array(
      z.object({
        field: z.string().max(30),
        headers: z.array(text(300)).max(10),
        source: z.enum(["meta_reach", "insights_lifetime_reach", "meta_views", "insights_lifetime_impressions"]).optional(),
        rule: z.enum(["total", "sum", "engagedUsers"]).optional(),
      }),
    ).max(50),
    ignored: z.array(text(300)).max(500),
    unrecognised: z.array(text(300)).max(500),
  }),
  totalRows: z.number().int().min(0).max(MAX_FB_IMPORT_ROWS),
  posts: z
    .array(
      z.object({
        line: z.number().int().min(1),
        postId: text(100).nullable(),
        permalink: text(2000).nullable(),
        text: text(400).nullable(),
        postType: text(100).nullable(),
        publishedAt: z.string().max(40).transform((v, ctx) => {
          const date = new Date(v);
          if (Number.isNaN(date.getTime())) {
            ctx.addIssue({ code: "custom", message: "bad date" });
            return z.NEVER;
          }
          return date;
        }),
        reach: count,
        views: count,
        engagements: count,
        shares: count,
        reachSource: z.enum(["meta_reach", "insights_lifetime_reach"]).nullable(),
        viewsSource: z.enum(["meta_views", "insights_lifetime_impressions"]).nullable(),
      }),
    )
    .max(MAX_FB_IMPORT_ROWS),
  problems: z.array(z.object({ line: z.number().int(), postId: text(100).nullable(), text: text(400).nullable(), errors: z.array(fieldError).max(20) })).max(MAX_FB_IMPORT_ROWS),
  warnings: z.array(fieldError).max(20),
});

function sign(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}

/** The parsed export as a compact, signed string for a hidden form field. */
export function sealExport(actor: Actor, parsed: FacebookExport, secrets: readonly string[] = sessionSecrets(), now = new Date()): string {
  const data = deflateRawSync(Buffer.from(JSON.stringify(parsed), "utf8"), { level: 6 }).toString("base64url");
  const body = `v1.${actor.id}.${now.getTime()}.${data}`;
  return `${body}.${sign(secrets[0], body)}`;
}

/** The export a sealed string carries, or null when it is altered, someone else's or expired. */
export function openExport(actor: Actor, sealed: string, secrets: readonly string[] = sessionSecrets(), now = new Date()): FacebookExport | null {
  if (sealed.length > MAX_CARRIED_CHARS) return null;
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") return null;
  const body = parts.slice(0, 4).join(".");
  const given = Buffer.from(parts[4]);
  const valid = secrets.some((secret) => {
    const expected = Buffer.from(sign(secret, body));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid || Number(parts[1]) !== actor.id) return null;
  const issued = Number(parts[2]);
  if (!Number.isFinite(issued) || now.getTime() - issued > PREVIEW_TTL_MS || issued - now.getTime() > 60_000) return null;
  try {
    const json = inflateRawSync(Buffer.from(parts[3], "base64url"), { maxOutputLength: 64 * 1024 * 1024 }).toString("utf8");
    const parsed = carriedSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as FacebookExport) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// The plan

export type RowStatus =
  /** matched; figures change */
  | "update"
  /** matched; figures already as in the file */
  | "unchanged"
  /** a new activity */
  | "create"
  /** unticked by the user */
  | "excluded"
  /** the unit's report is submitted or accepted: its results are frozen */
  | "locked"
  /** the matched activity is cancelled */
  | "cancelled"
  /** the matched activity's result sums several posts: it is kept as logged by hand */
  | "multiPost"
  /** an earlier row of the file matched the same activity */
  | "sameActivity"
  /** a new row whose unit, campaign or points are missing or wrong (blocks the commit) */
  | "invalid";

export const SKIPPED_STATUSES: readonly RowStatus[] = ["locked", "cancelled", "multiPost", "sameActivity"];

interface ExistingResult {
  posts: number | null;
  reach: number | null;
  views: number | null;
  engagements: number | null;
  shares: number | null;
  reach_source: string | null;
  links: string | null;
}

interface MatchedActivity {
  id: number;
  unitId: number;
  campaignId: number;
  title: string;
  status: "planned" | "done" | "cancelled";
  externalRef: string | null;
  unitName: string;
  campaignTitle: string;
  result: ExistingResult | null;
}

export interface PreviewRow {
  index: number;
  line: number;
  postId: string | null;
  permalink: string | null;
  text: string | null;
  publishedAt: Date;
  reach: number | null;
  views: number | null;
  engagements: number | null;
  shares: number | null;
  status: RowStatus;
  include: boolean;
  match: null | {
    activityId: number;
    title: string;
    unitName: string;
    campaignTitle: string;
    by: "postId" | "permalink";
    before: Pick<ExistingResult, "reach" | "views" | "engagements" | "shares"> | null;
  };
  /** As picked for the row (null: follow the choices for all rows). */
  choice: Choice;
  /** What a new row will be written with. */
  effective: Choice;
  errors: FieldError[];
}

export interface ImportOptions {
  units: { id: number; name: string; depth: number }[];
  campaigns: { id: number; title: string; points: { id: number; code: string; title: string; parentId: number | null; depth: number }[] }[];
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** Posts not listed one by one (they follow the choices for all rows). */
  hiddenRows: number;
  counts: Record<RowStatus, number> & { matched: number; new: number };
  canCommit: boolean;
  defaults: Choice;
  options: ImportOptions;
}

interface PlannedWrite {
  post: FacebookPost;
  index: number;
  status: "update" | "create";
  activity?: MatchedActivity;
  columns: ResultColumns;
  effective: Choice;
  pointIds: number[];
}

interface Plan {
  preview: ImportPreview;
  writes: PlannedWrite[];
}

type ResultColumns = Required<Pick<ExistingResult, "posts" | "reach" | "views" | "engagements" | "shares" | "reach_source" | "links">>;

interface ScopeUnit {
  id: number;
  name: string;
  depth: number;
  opened_on: string | null;
  closed_on: string | null;
}

async function scopeUnits(db: Db, actor: Actor): Promise<Map<number, ScopeUnit>> {
  const rows = await db
    .selectFrom("unit_tree as t")
    .innerJoin("unit", "unit.id", "t.descendant_id")
    .select(["unit.id", "unit.name", "t.depth", "unit.opened_on", "unit.closed_on"])
    .where("t.ancestor_id", "=", actor.unitId)
    .execute();
  rows.sort((a, b) => a.depth - b.depth || viCollator.compare(a.name, b.name));
  return new Map(rows.map((u) => [u.id, u]));
}

/** Facebook activities in scope that the posts name, by post id or by a permalink in their links. */
async function findMatches(db: Db, actor: Actor, scope: ReadonlyMap<number, unknown>, posts: readonly FacebookPost[]) {
  const ids = [...new Set(posts.map((p) => p.postId).filter((v): v is string => v !== null))];
  const byRef = new Map<string, number[]>();
  for (const part of chunks(ids)) {
    // Driven by the external_ref index; the scope is checked against the units already loaded.
    const rows = await db
      .selectFrom("activity")
      .select(["id", "unit_id", "external_ref"])
      .where("external_ref", "in", part)
      .where("channel", "=", "facebook")
      .orderBy("id")
      .execute();
    for (const row of rows) if (scope.has(row.unit_id)) byRef.set(row.external_ref!, [...(byRef.get(row.external_ref!) ?? []), row.id]);
  }
  const byLink = new Map<string, number[]>();
  if (posts.some((p) => p.permalink)) {
    const rows = await db
      .selectFrom("activity as a")
      .innerJoin("unit_tree as t", (join) => join.onRef("t.descendant_id", "=", "a.unit_id").on("t.ancestor_id", "=", actor.unitId))
      .where("a.channel", "=", "facebook")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.id", "r.links"])
      .where("r.links", "is not", null)
      .orderBy("a.id")
      .execute();
    for (const row of rows) {
      for (const line of (row.links ?? "").split(/\r?\n/)) {
        const key = line.trim() ? permalinkKey(line) : null;
        if (key && !(byLink.get(key) ?? []).includes(row.id)) byLink.set(key, [...(byLink.get(key) ?? []), row.id]);
      }
    }
  }
  const matchOf = (post: FacebookPost): { id: number; by: "postId" | "permalink" } | null => {
    const ref = post.postId ? byRef.get(post.postId)?.[0] : undefined;
    if (ref !== undefined) return { id: ref, by: "postId" };
    const key = post.permalink ? permalinkKey(post.permalink) : null;
    const link = key ? byLink.get(key)?.[0] : undefined;
    return link !== undefined ? { id: link, by: "permalink" } : null;
  };
  const matches = posts.map(matchOf);
  const activityIds = [...new Set(matches.filter((m) => m !== null).map((m) => m!.id))];
  const details = new Map<number, MatchedActivity>();
  for (const part of chunks(activityIds)) {
    const rows = await db
      .selectFrom("activity as a")
      .innerJoin("unit", "unit.id", "a.unit_id")
      .innerJoin("campaign as c", "c.id", "a.campaign_id")
      .leftJoin("activity_result as r", "r.activity_id", "a.id")
      .select([
        "a.id", "a.unit_id", "a.campaign_id", "a.title", "a.status", "a.external_ref", "unit.name as unit_name", "c.title as campaign_title",
        "r.activity_id as result_id", "r.posts", "r.reach", "r.views", "r.engagements", "r.shares", "r.reach_source", "r.links",
      ])
      .where("a.id", "in", part)
      .execute();
    for (const r of rows) {
      details.set(r.id, {
        id: r.id,
        unitId: r.unit_id,
        campaignId: r.campaign_id,
        title: r.title,
        status: r.status,
        externalRef: r.external_ref,
        unitName: r.unit_name,
        campaignTitle: r.campaign_title,
        result:
          r.result_id === null
            ? null
            : { posts: r.posts, reach: r.reach, views: r.views, engagements: r.engagements, shares: r.shares, reach_source: r.reach_source, links: r.links },
      });
    }
  }
  return matches.map((m) => (m ? { activity: details.get(m.id)!, by: m.by } : null));
}

/** Report statuses that freeze results, for the (campaign, unit) pairs involved. */
async function lockedPairs(db: Db, pairs: readonly { campaignId: number; unitId: number }[]): Promise<Set<string>> {
  const locked = new Set<string>();
  const campaigns = [...new Set(pairs.map((p) => p.campaignId))];
  const units = [...new Set(pairs.map((p) => p.unitId))];
  if (!campaigns.length || !units.length) return locked;
  for (const part of chunks(units)) {
    const rows = await db
      .selectFrom("unit_report")
      .select(["campaign_id", "unit_id"])
      .where("campaign_id", "in", campaigns)
      .where("unit_id", "in", part)
      .where("status", "in", [...LOCKING_REPORT_STATUSES])
      .execute();
    for (const r of rows) locked.add(`${r.campaign_id}:${r.unit_id}`);
  }
  return locked;
}

/** The result a post leaves on an activity: file figures replace logged ones; absent columns keep them. */
function resultFor(post: FacebookPost, provides: FacebookExport["provides"], existing: ExistingResult | null): ResultColumns {
  const pick = (has: boolean, fromFile: number | null, kept: number | null | undefined) => (has ? fromFile : (kept ?? null));
  const reach = pick(provides.reach, post.reach, existing?.reach);
  const views = pick(provides.views, post.views, existing?.views);
  let reachSource: string | null;
  if (provides.reach && post.reach !== null) reachSource = post.reachSource;
  else if (!provides.reach && reach !== null) reachSource = existing?.reach_source ?? null;
  else if (views !== null) reachSource = provides.views ? post.viewsSource : (existing?.reach_source ?? null);
  else reachSource = null;
  const links = (existing?.links ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (post.permalink) {
    const key = permalinkKey(post.permalink);
    if (!links.some((l) => permalinkKey(l) === key)) links.push(post.permalink);
  }
  return {
    posts: 1,
    reach,
    views,
    engagements: pick(provides.engagements, post.engagements, existing?.engagements),
    shares: pick(provides.shares, post.shares, existing?.shares),
    reach_source: reachSource,
    links: links.length ? links.join("\n") : null,
  };
}

const sameResult = (a: ResultColumns, b: ExistingResult) =>
  a.posts === b.posts && a.reach === b.reach && a.views === b.views && a.engagements === b.engagements && a.shares === b.shares &&
  a.reach_source === b.reach_source && (a.links ?? null) === (b.links ?? null);

/** Points as the guidance lists them: each followed by its sub-points (positions count among siblings). */
function inTreeOrder<T extends { id: number; parent_id: number | null }>(rows: readonly T[]): { item: T; depth: number }[] {
  const out: { item: T; depth: number }[] = [];
  const walk = (nodes: TreeNode<T>[], depth: number) => nodes.forEach((n) => (out.push({ item: n.item, depth }), walk(n.children, depth + 1)));
  walk(buildTree(rows), 0);
  return out;
}

/** Checking a parent point takes its children, as on the activity form. */
function withChildren(pointIds: readonly number[], points: readonly { id: number; parentId: number | null }[]): number[] {
  const chosen = new Set(pointIds);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of points) if (p.parentId !== null && chosen.has(p.parentId) && !chosen.has(p.id)) (chosen.add(p.id), (grew = true));
  }
  return [...chosen];
}

async function makePlan(db: Db, actor: Actor, parsed: FacebookExport, choices: ImportChoices): Promise<Plan> {
  requireEditor(actor);
  const units = await scopeUnits(db, actor);
  const visible = await visibleCampaignRows(db as Kysely<Database>, actor);
  const offered = visible.filter((c) => c.status !== "closed");
  const points = offered.length
    ? await db
        .selectFrom("content_point")
        .select(["id", "campaign_id", "parent_id", "code", "title"])
        .where("campaign_id", "in", offered.map((c) => c.id))
        .where("is_archived", "=", false)
        .orderBy("position")
        .orderBy("id")
        .execute()
    : [];
  const options: ImportOptions = {
    units: [...units.values()].filter((u) => u.closed_on === null).map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    campaigns: offered.map((c) => ({
      id: c.id,
      title: c.title,
      points: inTreeOrder(points.filter((p) => p.campaign_id === c.id)).map(({ item: p, depth }) => ({ id: p.id, code: p.code, title: p.title, parentId: p.parent_id, depth })),
    })),
  };

  // A unit or campaign outside the actor's reach is answered like a missing one.
  const rowChoices = Object.values(choices.rows);
  for (const unitId of [choices.defaults.unitId, ...rowChoices.map((r) => r.unitId)]) if (unitId !== null && !units.has(unitId)) throw notFound();
  for (const campaignId of [choices.defaults.campaignId, ...rowChoices.map((r) => r.campaignId)]) {
    if (campaignId !== null && !visible.some((c) => c.id === campaignId)) throw notFound();
  }

  const matches = await findMatches(db, actor, units, parsed.posts);
  const effectiveOf = (index: number): RowChoice => {
    const row = choices.rows[index];
    return {
      include: row?.include ?? true,
      unitId: row?.unitId ?? choices.defaults.unitId,
      campaignId: row?.campaignId ?? choices.defaults.campaignId,
      pointIds: row && row.pointIds.length ? row.pointIds : choices.defaults.pointIds,
    };
  };

  // Which chosen units lie in each chosen campaign's tree, and which (campaign, unit) pairs are locked.
  const pairs: { campaignId: number; unitId: number }[] = [];
  parsed.posts.forEach((_, i) => {
    const m = matches[i];
    if (m) pairs.push({ campaignId: m.activity.campaignId, unitId: m.activity.unitId });
    else {
      const e = effectiveOf(i);
      if (e.unitId !== null && e.campaignId !== null) pairs.push({ campaignId: e.campaignId, unitId: e.unitId });
    }
  });
  const locked = await lockedPairs(db, pairs);
  const issuers = new Map(visible.map((c) => [c.id, c.issuer_unit_id]));
  const chosenUnits = [...new Set(pairs.map((p) => p.unitId))];
  const inIssuerTree = new Set<string>();
  const issuerIds = [...new Set(pairs.map((p) => issuers.get(p.campaignId)).filter((v): v is number => v !== undefined))];
  if (issuerIds.length && chosenUnits.length) {
    for (const part of chunks(chosenUnits)) {
      const rows = await db.selectFrom("unit_tree").select(["ancestor_id", "descendant_id"]).where("ancestor_id", "in", issuerIds).where("descendant_id", "in", part).execute();
      for (const r of rows) inIssuerTree.add(`${r.ancestor_id}:${r.descendant_id}`);
    }
  }

  const claimed = new Set<number>();
  const rows: PreviewRow[] = [];
  const writes: PlannedWrite[] = [];
  const counts = { update: 0, unchanged: 0, create: 0, excluded: 0, locked: 0, cancelled: 0, multiPost: 0, sameActivity: 0, invalid: 0, matched: 0, new: 0 };
  parsed.posts.forEach((post, index) => {
    const m = matches[index];
    const eff = effectiveOf(index);
    const row = choices.rows[index];
    const errors: FieldError[] = [];
    let status: RowStatus;
    let columns: ResultColumns | null = null;
    let pointIds: number[] = [];
    if (m) {
      counts.matched++;
      const a = m.activity;
      columns = resultFor(post, parsed.provides, a.result);
      if (claimed.has(a.id)) status = "sameActivity";
      else if (a.status === "cancelled") status = "cancelled";
      else if (a.result && (a.result.posts ?? 1) > 1) status = "multiPost";
      else if (locked.has(`${a.campaignId}:${a.unitId}`)) status = "locked";
      else if (!eff.include) status = "excluded";
      else {
        const unchanged = a.result !== null && a.status === "done" && sameResult(columns, a.result) && (a.externalRef !== null || post.postId === null);
        status = unchanged ? "unchanged" : "update";
      }
      claimed.add(a.id);
    } else {
      counts.new++;
      if (!eff.include) status = "excluded";
      else {
        const unit = eff.unitId !== null ? units.get(eff.unitId) : undefined;
        const campaign = eff.campaignId !== null ? visible.find((c) => c.id === eff.campaignId) : undefined;
        if (!unit) errors.push({ key: "fbImport.rowError.unitRequired" });
        if (!campaign) errors.push({ key: "fbImport.rowError.campaignRequired" });
        if (unit) {
          const day = wallClockParts(post.publishedAt).date;
          if ((unit.closed_on && unit.closed_on <= day) || (unit.opened_on && unit.opened_on > day)) errors.push({ key: "fbImport.rowError.unitClosed" });
        }
        if (campaign) {
          if (campaign.status === "closed") errors.push({ key: "fbImport.rowError.campaignClosed" });
          if (unit && !inIssuerTree.has(`${campaign.issuer_unit_id}:${unit.id}`)) errors.push({ key: "fbImport.rowError.unitNotInCampaign" });
          const campaignPoints = options.campaigns.find((c) => c.id === campaign.id)?.points ?? [];
          const known = new Set(campaignPoints.map((p) => p.id));
          if (eff.pointIds.some((id) => !known.has(id))) errors.push({ key: "fbImport.rowError.pointNotInCampaign" });
          else pointIds = withChildren(eff.pointIds, campaignPoints);
        }
        if (errors.length) status = "invalid";
        else if (locked.has(`${eff.campaignId}:${eff.unitId}`)) status = "locked";
        else {
          status = "create";
          columns = resultFor(post, parsed.provides, null);
        }
      }
    }
    counts[status]++;
    if ((status === "update" || status === "create") && columns) {
      writes.push({ post, index, status, activity: m?.activity, columns, effective: eff, pointIds });
    }
    if (rows.length < PREVIEW_ROWS) {
      rows.push({
        index,
        line: post.line,
        postId: post.postId,
        permalink: post.permalink,
        text: post.text,
        publishedAt: post.publishedAt,
        reach: post.reach,
        views: post.views,
        engagements: post.engagements,
        shares: post.shares,
        status,
        include: eff.include,
        match: m
          ? {
              activityId: m.activity.id,
              title: m.activity.title,
              unitName: m.activity.unitName,
              campaignTitle: m.activity.campaignTitle,
              by: m.by,
              before: m.activity.result
                ? { reach: m.activity.result.reach, views: m.activity.result.views, engagements: m.activity.result.engagements, shares: m.activity.result.shares }
                : null,
            }
          : null,
        choice: { unitId: row?.unitId ?? null, campaignId: row?.campaignId ?? null, pointIds: row?.pointIds ?? [] },
        effective: { unitId: eff.unitId, campaignId: eff.campaignId, pointIds: eff.pointIds },
        errors,
      });
    }
  });
  return {
    preview: {
      rows,
      hiddenRows: parsed.posts.length - rows.length,
      counts,
      canCommit: counts.invalid === 0 && counts.update + counts.create > 0,
      defaults: choices.defaults,
      options,
    },
    writes,
  };
}

/** Matches the posts and checks the choices; writes nothing. */
export async function preview(db: Kysely<Database>, actor: Actor, parsed: FacebookExport, choices: ImportChoices = NO_CHOICES): Promise<ImportPreview> {
  return (await makePlan(db, actor, parsed, choices)).preview;
}

// ---------------------------------------------------------------------------------------
// Commit

export interface ImportSummary {
  updated: number;
  created: number;
  unchanged: number;
  skipped: number;
  excluded: number;
  problems: number;
}

export type CommitOutcome = { ok: true; summary: ImportSummary } | { ok: false; preview: ImportPreview };

const FORM_CODES = ["fb_bai_viet", "fb_video", "fb_livestream"] as const;

function formCodeFor(postType: string | null): (typeof FORM_CODES)[number] {
  const type = foldVietnamese(postType ?? "");
  if (/live|truc tiep/.test(type)) return "fb_livestream";
  if (/video|reel|thuoc phim/.test(type)) return "fb_video";
  return "fb_bai_viet";
}

interface AuditRow {
  action: string;
  entity: string;
  entityId: number | null;
  unitId: number | null;
  before?: unknown;
  after?: unknown;
}

/** audit_log rows, as recordAudit() writes them, inserted in chunks (an import can touch thousands). */
async function recordAuditRows(trx: Transaction<Database>, actor: Actor, entries: readonly AuditRow[], at: Date): Promise<void> {
  for (const part of chunks(entries, 200)) {
    await trx
      .insertInto("audit_log")
      .values(
        part.map((e) => ({
          created_at: at,
          user_id: actor.id,
          unit_id: e.unitId,
          action: e.action,
          entity: e.entity,
          entity_id: e.entityId,
          before_data: e.before === undefined ? null : JSON.stringify(e.before),
          after_data: e.after === undefined ? null : JSON.stringify(e.after),
        })),
      )
      .execute();
  }
}

/**
 * Writes the import: all of it in one transaction, or nothing (a new row without a unit or
 * campaign, or with a wrong one, refuses the whole commit and returns the preview). The plan
 * is made again inside the transaction, so a report submitted since the preview still wins.
 */
export async function commit(db: Kysely<Database>, actor: Actor, parsed: FacebookExport, choices: ImportChoices): Promise<CommitOutcome> {
  requireEditor(actor);
  return db.transaction().execute(async (trx) => {
    const plan = await makePlan(trx, actor, parsed, choices);
    if (!plan.preview.canCommit) {
      // Nothing to write, or something to fix first: answered with the preview, nothing written.
      const c = plan.preview.counts;
      if (c.invalid > 0) return { ok: false, preview: plan.preview } as const;
    }
    const now = new Date();
    const forms = new Map(
      (
        await trx
          .selectFrom("channel_form")
          .select(["id", "code"])
          .where("channel", "=", "facebook")
          .where("campaign_id", "is", null)
          .where("code", "in", [...FORM_CODES])
          .execute()
      ).map((f) => [f.code, f.id]),
    );
    const audits: AuditRow[] = [];
    const newResults: (ResultColumns & { activity_id: number; notes: null; reported_at: Date; reported_by: number })[] = [];
    const newPoints: { activity_id: number; content_point_id: number }[] = [];
    let updated = 0;
    let created = 0;
    const creates: { w: PlannedWrite; values: Insertable<Database["activity"]> }[] = [];
    const updatedIds = plan.writes.flatMap((w) => (w.status === "update" && w.activity ? [w.activity.id] : []));
    await removeFromRollups(trx, updatedIds);
    for (const w of plan.writes) {
      if (w.status === "update" && w.activity) {
        const a = w.activity;
        if (a.result) {
          await trx.updateTable("activity_result").set({ ...w.columns, reported_at: now, reported_by: actor.id }).where("activity_id", "=", a.id).execute();
        } else {
          newResults.push({ activity_id: a.id, ...w.columns, notes: null, reported_at: now, reported_by: actor.id });
        }
        await markDone(trx, a.id, now, a.externalRef === null && w.post.postId !== null ? { external_ref: w.post.postId } : {});
        audits.push({
          action: "import",
          entity: "activity_result",
          entityId: a.id,
          unitId: a.unitId,
          before: a.result ?? undefined,
          after: { ...w.columns, source: "facebook_export", file: parsed.fileName, line: w.post.line },
        });
        updated++;
      } else {
        const e = w.effective;
        const startsAt = w.post.publishedAt;
        creates.push({
          w,
          values: {
            campaign_id: e.campaignId!,
            unit_id: e.unitId!,
            channel: "facebook",
            form_id: forms.get(formCodeFor(w.post.postType)) ?? null,
            title: activityTitleOf(w.post, `Bài đăng Facebook ${formatDateTime(startsAt)}`),
            starts_at: startsAt,
            ends_at: new Date(startsAt.getTime() + POST_ACTIVITY_MINUTES * 60_000),
            is_all_day: false,
            location: null,
            presenter: null,
            audience: null,
            planned_attendance: null,
            planned_quantity: null,
            status: "done",
            cancel_reason: null,
            series_id: null,
            external_ref: w.post.postId,
            version: 1,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
          },
        });
      }
    }
    // New activities in chunks; each id is found again by its post id (unique within an import).
    // A post known only by its permalink (no id) is inserted on its own.
    const createdIds = new Map<PlannedWrite, number>();
    for (const part of chunks(creates.filter((c) => c.values.external_ref !== null), 200)) {
      const rows = await trx.insertInto("activity").values(part.map((c) => c.values)).returning(["id", "external_ref"]).execute();
      const byRef = new Map(rows.map((r) => [r.external_ref, r.id]));
      for (const c of part) createdIds.set(c.w, byRef.get(c.values.external_ref as string)!);
    }
    for (const c of creates.filter((c) => c.values.external_ref === null)) {
      createdIds.set(c.w, (await trx.insertInto("activity").values(c.values).returning("id").executeTakeFirstOrThrow()).id);
    }
    for (const { w, values } of creates) {
      const id = createdIds.get(w)!;
      const unitId = values.unit_id as number;
      newResults.push({ activity_id: id, ...w.columns, notes: null, reported_at: now, reported_by: actor.id });
      for (const pointId of w.pointIds) newPoints.push({ activity_id: id, content_point_id: pointId });
      audits.push({
        action: "create",
        entity: "activity",
        entityId: id,
        unitId,
        after: {
          source: "facebook_export", file: parsed.fileName, line: w.post.line, title: values.title, campaignId: values.campaign_id,
          externalRef: w.post.postId, startsAt: values.starts_at, pointIds: w.pointIds,
        },
      });
      audits.push({ action: "import", entity: "activity_result", entityId: id, unitId, after: { ...w.columns, source: "facebook_export" } });
      created++;
    }
    for (const part of chunks(newResults, 100)) {
      await trx
        .insertInto("activity_result")
        .values(
          part.map((r) => ({
            ...r,
            attendance: null, members_attending: null, women_attending: null, quantity: null, quantity_unit: null,
            display_place: null, display_days: null, items: null, outlet: null,
          })),
        )
        .execute();
    }
    for (const part of chunks(newPoints, 500)) await trx.insertInto("activity_point").values(part).execute();
    await addToRollups(trx, [...updatedIds, ...createdIds.values()]);
    const c = plan.preview.counts;
    const summary: ImportSummary = {
      updated,
      created,
      unchanged: c.unchanged,
      skipped: SKIPPED_STATUSES.reduce((n, s) => n + c[s], 0),
      excluded: c.excluded,
      problems: parsed.problems.length,
    };
    if (updated + created > 0) {
      audits.push({
        action: "import",
        entity: "facebook_export",
        entityId: null,
        unitId: actor.unitId,
        after: { file: parsed.fileName, shape: parsed.shape, columns: parsed.columns.used, ...summary },
      });
    }
    await recordAuditRows(trx, actor, audits, now);
    return { ok: true, summary } as const;
  });
}

/** What the preview page shows of the file itself (everything but the posts). */
export function exportOverview(parsed: FacebookExport) {
  const { posts, problems, ...rest } = parsed;
  return { ...rest, postCount: posts.length, problemCount: problems.length, problems: problems.slice(0, PREVIEW_PROBLEMS) };
}
export type ExportOverview = ReturnType<typeof exportOverview>;

/** The commit's summary as URL parameters for the page it redirects to (and back). */
export const SUMMARY_KEYS = ["updated", "created", "unchanged", "skipped", "excluded", "problems"] as const satisfies readonly (keyof ImportSummary)[];

export function summaryQuery(summary: ImportSummary): string {
  return new URLSearchParams(SUMMARY_KEYS.map((k) => [k, String(summary[k])])).toString();
}

export function summaryFromQuery(params: URLSearchParams): ImportSummary | null {
  if (!params.has("created")) return null;
  const values = SUMMARY_KEYS.map((k) => Number(params.get(k) ?? 0));
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > MAX_FB_IMPORT_ROWS)) return null;
  return Object.fromEntries(SUMMARY_KEYS.map((k, i) => [k, values[i]])) as unknown as ImportSummary;
}
