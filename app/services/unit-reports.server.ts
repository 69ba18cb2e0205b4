/**
 * Unit reports (báo cáo): each unit that must report on a campaign writes a narrative, submits
 * it with the figures of the moment, and the level above returns it with a comment or accepts it.
 *
 *   none/draft --save--> draft          (the unit's own editors and managers)
 *   draft/returned --submit--> submitted (locks the unit's results: report-lock.server.ts)
 *   submitted --return--> returned       (managers of a unit above; unlocks the results)
 *   submitted --accept--> accepted       (managers of a unit above)
 *
 * Every write checks the report's version (optimistic locking), runs in one transaction with
 * its audit entry, and refuses a unit outside the actor's subtree with 404.
 */
import { format, parseISO } from "date-fns";
import { csvLine, UTF8_BOM } from "~/domain/spreadsheet-safety";
import type { Kysely, Transaction } from "kysely";
import type { Database, ReportStatus, UnitReport } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { viCollator } from "~/domain/collation";
import { daysUntil, formatDateOnly, todayInAppZone } from "~/domain/dates";
import { aggregateFigures, sameFigures, type FigureRow, type ReportFigures } from "~/domain/report-figures";
import {
  readSnapshot,
  snapshotOf,
  type DraftInput,
  type Narrative,
  type ReportListFilter,
  type ReportState,
  type ReviewInput,
} from "~/domain/report-schemas";
import { isExpectedToReport, isOnTime } from "~/domain/reporting";
import { roleAtLeast } from "~/domain/roles";
import type { FieldErrors } from "~/domain/validation";
import { translator, type Locale, type MessageKey } from "~/i18n";
import { recordAudit } from "./audit.server";
import { visibleCampaignRows } from "./campaigns.server";
import { forbidden, notFound } from "./http-errors.server";
import { expectedUnits } from "./reporting.server";
import { isUnitInScope } from "./scope.server";

type Db = Kysely<Database>;
type DbOrTrx = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Figures: one scoped query, one pure aggregator (app/domain/report-figures.ts)

/**
 * The counted activities of a campaign in a unit's subtree (the unit and every unit below it):
 * status done with a logged result, one row per activity. The tally can reuse it with its own root.
 */
export function figureRowsQuery(db: DbOrTrx, campaignId: number, rootUnitId: number) {
  return db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
    .innerJoin("activity_result as r", "r.activity_id", "a.id")
    .leftJoin("channel_form as f", "f.id", "a.form_id")
    .where("t.ancestor_id", "=", rootUnitId)
    .where("a.campaign_id", "=", campaignId)
    .where("a.status", "=", "done")
    .select([
      "a.id as activityId",
      "a.unit_id as unitId",
      "a.channel",
      "a.form_id as formId",
      "f.name as formName",
      "f.position as formPosition",
      "f.quantity_unit as formUnit",
      "r.attendance",
      "r.members_attending as membersAttending",
      "r.women_attending as womenAttending",
      "r.quantity",
      "r.quantity_unit as quantityUnit",
      "r.items",
      "r.posts",
      "r.reach",
      "r.views",
      "r.engagements",
      "r.shares",
      "r.reach_source as reachSource",
    ]);
}

export async function figureRows(db: DbOrTrx, campaignId: number, rootUnitId: number): Promise<FigureRow[]> {
  const rows = await figureRowsQuery(db, campaignId, rootUnitId).orderBy("a.id").execute();
  // PostgreSQL may hand back numeric columns as strings on some drivers; keep them numbers.
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    ...r,
    attendance: num(r.attendance),
    membersAttending: num(r.membersAttending),
    womenAttending: num(r.womenAttending),
    quantity: num(r.quantity),
    items: num(r.items),
    posts: num(r.posts),
    reach: num(r.reach),
    views: num(r.views),
    engagements: num(r.engagements),
    shares: num(r.shares),
  }));
}

/** A unit's figures for a campaign: it and its whole subtree. */
export async function unitFigures(db: DbOrTrx, campaignId: number, unitId: number): Promise<ReportFigures> {
  return aggregateFigures(await figureRows(db, campaignId, unitId));
}

// ---------------------------------------------------------------------------------------------
// Who may see and do what

interface ReportContext {
  campaign: { id: number; title: string; issuer_unit_id: number; starts_on: string; ends_on: string; report_due_on: string };
  unit: {
    id: number;
    name: string;
    code: string | null;
    kind_id: number;
    kind_name: string;
    parent_id: number | null;
    parent_name: string | null;
    opened_on: string | null;
    closed_on: string | null;
  };
  /** How far below the actor's unit the report's unit lies: 0 = the actor's own unit. */
  depth: number;
  /** The unit's own deadline: its kind's, else the campaign's. */
  dueOn: string;
  isExpected: boolean;
}

/**
 * The campaign and unit of a report, if the actor may see it: the unit lies in the actor's
 * subtree and the campaign applies to it (issued by the unit or a unit above it). Else 404.
 */
async function reportContext(db: DbOrTrx, actor: Actor, campaignId: number, unitId: number): Promise<ReportContext> {
  const unit = await db
    .selectFrom("unit_tree as t")
    .innerJoin("unit as u", "u.id", "t.descendant_id")
    .innerJoin("unit_kind as k", "k.id", "u.kind_id")
    .leftJoin("unit as p", "p.id", "u.parent_id")
    .where("t.ancestor_id", "=", actor.unitId)
    .where("t.descendant_id", "=", unitId)
    .select([
      "u.id",
      "u.name",
      "u.code",
      "u.kind_id",
      "k.name as kind_name",
      "u.parent_id",
      "p.name as parent_name",
      "u.opened_on",
      "u.closed_on",
      "t.depth",
    ])
    .executeTakeFirst();
  if (!unit) throw notFound();
  const campaign = await db
    .selectFrom("campaign as c")
    .innerJoin("unit_tree as ct", (join) => join.onRef("ct.ancestor_id", "=", "c.issuer_unit_id").on("ct.descendant_id", "=", unitId))
    .where("c.id", "=", campaignId)
    .select(["c.id", "c.title", "c.issuer_unit_id", "c.starts_on", "c.ends_on", "c.report_due_on"])
    .executeTakeFirst();
  if (!campaign) throw notFound();
  const kinds = await db.selectFrom("campaign_reporting_kind").select(["unit_kind_id", "due_on"]).where("campaign_id", "=", campaignId).execute();
  const own = kinds.find((k) => k.unit_kind_id === unit.kind_id);
  const { depth, ...unitFields } = unit;
  return {
    campaign,
    unit: unitFields,
    depth: Number(depth),
    dueOn: own?.due_on ?? campaign.report_due_on,
    isExpected: isExpectedToReport(
      { kindId: unit.kind_id, openedOn: unit.opened_on, closedOn: unit.closed_on },
      new Set(kinds.map((k) => k.unit_kind_id)),
      campaign.ends_on,
    ),
  };
}

export interface ReportRights {
  /** Save the narrative and submit: editors and managers of the unit itself, while it is not with the level above. */
  canWrite: boolean;
  /** Return or accept: managers of a unit strictly above, while the report waits for review. */
  canReview: boolean;
}

export function reportRights(actor: Actor, depth: number, state: ReportState, isExpected: boolean): ReportRights {
  return {
    canWrite: depth === 0 && roleAtLeast(actor.role, "editor") && isExpected && (state === "none" || state === "draft" || state === "returned"),
    canReview: depth > 0 && roleAtLeast(actor.role, "manager") && state === "submitted",
  };
}

/** Writers are the unit's own editors and managers; anyone else is refused outright (403). */
function assertWriter(actor: Actor, ctx: ReportContext): void {
  if (ctx.depth !== 0 || !roleAtLeast(actor.role, "editor")) throw forbidden();
}

/** Reviewers are managers of a unit strictly above: never the unit's own people (403). */
function assertReviewer(actor: Actor, ctx: ReportContext): void {
  if (ctx.depth === 0 || !roleAtLeast(actor.role, "manager")) throw forbidden();
}

// ---------------------------------------------------------------------------------------------
// Writing

export type ReportOutcome =
  | { ok: true; reportId: number; version: number; status: ReportStatus }
  /** conflict: someone changed the report since the form was read; state: not allowed in its current status. */
  | { ok: false; reason: "conflict" | "state" | "notExpected" }
  | { ok: false; errors: FieldErrors };

class Conflict extends Error {}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

const narrativeOf = (r: Pick<UnitReport, "highlights" | "assessment" | "difficulties" | "proposals">): Narrative => ({
  highlights: r.highlights,
  assessment: r.assessment,
  difficulties: r.difficulties,
  proposals: r.proposals,
});

async function currentReport(db: DbOrTrx, campaignId: number, unitId: number) {
  return db.selectFrom("unit_report").selectAll().where("campaign_id", "=", campaignId).where("unit_id", "=", unitId).executeTakeFirst();
}

type ReportValues = Partial<Omit<UnitReport, "id" | "campaign_id" | "unit_id" | "version">>;

/** Writes the report if its version is still the one the user saw; returns the new id and version. */
async function writeReport(
  trx: Transaction<Database>,
  ctx: ReportContext,
  current: UnitReport | undefined,
  values: ReportValues,
): Promise<{ id: number; version: number }> {
  if (current) {
    const result = await trx
      .updateTable("unit_report")
      .set({ ...values, version: current.version + 1 })
      .where("id", "=", current.id)
      .where("version", "=", current.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Conflict();
    return { id: current.id, version: current.version + 1 };
  }
  const { id } = await trx
    .insertInto("unit_report")
    .values({
      campaign_id: ctx.campaign.id,
      unit_id: ctx.unit.id,
      status: "draft",
      highlights: null,
      assessment: null,
      difficulties: null,
      proposals: null,
      figures: null,
      submitted_at: null,
      submitted_by: null,
      is_on_time: null,
      reviewed_at: null,
      reviewed_by: null,
      review_comment: null,
      ...values,
      version: 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, version: 1 };
}

/**
 * Runs one transition: re-reads the report inside the transaction, checks the version the user
 * saw (0 = no report yet), lets `step` decide, writes and audits. Concurrent writers lose with
 * "conflict" and nothing is written.
 */
async function transition(
  db: Db,
  ctx: ReportContext,
  expectedVersion: number,
  step: (
    trx: Transaction<Database>,
    current: UnitReport | undefined,
  ) => Promise<{ refuse: "state" } | { values: ReportValues; audit: (id: number, version: number) => Promise<void> }>,
): Promise<ReportOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await currentReport(trx, ctx.campaign.id, ctx.unit.id);
      if ((current?.version ?? 0) !== expectedVersion) throw new Conflict();
      const decision = await step(trx, current);
      if ("refuse" in decision) return { ok: false, reason: decision.refuse } as const;
      const written = await writeReport(trx, ctx, current, decision.values);
      await decision.audit(written.id, written.version);
      const status = decision.values.status ?? current?.status ?? "draft";
      return { ok: true, reportId: written.id, version: written.version, status } as const;
    });
  } catch (error) {
    if (error instanceof Conflict || isUniqueViolation(error)) return { ok: false, reason: "conflict" };
    throw error;
  }
}

/** Saves the narrative without sending it (a new report starts as a draft; a returned one stays returned). */
export async function saveReportDraft(db: Db, actor: Actor, campaignId: number, unitId: number, input: DraftInput): Promise<ReportOutcome> {
  const ctx = await reportContext(db, actor, campaignId, unitId);
  assertWriter(actor, ctx);
  if (!ctx.isExpected) return { ok: false, reason: "notExpected" };
  const narrative: Narrative = { highlights: input.highlights, assessment: input.assessment, difficulties: input.difficulties, proposals: input.proposals };
  return transition(db, ctx, input.version, async (trx, current) => {
    if (current && current.status !== "draft" && current.status !== "returned") return { refuse: "state" };
    return {
      values: current ? narrative : { ...narrative, status: "draft" },
      audit: (id, version) =>
        recordAudit(trx, actor, {
          action: current ? "update" : "create",
          entity: "unit_report",
          entityId: id,
          unitId: ctx.unit.id,
          before: current ? { status: current.status, version: current.version, ...narrativeOf(current) } : undefined,
          after: { status: current?.status ?? "draft", version, campaignId: ctx.campaign.id, ...narrative },
        }),
    };
  });
}

/**
 * Sends the report to the level above with the figures of this moment. On time when sent on or
 * before the unit's own deadline, as a calendar day in Vietnam. A report returned for corrections
 * keeps the timeliness of its first submission: the unit met the deadline, the review came later.
 */
export async function submitReport(
  db: Db,
  actor: Actor,
  campaignId: number,
  unitId: number,
  input: DraftInput,
  options: { now?: Date } = {},
): Promise<ReportOutcome> {
  const ctx = await reportContext(db, actor, campaignId, unitId);
  assertWriter(actor, ctx);
  if (!ctx.isExpected) return { ok: false, reason: "notExpected" };
  const errors: FieldErrors = {};
  if (!input.highlights?.trim()) errors.highlights = { key: "validation.required" };
  if (!input.assessment?.trim()) errors.assessment = { key: "validation.required" };
  if (Object.keys(errors).length) return { ok: false, errors };

  const now = options.now ?? new Date();
  const submittedOn = todayInAppZone(now);
  const narrative: Narrative = { highlights: input.highlights, assessment: input.assessment, difficulties: input.difficulties, proposals: input.proposals };
  return transition(db, ctx, input.version, async (trx, current) => {
    if (current && current.status !== "draft" && current.status !== "returned") return { refuse: "state" };
    // Read inside the transaction: the snapshot is what the results said when the lock took hold.
    const figures = await unitFigures(trx, ctx.campaign.id, ctx.unit.id);
    const onTime = current?.is_on_time === true || isOnTime(submittedOn, ctx.dueOn);
    return {
      values: {
        ...narrative,
        status: "submitted",
        figures: snapshotOf(figures, now),
        submitted_at: now,
        submitted_by: actor.id,
        is_on_time: onTime,
        reviewed_at: null,
        reviewed_by: null,
        review_comment: null,
      },
      audit: (id, version) =>
        recordAudit(trx, actor, {
          action: "submit",
          entity: "unit_report",
          entityId: id,
          unitId: ctx.unit.id,
          before: current ? { status: current.status, version: current.version, ...narrativeOf(current) } : undefined,
          after: { status: "submitted", version, campaignId: ctx.campaign.id, ...narrative, dueOn: ctx.dueOn, submittedOn, isOnTime: onTime, figures },
        }),
    };
  });
}

async function review(
  db: Db,
  actor: Actor,
  campaignId: number,
  unitId: number,
  input: ReviewInput,
  to: "returned" | "accepted",
  now: Date,
): Promise<ReportOutcome> {
  const ctx = await reportContext(db, actor, campaignId, unitId);
  assertReviewer(actor, ctx);
  const comment = input.comment?.trim() || null;
  if (to === "returned" && !comment) return { ok: false, errors: { comment: { key: "reports.commentRequired" } } };
  return transition(db, ctx, input.version, async (trx, current) => {
    if (!current || current.status !== "submitted") return { refuse: "state" };
    return {
      values: { status: to, reviewed_at: now, reviewed_by: actor.id, review_comment: comment },
      audit: (id, version) =>
        recordAudit(trx, actor, {
          action: to === "returned" ? "return" : "accept",
          entity: "unit_report",
          entityId: id,
          unitId: ctx.unit.id,
          before: { status: current.status, version: current.version },
          after: { status: to, version, comment },
        }),
    };
  });
}

/** Sends a submitted report back with a comment; the unit's results unlock. */
export function returnReport(db: Db, actor: Actor, campaignId: number, unitId: number, input: ReviewInput, options: { now?: Date } = {}) {
  return review(db, actor, campaignId, unitId, input, "returned", options.now ?? new Date());
}

/** Accepts a submitted report (an optional comment); the results stay locked. */
export function acceptReport(db: Db, actor: Actor, campaignId: number, unitId: number, input: ReviewInput, options: { now?: Date } = {}) {
  return review(db, actor, campaignId, unitId, input, "accepted", options.now ?? new Date());
}

// ---------------------------------------------------------------------------------------------
// Reading: one report

export interface ReportHistoryEntry {
  action: "submit" | "return" | "accept";
  at: Date;
  by: string | null;
  comment: string | null;
  isOnTime: boolean | null;
}

async function reportHistory(db: Db, report: (UnitReport & { submitted_by_name: string | null; reviewed_by_name: string | null }) | undefined) {
  if (!report) return [];
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .where("a.entity", "=", "unit_report")
    .where("a.entity_id", "=", report.id)
    .where("a.action", "in", ["submit", "return", "accept"])
    .select(["a.id", "a.action", "a.created_at", "a.after_data", "u.display_name"])
    .orderBy("a.created_at")
    .orderBy("a.id")
    .execute();
  if (rows.length) {
    return rows.map((row): ReportHistoryEntry => {
      let after: { comment?: unknown; isOnTime?: unknown } = {};
      try {
        after = JSON.parse(row.after_data ?? "{}") ?? {};
      } catch {
        // an unreadable entry still says who did what and when
      }
      return {
        action: row.action as ReportHistoryEntry["action"],
        at: row.created_at,
        by: row.display_name,
        comment: typeof after.comment === "string" ? after.comment : null,
        isOnTime: typeof after.isOnTime === "boolean" ? after.isOnTime : null,
      };
    });
  }
  // Reports written before the audit trail (the demo data) still show what their row says.
  const history: ReportHistoryEntry[] = [];
  if (report.submitted_at) {
    history.push({ action: "submit", at: report.submitted_at, by: report.submitted_by_name, comment: null, isOnTime: report.is_on_time });
  }
  if (report.reviewed_at && (report.status === "returned" || report.status === "accepted")) {
    history.push({
      action: report.status === "returned" ? "return" : "accept",
      at: report.reviewed_at,
      by: report.reviewed_by_name,
      comment: report.review_comment,
      isOnTime: null,
    });
  }
  return history;
}

export async function reportPage(db: Db, actor: Actor, campaignId: number, unitId: number, now: Date = new Date()) {
  const ctx = await reportContext(db, actor, campaignId, unitId);
  const [row, live] = await Promise.all([
    db
      .selectFrom("unit_report as r")
      .leftJoin("app_user as s", "s.id", "r.submitted_by")
      .leftJoin("app_user as v", "v.id", "r.reviewed_by")
      .selectAll("r")
      .select(["s.display_name as submitted_by_name", "v.display_name as reviewed_by_name"])
      .where("r.campaign_id", "=", campaignId)
      .where("r.unit_id", "=", unitId)
      .executeTakeFirst(),
    unitFigures(db, campaignId, unitId),
  ]);
  const history = await reportHistory(db, row);
  const state: ReportState = row?.status ?? "none";
  const snapshot = readSnapshot(row?.figures ?? null);
  const isWithLevelAbove = state === "submitted" || state === "accepted";
  const today = todayInAppZone(now);
  return {
    campaign: ctx.campaign,
    unit: ctx.unit,
    dueOn: ctx.dueOn,
    isExpected: ctx.isExpected,
    isOwnUnit: ctx.depth === 0,
    isOverdue: !isWithLevelAbove && today > ctx.dueOn,
    daysToDue: daysUntil(ctx.dueOn, today),
    state,
    version: row?.version ?? 0,
    report: row
      ? {
          ...narrativeOf(row),
          submittedAt: row.submitted_at,
          submittedBy: row.submitted_by_name,
          isOnTime: row.is_on_time,
          reviewedAt: row.reviewed_at,
          reviewedBy: row.reviewed_by_name,
          reviewComment: row.review_comment,
        }
      : null,
    /** Today's figures (what a submission would send now). */
    figures: live,
    /** What was sent, for a report with the level above; null for the demo's older reports. */
    snapshot: snapshot ? { takenAt: snapshot.takenAt, figures: snapshot.figures } : null,
    figuresChangedSinceSubmission: snapshot !== null && isWithLevelAbove && !sameFigures(snapshot.figures, live),
    history,
    ...reportRights(actor, ctx.depth, state, ctx.isExpected),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading: the list of units expected to report

export type Timeliness = "onTime" | "late" | "pending" | "overdue";

export interface ReportListRow {
  unitId: number;
  unitName: string;
  unitCode: string | null;
  parentName: string | null;
  depth: number;
  isOwnUnit: boolean;
  dueOn: string;
  state: ReportState;
  submittedAt: Date | null;
  isOnTime: boolean | null;
  timeliness: Timeliness;
  /** Whole days past the deadline for a report not with the level above (0 otherwise). */
  daysOverdue: number;
}

export interface ReportListSummary {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  overdue: number;
}

const isSent = (state: ReportState) => state === "submitted" || state === "accepted";

function matchesFilter(row: ReportListRow, filter: ReportListFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "missing":
      return !isSent(row.state);
    case "late":
      return row.timeliness === "late";
    default:
      return row.state === filter;
  }
}

/** The campaign the page is about: the one asked for (404 if not visible), else the newest visible. */
async function chosenCampaign(db: Db, actor: Actor, campaignId: number | undefined) {
  const campaigns = await visibleCampaignRows(db, actor);
  const campaign = campaignId === undefined ? campaigns[0] : campaigns.find((c) => c.id === campaignId);
  if (campaignId !== undefined && !campaign) throw notFound();
  return { campaigns: campaigns.map((c) => ({ id: c.id, title: c.title })), campaign: campaign ?? null };
}

async function expectedRows(db: Db, actor: Actor, campaign: { id: number; issuer_unit_id: number; ends_on: string }, now: Date) {
  // The part of the campaign's tree the actor answers for: the issuer's subtree cut at the actor's unit.
  const root = (await isUnitInScope(db, actor, campaign.issuer_unit_id)) ? campaign.issuer_unit_id : actor.unitId;
  const rows = await expectedUnits(db, campaign.id, root, campaign.ends_on)
    .leftJoin("unit_report as r", (join) => join.onRef("r.unit_id", "=", "u.id").on("r.campaign_id", "=", campaign.id))
    .leftJoin("unit as p", "p.id", "u.parent_id")
    .select([
      "u.id",
      "u.name",
      "u.code",
      "t.depth",
      "p.name as parent_name",
      "k.due_on",
      "r.status",
      "r.submitted_at",
      "r.is_on_time",
    ])
    .execute();
  const today = todayInAppZone(now);
  return {
    root,
    rows: rows
      .map((r): ReportListRow => {
        const state: ReportState = r.status ?? "none";
        const overdueBy = Math.max(0, -daysUntil(r.due_on, today));
        const timeliness: Timeliness = isSent(state) ? (r.is_on_time === false ? "late" : "onTime") : overdueBy > 0 ? "overdue" : "pending";
        return {
          unitId: r.id,
          unitName: r.name,
          unitCode: r.code,
          parentName: r.parent_name,
          depth: Number(r.depth),
          isOwnUnit: r.id === actor.unitId,
          dueOn: r.due_on,
          state,
          submittedAt: r.submitted_at,
          isOnTime: r.is_on_time,
          timeliness,
          daysOverdue: isSent(state) ? 0 : overdueBy,
        };
      })
      .sort(
        (a, b) =>
          a.depth - b.depth ||
          viCollator.compare(a.parentName ?? "", b.parentName ?? "") ||
          viCollator.compare(a.unitName, b.unitName) ||
          a.unitId - b.unitId,
      ),
  };
}

function summarise(rows: readonly ReportListRow[]): ReportListSummary {
  const submitted = rows.filter((r) => isSent(r.state)).length;
  const onTime = rows.filter((r) => isSent(r.state) && r.timeliness === "onTime").length;
  return {
    expected: rows.length,
    submitted,
    onTime,
    late: submitted - onTime,
    missing: rows.length - submitted,
    overdue: rows.filter((r) => r.timeliness === "overdue").length,
  };
}

/** /reports: the units in the actor's part of the campaign that must report, with their state. */
export async function reportList(db: Db, actor: Actor, query: { campaign?: number; status: ReportListFilter }, now: Date = new Date()) {
  const { campaigns, campaign } = await chosenCampaign(db, actor, query.campaign);
  if (!campaign) return { campaigns, campaign: null, rows: [], summary: summarise([]), filter: query.status };
  const { rows } = await expectedRows(db, actor, campaign, now);
  return {
    campaigns,
    campaign: { id: campaign.id, title: campaign.title, ends_on: campaign.ends_on, report_due_on: campaign.report_due_on },
    rows: rows.filter((r) => matchesFilter(r, query.status)),
    summary: summarise(rows),
    filter: query.status,
  };
}

export interface ReminderRow extends ReportListRow {
  /** Active editors and managers of the unit: who to call. */
  contacts: string[];
}

/** The units that have not sent their report (none, draft or returned), with whom to remind. */
export async function reminderList(db: Db, actor: Actor, campaignId: number | undefined, now: Date = new Date()) {
  const { campaign } = await chosenCampaign(db, actor, campaignId);
  if (!campaign) throw notFound();
  const { root, rows } = await expectedRows(db, actor, campaign, now);
  const missing = rows.filter((r) => !isSent(r.state));
  const people = await db
    .selectFrom("app_user as u")
    .innerJoin("unit_tree as t", "t.descendant_id", "u.unit_id")
    .where("t.ancestor_id", "=", root)
    .where("u.is_active", "=", true)
    .where("u.role", "in", ["editor", "manager"])
    .select(["u.unit_id", "u.display_name"])
    .execute();
  const byUnit = new Map<number, string[]>();
  for (const p of people) byUnit.set(p.unit_id, [...(byUnit.get(p.unit_id) ?? []), p.display_name]);
  return {
    campaign: { id: campaign.id, title: campaign.title, issuer_name: campaign.issuer_name, report_due_on: campaign.report_due_on },
    expected: rows.length,
    rows: missing.map((r): ReminderRow => ({ ...r, contacts: (byUnit.get(r.unitId) ?? []).sort(viCollator.compare) })),
  };
}

// ---------------------------------------------------------------------------------------------
// The reminder list as CSV

/** The reminder list as CSV: UTF-8 with a BOM for Excel, every text cell neutralised against formulas. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return UTF8_BOM + rows.map((row) => csvLine(row)).join("");
}

const STATE_KEYS: Record<ReportState, MessageKey> = {
  none: "reports.state.none",
  draft: "reports.state.draft",
  submitted: "reports.state.submitted",
  returned: "reports.state.returned",
  accepted: "reports.state.accepted",
};

export async function remindersCsv(db: Db, actor: Actor, campaignId: number | undefined, locale: Locale, now: Date = new Date()) {
  const t = translator(locale);
  const list = await reminderList(db, actor, campaignId, now);
  const header = [
    t("reports.csv.number"),
    t("reports.csv.code"),
    t("reports.csv.unit"),
    t("reports.csv.parent"),
    t("reports.csv.dueOn"),
    t("reports.csv.state"),
    t("reports.csv.daysOverdue"),
    t("reports.csv.contacts"),
  ];
  const body = list.rows.map((r, i) => [
    i + 1,
    r.unitCode ?? "",
    r.unitName,
    r.parentName ?? "",
    formatDateOnly(r.dueOn),
    t(STATE_KEYS[r.state]),
    r.daysOverdue,
    r.contacts.join("; "),
  ]);
  const stamp = format(parseISO(todayInAppZone(now)), "yyyyMMdd");
  return {
    body: toCsv([header, ...body]),
    fileName: `nhac-bao-cao-${list.campaign.id}-${stamp}.csv`,
  };
}
