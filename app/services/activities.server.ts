import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { occurrences, type ActivityInput } from "~/domain/activity-schemas";
import { roleAtLeast } from "~/domain/roles";
import type { FieldErrors } from "~/domain/validation";
import { wallClockParts } from "~/domain/wall-clock";
import { findWarnings, type ActivityWarning } from "./activity-warnings.server";
import { recordAudit } from "./audit.server";
import { visibleCampaignRows } from "./campaigns.server";
import { forbidden, notFound } from "./http-errors.server";
import { assertUnitInScope, isUnitInScope } from "./scope.server";
import { keepingRollups } from "./tally-rollup.server";

type Db = Kysely<Database> | Transaction<Database>;

/** "1.4" before "1.4.1" before "1.10": outline codes compare number by number. */
const outline = new Intl.Collator("vi", { numeric: true });

/** Everything the activity form offers the actor: campaigns with their points and forms, units in scope. */
export async function activityFormOptions(db: Kysely<Database>, actor: Actor) {
  const campaigns = (await visibleCampaignRows(db, actor)).filter((c) => c.status !== "closed");
  const ids = campaigns.map((c) => c.id);
  const [points, forms, units] = await Promise.all([
    ids.length
      ? db
          .selectFrom("content_point")
          .select(["id", "campaign_id", "parent_id", "code", "title", "position"])
          .where("campaign_id", "in", ids)
          .where("is_archived", "=", false)
          .orderBy("position")
          .orderBy("id")
          .execute()
      : [],
    db
      .selectFrom("channel_form")
      .select(["id", "channel", "name", "quantity_unit", "campaign_id"])
      .where((eb) => eb.or([eb("campaign_id", "is", null), ...(ids.length ? [eb("campaign_id", "in", ids)] : [])]))
      .orderBy("position")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit", "unit.id", "t.descendant_id")
      .select(["unit.id", "unit.name", "unit.parent_id", "t.depth"])
      .where("t.ancestor_id", "=", actor.unitId)
      .where("unit.closed_on", "is", null)
      .orderBy("t.depth")
      .orderBy("unit.name")
      .limit(3000)
      .execute(),
  ]);
  return {
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: c.title,
      starts_on: c.starts_on,
      ends_on: c.ends_on,
      points: points.filter((p) => p.campaign_id === c.id),
    })),
    forms,
    units,
  };
}

export async function getActivity(db: Kysely<Database>, actor: Actor, activityId: number) {
  const activity = await db
    .selectFrom("activity as a")
    .innerJoin("unit", "unit.id", "a.unit_id")
    .innerJoin("campaign as c", "c.id", "a.campaign_id")
    .leftJoin("channel_form as f", "f.id", "a.form_id")
    .selectAll("a")
    .select(["unit.name as unit_name", "c.title as campaign_title", "f.name as form_name", "f.quantity_unit"])
    .where("a.id", "=", activityId)
    .executeTakeFirst();
  if (!activity || !(await isUnitInScope(db, actor, activity.unit_id))) throw notFound();
  const [points, result] = await Promise.all([
    db
      .selectFrom("activity_point as ap")
      .innerJoin("content_point as p", "p.id", "ap.content_point_id")
      .select(["p.id", "p.code", "p.title"])
      .where("ap.activity_id", "=", activityId)
      .execute()
      .then((rows) => rows.sort((a, b) => outline.compare(a.code, b.code))),
    db.selectFrom("activity_result").selectAll().where("activity_id", "=", activityId).executeTakeFirst(),
  ]);
  return { activity, points, result: result ?? null, canEdit: roleAtLeast(actor.role, "editor") };
}

/** The form's values for an existing activity, in Vietnamese wall-clock terms. */
export function activityAsFormValues(activity: Awaited<ReturnType<typeof getActivity>>["activity"], pointIds: number[]) {
  const start = wallClockParts(activity.starts_at);
  const end = wallClockParts(activity.is_all_day ? new Date(activity.ends_at.getTime() - 1) : activity.ends_at);
  return {
    campaignId: String(activity.campaign_id),
    unitId: String(activity.unit_id),
    channel: activity.channel,
    formId: activity.form_id ? String(activity.form_id) : "",
    title: activity.title,
    allDay: activity.is_all_day ? "on" : "",
    startDate: start.date,
    startTime: activity.is_all_day ? "" : start.time,
    endDate: end.date,
    endTime: activity.is_all_day ? "" : end.time,
    location: activity.location ?? "",
    presenter: activity.presenter ?? "",
    audience: activity.audience ?? "",
    plannedAttendance: activity.planned_attendance?.toString() ?? "",
    plannedQuantity: activity.planned_quantity?.toString() ?? "",
    pointIds: pointIds.map(String),
  };
}

export type SaveOutcome =
  | { ok: true; ids: number[] }
  | { ok: false; errors: FieldErrors }
  | { ok: false; warnings: ActivityWarning[] }
  | { ok: false; conflict: true };

/**
 * Checks what the form cannot: the unit is the actor's, the campaign applies to it, the form
 * and points belong to the campaign. Returns field errors, and the points with every
 * descendant of a chosen parent added (checking a parent takes its children).
 */
async function checkReferences(db: Db, actor: Actor, input: ActivityInput): Promise<{ errors: FieldErrors; pointIds: number[] }> {
  await assertUnitInScope(db as Kysely<Database>, actor, input.unitId);
  const errors: FieldErrors = {};
  const visible = (await visibleCampaignRows(db as Kysely<Database>, actor)).find((c) => c.id === input.campaignId);
  if (!visible) throw notFound();
  const [unit, inIssuerTree, form, points] = await Promise.all([
    db.selectFrom("unit").select(["closed_on", "opened_on"]).where("id", "=", input.unitId).executeTakeFirstOrThrow(),
    db.selectFrom("unit_tree").select("depth").where("ancestor_id", "=", visible.issuer_unit_id).where("descendant_id", "=", input.unitId).executeTakeFirst(),
    input.formId === null
      ? undefined
      : db.selectFrom("channel_form").select(["channel", "campaign_id"]).where("id", "=", input.formId).executeTakeFirst(),
    db.selectFrom("content_point").select(["id", "parent_id"]).where("campaign_id", "=", input.campaignId).where("is_archived", "=", false).execute(),
  ]);
  if (!inIssuerTree) errors.unitId = { key: "activities.unitNotInCampaign" };
  const day = wallClockParts(input.startsAt).date;
  if ((unit.closed_on && unit.closed_on <= day) || (unit.opened_on && unit.opened_on > day)) errors.startDate = { key: "activities.unitClosed" };
  if (input.formId !== null && (!form || form.channel !== input.channel || (form.campaign_id !== null && form.campaign_id !== input.campaignId))) {
    errors.formId = { key: "activities.formNotInChannel" };
  }
  const known = new Set(points.map((p) => p.id));
  if (input.pointIds.some((id) => !known.has(id))) errors.pointIds = { key: "activities.pointNotInCampaign" };
  const chosen = new Set(input.pointIds.filter((id) => known.has(id)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of points) if (p.parent_id !== null && chosen.has(p.parent_id) && !chosen.has(p.id)) (chosen.add(p.id), (grew = true));
  }
  return { errors, pointIds: [...chosen] };
}

function columnsOf(input: ActivityInput) {
  return {
    campaign_id: input.campaignId,
    unit_id: input.unitId,
    channel: input.channel,
    form_id: input.formId,
    title: input.title,
    is_all_day: input.allDay,
    location: input.location,
    presenter: input.presenter,
    audience: input.audience,
    planned_attendance: input.plannedAttendance,
    planned_quantity: input.plannedQuantity,
  };
}

async function writePoints(trx: Db, activityId: number, pointIds: number[]) {
  await trx.deleteFrom("activity_point").where("activity_id", "=", activityId).execute();
  if (pointIds.length) {
    await trx.insertInto("activity_point").values(pointIds.map((content_point_id) => ({ activity_id: activityId, content_point_id }))).execute();
  }
}

/** Plans one activity, or a series of them (each then edited on its own). */
export async function createActivities(db: Kysely<Database>, actor: Actor, input: ActivityInput, acknowledgeWarnings: boolean): Promise<SaveOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const { errors, pointIds } = await checkReferences(db, actor, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const slots = occurrences(input.startsAt, input.endsAt, input.repeat);
  if (!acknowledgeWarnings) {
    const warnings = await findWarnings(db, slots.map((s) => ({ ...s, campaignId: input.campaignId, presenter: input.presenter, location: input.location })));
    if (warnings.length) return { ok: false, warnings };
  }
  const seriesId = slots.length > 1 ? randomUUID() : null;
  const ids = await db.transaction().execute(async (trx) => {
    const created: number[] = [];
    const now = new Date();
    for (const slot of slots) {
      const { id } = await trx
        .insertInto("activity")
        .values({
          ...columnsOf(input),
          starts_at: slot.startsAt,
          ends_at: slot.endsAt,
          status: "planned",
          cancel_reason: null,
          series_id: seriesId,
          external_ref: null,
          version: 1,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await writePoints(trx, id, pointIds);
      created.push(id);
    }
    await recordAudit(trx, actor, { action: "create", entity: "activity", entityId: created[0], unitId: input.unitId, after: { ...input, ids: created } });
    return created;
  });
  return { ok: true, ids };
}

async function lockedRow(trx: Db, activityId: number) {
  return trx.selectFrom("activity").selectAll().where("id", "=", activityId).executeTakeFirst();
}

/** Saves only against the version the user saw: a stale save is refused, never merged silently. */
export async function updateActivity(
  db: Kysely<Database>,
  actor: Actor,
  activityId: number,
  version: number,
  input: ActivityInput,
  acknowledgeWarnings: boolean,
): Promise<SaveOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const current = await getActivity(db, actor, activityId);
  const { errors, pointIds } = await checkReferences(db, actor, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  if (current.activity.version !== version) return { ok: false, conflict: true };
  if (!acknowledgeWarnings) {
    const warnings = await findWarnings(db, [{ campaignId: input.campaignId, startsAt: input.startsAt, endsAt: input.endsAt, presenter: input.presenter, location: input.location }], [activityId]);
    if (warnings.length) return { ok: false, warnings };
  }
  return db.transaction().execute(async (trx) => {
    const updated = await keepingRollups(trx, { activityIds: [activityId] }, async () => {
      const result = await trx
        .updateTable("activity")
        .set({ ...columnsOf(input), starts_at: input.startsAt, ends_at: input.endsAt, version: version + 1, updated_at: new Date() })
        .where("id", "=", activityId)
        .where("version", "=", version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await writePoints(trx, activityId, pointIds);
      return true;
    });
    if (!updated) return { ok: false, conflict: true } as const;
    await recordAudit(trx, actor, { action: "update", entity: "activity", entityId: activityId, unitId: input.unitId, before: { ...current.activity, points: current.points.map((p) => p.id) }, after: input });
    return { ok: true, ids: [activityId] } as const;
  });
}

export type RescheduleOutcome =
  | { ok: true; version: number; warnings: ActivityWarning[] }
  | { ok: false; conflict: true; current: { starts_at: Date; ends_at: Date; is_all_day: boolean; version: number } };

/** Drag and drop: move or resize, saved at once, against the version the browser showed. */
export async function rescheduleActivity(
  db: Kysely<Database>,
  actor: Actor,
  activityId: number,
  change: { startsAt: Date; endsAt: Date; allDay: boolean; version: number },
): Promise<RescheduleOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const { activity } = await getActivity(db, actor, activityId);
  if (change.endsAt <= change.startsAt) throw new Response(null, { status: 400 });
  const outcome = await db.transaction().execute(async (trx) => {
    // A done activity moved to another month moves its figures with it.
    const result = await keepingRollups(trx, { activityIds: [activityId] }, () =>
      trx
        .updateTable("activity")
        .set({ starts_at: change.startsAt, ends_at: change.endsAt, is_all_day: change.allDay, version: change.version + 1, updated_at: new Date() })
        .where("id", "=", activityId)
        .where("version", "=", change.version)
        .executeTakeFirst(),
    );
    if (Number(result.numUpdatedRows) === 0) {
      const fresh = (await lockedRow(trx, activityId))!;
      return { ok: false, conflict: true, current: { starts_at: fresh.starts_at, ends_at: fresh.ends_at, is_all_day: fresh.is_all_day, version: fresh.version } } as const;
    }
    await recordAudit(trx, actor, {
      action: "reschedule",
      entity: "activity",
      entityId: activityId,
      unitId: activity.unit_id,
      before: { starts_at: activity.starts_at, ends_at: activity.ends_at, is_all_day: activity.is_all_day },
      after: change,
    });
    return { ok: true, version: change.version + 1 } as const;
  });
  if (!outcome.ok) return outcome;
  const warnings = await findWarnings(db, [{ campaignId: activity.campaign_id, startsAt: change.startsAt, endsAt: change.endsAt, presenter: activity.presenter, location: activity.location }], [activityId]);
  return { ...outcome, warnings };
}

export type StatusOutcome = { ok: true } | { ok: false; conflict: true } | { ok: false; reason: "notPlanned" | "hasResult" };

/**
 * Cancelled activities stay on the calendar (struck through) with their reason. Only a planned
 * activity (never counted) can be cancelled or deleted, so neither touches the tally roll-up.
 */
export async function cancelActivity(db: Kysely<Database>, actor: Actor, activityId: number, reason: string, version: number): Promise<StatusOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const { activity } = await getActivity(db, actor, activityId);
  if (activity.status !== "planned") return { ok: false, reason: "notPlanned" };
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("activity")
      .set({ status: "cancelled", cancel_reason: reason, version: version + 1, updated_at: new Date() })
      .where("id", "=", activityId)
      .where("version", "=", version)
      .where("status", "=", "planned")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: false, conflict: true } as const;
    await recordAudit(trx, actor, { action: "cancel", entity: "activity", entityId: activityId, unitId: activity.unit_id, before: { status: activity.status }, after: { status: "cancelled", reason } });
    return { ok: true } as const;
  });
}

/** Only a planned activity with no logged result may be deleted; anything else is cancelled. */
export async function deleteActivity(db: Kysely<Database>, actor: Actor, activityId: number, version: number): Promise<StatusOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const { activity, result, points } = await getActivity(db, actor, activityId);
  if (activity.status !== "planned") return { ok: false, reason: "notPlanned" };
  if (result) return { ok: false, reason: "hasResult" };
  return db.transaction().execute(async (trx) => {
    const logged = await trx.selectFrom("activity_result").select("activity_id").where("activity_id", "=", activityId).executeTakeFirst();
    if (logged) return { ok: false, reason: "hasResult" } as const;
    const deleted = await trx.deleteFrom("activity").where("id", "=", activityId).where("version", "=", version).where("status", "=", "planned").executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return { ok: false, conflict: true } as const;
    await recordAudit(trx, actor, { action: "delete", entity: "activity", entityId: activityId, unitId: activity.unit_id, before: { ...activity, points: points.map((p) => p.id) } });
    return { ok: true } as const;
  });
}
