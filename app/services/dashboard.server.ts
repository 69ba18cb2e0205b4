import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { daysUntil, todayInAppZone } from "~/domain/dates";
import { roleAtLeast } from "~/domain/roles";
import { visibleCampaignRows } from "./campaigns.server";
import { pendingResults } from "./results.server";
import { pageTally } from "./tally.server";

const UPCOMING_DAYS = 7;

/** The actor's own deadline for a campaign: its unit kind's, else the campaign's. */
async function ownDeadline(db: Kysely<Database>, actor: Actor, campaign: { id: number; report_due_on: string }): Promise<string> {
  const row = await db
    .selectFrom("campaign_reporting_kind as k")
    .innerJoin("unit", "unit.kind_id", "k.unit_kind_id")
    .select("k.due_on")
    .where("k.campaign_id", "=", campaign.id)
    .where("unit.id", "=", actor.unitId)
    .executeTakeFirst();
  return row?.due_on ?? campaign.report_due_on;
}

/** What a board needs first thing: deadlines, progress, gaps and the work waiting for it. */
export async function dashboard(db: Kysely<Database>, actor: Actor, now: Date = new Date()) {
  const today = todayInAppZone(now);
  const horizon = new Date(now.getTime() + UPCOMING_DAYS * 24 * 3600 * 1000);

  const scopeActivities = db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
    .where("t.ancestor_id", "=", actor.unitId);

  const [units, upcoming, campaigns, pending, toReview] = await Promise.all([
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit", "unit.id", "t.descendant_id")
      .where("t.ancestor_id", "=", actor.unitId)
      .where("unit.closed_on", "is", null)
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.coalesce(eb.fn.sum<number>("unit.members"), eb.lit(0)).as("members")])
      .executeTakeFirstOrThrow(),
    scopeActivities
      .innerJoin("unit", "unit.id", "a.unit_id")
      .where("a.status", "=", "planned")
      .where("a.starts_at", ">=", now)
      .where("a.starts_at", "<", horizon)
      .select(["a.id", "a.title", "a.channel", "a.starts_at", "a.is_all_day", "unit.name as unit_name"])
      .orderBy("a.starts_at")
      .limit(20)
      .execute(),
    visibleCampaignRows(db, actor),
    pendingResults(db, actor, { now, limit: 200 }),
    // Reports submitted by units strictly below the actor: a manager's review queue.
    roleAtLeast(actor.role, "manager")
      ? db
          .selectFrom("unit_report as r")
          .innerJoin("unit_tree as t", "t.descendant_id", "r.unit_id")
          .innerJoin("unit", "unit.id", "r.unit_id")
          .innerJoin("campaign as c", "c.id", "r.campaign_id")
          .where("t.ancestor_id", "=", actor.unitId)
          .where("t.depth", ">", 0)
          .where("r.status", "=", "submitted")
          .select(["r.campaign_id", "r.unit_id", "unit.name as unit_name", "c.title as campaign_title", "r.submitted_at"])
          .orderBy("r.submitted_at")
          .limit(50)
          .execute()
      : Promise.resolve([]),
  ]);

  const current = campaigns.filter((c) => c.status === "active");
  const campaignCards = await Promise.all(
    current.map(async (c) => {
      const deadline = await ownDeadline(db, actor, c);
      const tally = await pageTally(db, actor, { campaignId: c.id, unitId: actor.unitId, from: c.starts_on, to: c.ends_on });
      return {
        id: c.id,
        title: c.title,
        deadline,
        daysToDeadline: daysUntil(deadline, today),
        activities: tally.totalActivities,
        attendance: tally.total.spoken.attendance,
        completeness: tally.completeness,
        expected: tally.expectedCount,
        reported: tally.reportedCount,
        pointsCovered: tally.points.filter((p) => p.activities > 0).length,
        points: tally.points.length,
        uncoveredPoints: tally.gaps.uncoveredPoints.map((p) => ({ id: p.id, code: p.code, title: p.title })),
      };
    }),
  );

  return {
    unitCount: Number(units.count),
    members: Number(units.members),
    campaigns: campaignCards,
    upcoming,
    pending: pending.slice(0, 10),
    pendingCount: pending.length,
    overdueCount: pending.filter((p) => p.isOverdue).length,
    toReview,
  };
}
