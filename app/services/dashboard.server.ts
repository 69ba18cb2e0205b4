import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { daysUntil, todayInAppZone } from "~/domain/dates";
import { listCampaigns } from "./campaigns.server";

const UPCOMING_DAYS = 7;

export async function dashboard(db: Kysely<Database>, actor: Actor, now: Date = new Date()) {
  const today = todayInAppZone(now);
  const horizon = new Date(now.getTime() + UPCOMING_DAYS * 24 * 3600 * 1000);

  const scopeActivities = db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
    .where("t.ancestor_id", "=", actor.unitId);

  const [units, activityCounts, attendance, upcoming, campaigns] = await Promise.all([
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit", "unit.id", "t.descendant_id")
      .where("t.ancestor_id", "=", actor.unitId)
      .where("unit.closed_on", "is", null)
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.coalesce(eb.fn.sum<number>("unit.members"), eb.lit(0)).as("members")])
      .executeTakeFirstOrThrow(),
    scopeActivities.select((eb) => ["a.status", eb.fn.countAll<number>().as("count")]).groupBy("a.status").execute(),
    scopeActivities
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .where("a.status", "=", "done")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("r.attendance"), eb.lit(0)).as("total"))
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
    listCampaigns(db, actor),
  ]);

  const countOf = (status: string) => Number(activityCounts.find((row) => row.status === status)?.count ?? 0);
  return {
    unitCount: Number(units.count),
    members: Number(units.members),
    activitiesDone: countOf("done"),
    activitiesPlanned: countOf("planned"),
    attendance: Number(attendance.total),
    campaigns: campaigns
      .filter((c) => c.status !== "closed")
      .map((c) => ({ ...c, daysToDeadline: daysUntil(c.report_due_on, today) })),
    upcoming,
  };
}
