import { sql, type Kysely, type Transaction } from "kysely";
import { dialectOfDb } from "@db/dialect-name";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import type { PointInput } from "~/domain/campaign-schemas";
import type { ParsedPoint } from "~/domain/guidance-parser";
import { pointCodes } from "~/domain/point-codes";
import { recordAudit } from "./audit.server";
import { requireManagedCampaign } from "./campaigns.server";
import { notFound } from "./http-errors.server";
import { keepingRollups } from "./tally-rollup.server";

type Db = Kysely<Database> | Transaction<Database>;

export interface PointWithUsage {
  id: number;
  parent_id: number | null;
  code: string;
  title: string;
  details: string | null;
  position: number;
  is_archived: boolean;
  /** Activities tagged with this point. */
  usage: number;
}

export async function pointsWithUsage(db: Db, campaignId: number): Promise<PointWithUsage[]> {
  const rows = await db
    .selectFrom("content_point as p")
    .leftJoin("activity_point as ap", "ap.content_point_id", "p.id")
    .select(["p.id", "p.parent_id", "p.code", "p.title", "p.details", "p.position", "p.is_archived", sql<number>`count(ap.activity_id)`.as("usage")])
    .where("p.campaign_id", "=", campaignId)
    .groupBy(["p.id", "p.parent_id", "p.code", "p.title", "p.details", "p.position", "p.is_archived"])
    .orderBy("p.position")
    .orderBy("p.id")
    .execute();
  return rows.map((r) => ({ ...r, usage: Number(r.usage) }));
}

/** Gives every live point its outline number ("1", "1.4", "1.4.2") from the tree's order. */
async function renumber(trx: Db, campaignId: number): Promise<void> {
  const points = await trx
    .selectFrom("content_point")
    .select(["id", "parent_id", "position", "code"])
    .where("campaign_id", "=", campaignId)
    .where("is_archived", "=", false)
    .execute();
  const codes = pointCodes(points);
  for (const point of points) {
    const code = codes.get(point.id)!;
    if (code !== point.code) await trx.updateTable("content_point").set({ code }).where("id", "=", point.id).execute();
  }
}

async function nextPosition(trx: Db, campaignId: number, parentId: number | null): Promise<number> {
  const row = await trx
    .selectFrom("content_point")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("campaign_id", "=", campaignId)
    .where("is_archived", "=", false)
    .where("parent_id", parentId === null ? "is" : "=", parentId)
    .executeTakeFirst();
  return Number(row?.max ?? -1) + 1;
}

async function requirePoint(trx: Db, campaignId: number, pointId: number) {
  const point = await trx
    .selectFrom("content_point")
    .selectAll()
    .where("id", "=", pointId)
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  if (!point) throw notFound();
  return point;
}

/** Ids of a point and everything below it. */
async function subtreeIds(trx: Db, campaignId: number, pointId: number): Promise<Set<number>> {
  const all = await trx.selectFrom("content_point").select(["id", "parent_id"]).where("campaign_id", "=", campaignId).execute();
  const ids = new Set([pointId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (p.parent_id !== null && ids.has(p.parent_id) && !ids.has(p.id)) (ids.add(p.id), (grew = true));
  }
  return ids;
}

export async function addPoint(db: Kysely<Database>, actor: Actor, campaignId: number, input: PointInput): Promise<number> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  return db.transaction().execute(async (trx) => {
    if (input.parentId !== null) await requirePoint(trx, campaignId, input.parentId);
    const { id } = await trx
      .insertInto("content_point")
      .values({
        campaign_id: campaignId,
        parent_id: input.parentId,
        code: "",
        title: input.title,
        details: input.details,
        position: await nextPosition(trx, campaignId, input.parentId),
        is_archived: false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "create", entity: "content_point", entityId: id, unitId: campaign.issuer_unit_id, after: input });
    return id;
  });
}

export type PointUpdateOutcome = { ok: true } | { ok: false; reason: "cycle" };

export async function updatePoint(db: Kysely<Database>, actor: Actor, campaignId: number, pointId: number, input: PointInput): Promise<PointUpdateOutcome> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  return db.transaction().execute(async (trx) => {
    const before = await requirePoint(trx, campaignId, pointId);
    if (input.parentId !== null) {
      await requirePoint(trx, campaignId, input.parentId);
      if ((await subtreeIds(trx, campaignId, pointId)).has(input.parentId)) return { ok: false, reason: "cycle" } as const;
    }
    const moved = input.parentId !== before.parent_id;
    const position = moved ? await nextPosition(trx, campaignId, input.parentId) : undefined;
    // A point under another parent sums into other headings: the campaign's roll-up is redone.
    await keepingRollups(trx, moved ? { campaignId } : { activityIds: [] }, () =>
      trx
        .updateTable("content_point")
        .set({ title: input.title, details: input.details, parent_id: input.parentId, ...(position !== undefined ? { position } : {}) })
        .where("id", "=", pointId)
        .execute(),
    );
    if (moved) await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "update", entity: "content_point", entityId: pointId, unitId: campaign.issuer_unit_id, before, after: input });
    return { ok: true } as const;
  });
}

/** Swaps a point with its previous or next sibling. */
export async function movePoint(db: Kysely<Database>, actor: Actor, campaignId: number, pointId: number, direction: "up" | "down"): Promise<void> {
  await requireManagedCampaign(db, actor, campaignId);
  await db.transaction().execute(async (trx) => {
    const point = await requirePoint(trx, campaignId, pointId);
    const siblings = await trx
      .selectFrom("content_point")
      .select(["id", "position"])
      .where("campaign_id", "=", campaignId)
      .where("is_archived", "=", false)
      .where("parent_id", point.parent_id === null ? "is" : "=", point.parent_id)
      .orderBy("position")
      .orderBy("id")
      .execute();
    const index = siblings.findIndex((s) => s.id === pointId);
    const other = siblings[direction === "up" ? index - 1 : index + 1];
    if (index < 0 || !other) return;
    // Rewrite the siblings' positions densely so ties from older data cannot block a move.
    const order = siblings.map((s) => s.id);
    [order[index], order[order.indexOf(other.id)]] = [other.id, pointId];
    for (const [position, id] of order.entries()) {
      await trx.updateTable("content_point").set({ position }).where("id", "=", id).execute();
    }
    await renumber(trx, campaignId);
  });
}

export type PointRemovalOutcome =
  | { removed: true }
  | { removed: false; reason: "in_use"; usage: number }
  | { removed: false; reason: "has_children" };

/** Deletes an unused leaf point; one that activities use must be merged or archived instead. */
export async function removePoint(db: Kysely<Database>, actor: Actor, campaignId: number, pointId: number): Promise<PointRemovalOutcome> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  return db.transaction().execute(async (trx) => {
    const point = await requirePoint(trx, campaignId, pointId);
    const child = await trx.selectFrom("content_point").select("id").where("parent_id", "=", pointId).where("is_archived", "=", false).executeTakeFirst();
    if (child) return { removed: false, reason: "has_children" } as const;
    const usage = await trx
      .selectFrom("activity_point")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("content_point_id", "=", pointId)
      .executeTakeFirstOrThrow();
    if (Number(usage.n) > 0) return { removed: false, reason: "in_use", usage: Number(usage.n) } as const;
    await trx.deleteFrom("content_point").where("id", "=", pointId).execute();
    await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "delete", entity: "content_point", entityId: pointId, unitId: campaign.issuer_unit_id, before: point });
    return { removed: true } as const;
  });
}

/** Retags every activity of `fromId` with `intoId`, then deletes `fromId`. */
export async function mergePoint(db: Kysely<Database>, actor: Actor, campaignId: number, fromId: number, intoId: number): Promise<PointRemovalOutcome> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  if (fromId === intoId) throw notFound();
  return db.transaction().execute(async (trx) => {
    const from = await requirePoint(trx, campaignId, fromId);
    const into = await requirePoint(trx, campaignId, intoId);
    if (into.is_archived) throw notFound();
    const child = await trx.selectFrom("content_point").select("id").where("parent_id", "=", fromId).where("is_archived", "=", false).executeTakeFirst();
    if (child) return { removed: false, reason: "has_children" } as const;
    // PostgreSQL: tagging an activity with `fromId` (its foreign key) waits for this lock, so no
    // activity is tagged with it between this list and the retag, outside the roll-up's adjustment.
    if (dialectOfDb(trx) === "postgres") await sql`select id from content_point where id = ${fromId} for update`.execute(trx);
    const tagged = await trx.selectFrom("activity_point").select("activity_id").where("content_point_id", "=", fromId).execute();
    const ids = tagged.map((t) => t.activity_id);
    if (ids.length) await keepingRollups(trx, { activityIds: ids }, () => retag(trx, fromId, intoId, ids));
    await trx.deleteFrom("content_point").where("id", "=", fromId).execute();
    await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "merge", entity: "content_point", entityId: fromId, unitId: campaign.issuer_unit_id, before: from, after: { intoId, activities: ids } });
    return { removed: true } as const;
  });
}

/** Moves every tag of `fromId` to `intoId` (once per activity). */
async function retag(trx: Transaction<Database>, fromId: number, intoId: number, ids: number[]): Promise<void> {
  await trx
    .insertInto("activity_point")
    .columns(["activity_id", "content_point_id"])
    .expression(
      trx
        .selectFrom("activity_point as ap")
        .select(["ap.activity_id", sql<number>`${sql.lit(intoId)}`.as("content_point_id")])
        .where("ap.content_point_id", "=", fromId)
        .where("ap.activity_id", "not in", trx.selectFrom("activity_point").select("activity_id").where("content_point_id", "=", intoId)),
    )
    .execute();
  await trx.deleteFrom("activity_point").where("content_point_id", "=", fromId).execute();
  // Retagging changes the activities: bump their version so a stale editor cannot undo it.
  await trx.updateTable("activity").set((eb) => ({ version: eb("version", "+", 1), updated_at: new Date() })).where("id", "in", ids).execute();
}

/** Hides a point (and its children) from planning and from the required list; tags are kept. */
export async function archivePoint(db: Kysely<Database>, actor: Actor, campaignId: number, pointId: number): Promise<void> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  await db.transaction().execute(async (trx) => {
    await requirePoint(trx, campaignId, pointId);
    const ids = [...(await subtreeIds(trx, campaignId, pointId))];
    await trx.updateTable("content_point").set({ is_archived: true }).where("id", "in", ids).execute();
    await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "archive", entity: "content_point", entityId: pointId, unitId: campaign.issuer_unit_id, after: { archived: ids } });
  });
}

export async function restorePoint(db: Kysely<Database>, actor: Actor, campaignId: number, pointId: number): Promise<void> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  await db.transaction().execute(async (trx) => {
    const point = await requirePoint(trx, campaignId, pointId);
    // A point restored under an archived parent goes back to the top level.
    const parent = point.parent_id === null ? null : await requirePoint(trx, campaignId, point.parent_id);
    const parentId = parent && !parent.is_archived ? parent.id : null;
    const position = await nextPosition(trx, campaignId, parentId);
    await keepingRollups(trx, parentId !== point.parent_id ? { campaignId } : { activityIds: [] }, () =>
      trx.updateTable("content_point").set({ is_archived: false, parent_id: parentId, position }).where("id", "=", pointId).execute(),
    );
    await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "restore", entity: "content_point", entityId: pointId, unitId: campaign.issuer_unit_id });
  });
}

/** Appends a parsed tree (from pasted guidance text) after the campaign's existing points. */
export async function importPoints(db: Kysely<Database>, actor: Actor, campaignId: number, tree: readonly ParsedPoint[]): Promise<number> {
  const campaign = await requireManagedCampaign(db, actor, campaignId);
  return db.transaction().execute(async (trx) => {
    let count = 0;
    const insert = async (points: readonly ParsedPoint[], parentId: number | null, firstPosition: number) => {
      for (const [i, point] of points.entries()) {
        const { id } = await trx
          .insertInto("content_point")
          .values({ campaign_id: campaignId, parent_id: parentId, code: "", title: point.title, details: point.details, position: firstPosition + i, is_archived: false })
          .returning("id")
          .executeTakeFirstOrThrow();
        count++;
        await insert(point.children, id, 0);
      }
    };
    await insert(tree, null, await nextPosition(trx, campaignId, null));
    await renumber(trx, campaignId);
    await recordAudit(trx, actor, { action: "import", entity: "content_point", entityId: campaignId, unitId: campaign.issuer_unit_id, after: { count } });
    return count;
  });
}
