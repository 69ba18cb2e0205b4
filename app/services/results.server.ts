import type { Kysely, Selectable } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { RESULT_GRACE_DAYS, resultColumns, type ResultInput, type SpokenResult } from "~/domain/result-schemas";
import { roleAtLeast } from "~/domain/roles";
import type { FieldErrors } from "~/domain/validation";
import { getActivity } from "./activities.server";
import { recordAudit } from "./audit.server";
import { checkImage, evidenceCount, roomForEvidence, storeImages, type CheckedImage, type UploadedImage } from "./evidence.server";
import { forbidden, notFound } from "./http-errors.server";
import { areResultsLocked } from "./report-lock.server";
import { assertUnitInScope } from "./scope.server";
import { keepingRollups } from "./tally-rollup.server";


export type ResultOutcome =
  | { ok: true }
  | { ok: false; reason: "cancelled" | "locked" }
  | { ok: false; errors: FieldErrors };

/** What logging a result needs to know about its activity (and the result it replaces). */
export interface ResultTarget {
  activity: Pick<Selectable<Database["activity"]>, "id" | "channel" | "status" | "campaign_id" | "unit_id">;
  result: Selectable<Database["activity_result"]> | null;
}

/**
 * The activity a result is logged for, or 404 when it does not exist or lies outside the actor's
 * subtree (the scope check is part of the query). Lighter than getActivity: no names, no points.
 */
export async function resultTarget(db: Kysely<Database>, actor: Actor, activityId: number): Promise<ResultTarget> {
  // One statement (result logging's hot path on PostgreSQL is round trips): activity_result has
  // none of the activity's column names, so its columns come alongside, all null without a result.
  const row = await db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", (join) => join.onRef("t.descendant_id", "=", "a.unit_id").on("t.ancestor_id", "=", actor.unitId))
    .leftJoin("activity_result as r", "r.activity_id", "a.id")
    .select(["a.id", "a.channel", "a.status", "a.campaign_id", "a.unit_id"])
    .selectAll("r")
    .where("a.id", "=", activityId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const { id, channel, status, campaign_id, unit_id, ...result } = row;
  return {
    activity: { id, channel, status, campaign_id, unit_id },
    result: result.activity_id === null ? null : (result as Selectable<Database["activity_result"]>),
  };
}

/**
 * Logs (or corrects) what an activity achieved. Logging marks it done; a correction keeps the
 * earlier figures in the audit log. Frozen while the unit's report is with the level above.
 * `target` is the caller's `resultTarget` of this request, when it already has one.
 */
export async function saveResult(
  db: Kysely<Database>,
  actor: Actor,
  activityId: number,
  input: ResultInput,
  photos: readonly UploadedImage[] = [],
  target?: ResultTarget,
): Promise<ResultOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const { activity, result: before } = target && target.activity.id === activityId ? target : await resultTarget(db, actor, activityId);
  if (activity.status === "cancelled") return { ok: false, reason: "cancelled" };

  if (photos.length > 0) {
    // Refused early, before the images are decoded; the transaction checks the lock again anyway
    // (and is the only check needed when there is nothing to decode).
    if (await areResultsLocked(db, activity.campaign_id, activity.unit_id)) return { ok: false, reason: "locked" };
  }
  // Images are decoded before the transaction: slow work must not hold SQLite's write lock.
  const checked: CheckedImage[] = [];
  for (const photo of photos) {
    const image = await checkImage(photo);
    if ("errorKey" in image) return { ok: false, errors: { photos: { key: image.errorKey } } };
    checked.push(image);
  }
  if (checked.length > 0 && !roomForEvidence(await evidenceCount(db, activityId), checked.length)) {
    return { ok: false, errors: { photos: { key: "results.evidence.tooMany" } } };
  }

  const columns = resultColumns(activity.channel, input);
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    // Re-checked inside the transaction so a report submitted meanwhile still wins.
    if (await areResultsLocked(trx, activity.campaign_id, activity.unit_id)) return { ok: false, reason: "locked" } as const;
    await keepingRollups(trx, { activityIds: [activityId] }, async () => {
      // An upsert, not insert-or-update chosen from `before`: two first logs of the same activity
      // at once must both land (the later wins), not fail on the key.
      const row = { ...columns, reported_at: now, reported_by: actor.id };
      await trx
        .insertInto("activity_result")
        .values({ activity_id: activityId, ...row })
        .onConflict((oc) => oc.column("activity_id").doUpdateSet(row))
        .execute();
      const presenter = activity.channel === "spoken" ? (input as SpokenResult).presenter : undefined;
      await markDone(trx, activityId, now, presenter !== undefined && presenter !== null ? { presenter } : {});
    });
    const photoIds = await storeImages(trx, actor, activityId, checked);
    await recordAudit(trx, actor, {
      action: before ? "update" : "create",
      entity: "activity_result",
      entityId: activityId,
      unitId: activity.unit_id,
      before: before ?? undefined,
      after: { ...columns, photos: photoIds },
    });
    return { ok: true } as const;
  });
}

/** A logged result makes its activity done, and a new version (open forms see they are stale). */
export async function markDone(trx: Kysely<Database>, activityId: number, now: Date, also: { presenter?: string; external_ref?: string } = {}): Promise<void> {
  await trx
    .updateTable("activity")
    .set((eb) => ({ status: "done", version: eb("version", "+", 1), updated_at: now, ...also }))
    .where("id", "=", activityId)
    .execute();
}

export async function removeEvidence(db: Kysely<Database>, actor: Actor, activityId: number, attachmentId: number): Promise<ResultOutcome> {
  if (!roleAtLeast(actor.role, "editor")) throw forbidden();
  const { activity } = await getActivity(db, actor, activityId);
  if (await areResultsLocked(db, activity.campaign_id, activity.unit_id)) return { ok: false, reason: "locked" };
  return db.transaction().execute(async (trx) => {
    const photo = await trx
      .selectFrom("attachment")
      .select(["id", "file_name"])
      .where("id", "=", attachmentId)
      .where("activity_id", "=", activityId)
      .executeTakeFirst();
    if (!photo) throw notFound();
    await trx.deleteFrom("attachment").where("id", "=", attachmentId).execute();
    await recordAudit(trx, actor, { action: "delete", entity: "attachment", entityId: attachmentId, unitId: activity.unit_id, before: photo });
    return { ok: true } as const;
  });
}

export interface PendingResult {
  id: number;
  title: string;
  channel: Database["activity"]["channel"];
  starts_at: Date;
  ends_at: Date;
  is_all_day: boolean;
  unit_name: string;
  campaign_title: string;
  version: number;
  isOverdue: boolean;
  isLocked: boolean;
}

/** "Chờ ghi kết quả": planned activities in scope that have ended and have no result yet. */
export async function pendingResults(db: Kysely<Database>, actor: Actor, options: { unitId?: number; now?: Date; limit?: number } = {}): Promise<PendingResult[]> {
  const now = options.now ?? new Date();
  const root = options.unitId ?? actor.unitId;
  if (options.unitId) await assertUnitInScope(db, actor, options.unitId);
  const rows = await db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
    .innerJoin("unit", "unit.id", "a.unit_id")
    .innerJoin("campaign as c", "c.id", "a.campaign_id")
    .leftJoin("activity_result as r", "r.activity_id", "a.id")
    .leftJoin("unit_report as rep", (join) =>
      join.onRef("rep.campaign_id", "=", "a.campaign_id").onRef("rep.unit_id", "=", "a.unit_id").on("rep.status", "in", ["submitted", "accepted"]),
    )
    .select(["a.id", "a.title", "a.channel", "a.starts_at", "a.ends_at", "a.is_all_day", "a.version", "unit.name as unit_name", "c.title as campaign_title", "rep.id as report_id"])
    .where("t.ancestor_id", "=", root)
    .where("a.status", "=", "planned")
    .where("a.ends_at", "<=", now)
    .where("r.activity_id", "is", null)
    .orderBy("a.ends_at")
    .limit(options.limit ?? 500)
    .execute();
  const overdueBefore = now.getTime() - RESULT_GRACE_DAYS * 24 * 3600 * 1000;
  return rows.map(({ report_id, ...row }) => ({ ...row, isOverdue: row.ends_at.getTime() < overdueBefore, isLocked: report_id !== null }));
}
