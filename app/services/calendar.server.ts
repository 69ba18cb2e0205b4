import type { Kysely } from "kysely";
import type { ActivityStatus, ChannelCode, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { visibleInstants, type CalendarQuery } from "~/domain/calendar-range";
import { todayInAppZone } from "~/domain/dates";
import { roleAtLeast } from "~/domain/roles";
import { wallClockParts } from "~/domain/wall-clock";
import { visibleCampaignRows } from "./campaigns.server";
import { assertUnitInScope } from "./scope.server";

/** "1.4.10" after "1.4.9": outline codes compare number by number. */
const outlineCollator = new Intl.Collator("vi", { numeric: true });

/** Above this many events in the visible range the calendar shows counts per day and channel. */
export const EVENT_LIMIT = 400;

export interface CalendarEvent {
  id: number;
  title: string;
  channel: ChannelCode;
  status: ActivityStatus;
  starts_at: Date;
  ends_at: Date;
  is_all_day: boolean;
  unit_name: string;
  version: number;
}

export interface DayChannelCount {
  date: string;
  channel: ChannelCode;
  count: number;
}

export type CalendarData =
  | { mode: "events"; events: CalendarEvent[] }
  | { mode: "summary"; total: number; buckets: DayChannelCount[] };

/** The activities the calendar's query selects, inside the actor's scope. */
export function filteredActivities(db: Kysely<Database>, actor: Actor, query: CalendarQuery, range: { from: Date; to: Date }) {
  const root = query.unit ?? actor.unitId;
  let q = db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
    .where("t.ancestor_id", "=", root)
    .where("a.starts_at", "<", range.to)
    .where("a.ends_at", ">", range.from);
  if (query.scope === "unit") q = q.where("a.unit_id", "=", root);
  if (query.campaign) q = q.where("a.campaign_id", "=", query.campaign);
  if (query.channel) q = q.where("a.channel", "=", query.channel);
  if (query.form) q = q.where("a.form_id", "=", query.form);
  if (query.status) q = q.where("a.status", "=", query.status);
  if (query.point) {
    const point = query.point;
    q = q.where((eb) => eb.exists(eb.selectFrom("activity_point as ap").select("ap.activity_id").whereRef("ap.activity_id", "=", "a.id").where("ap.content_point_id", "=", point)));
  }
  return q;
}

export async function calendarData(db: Kysely<Database>, actor: Actor, query: CalendarQuery): Promise<CalendarData> {
  if (query.unit) await assertUnitInScope(db, actor, query.unit);
  const date = query.date ?? todayInAppZone();
  const range = visibleInstants(query.view, date);
  const base = filteredActivities(db, actor, query, range);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(n);
  if (total > EVENT_LIMIT && query.view !== "day") {
    const rows = await base.select(["a.starts_at", "a.channel"]).execute();
    const counts = new Map<string, DayChannelCount>();
    // The Vietnam date of an instant, memoised per minute (zone offsets are whole minutes, so
    // this is exact): converting through the time-zone library costs ~10-30 µs a row.
    const dayOfMinute = new Map<number, string>();
    for (const row of rows) {
      const minute = Math.floor(row.starts_at.getTime() / 60_000);
      let day = dayOfMinute.get(minute);
      if (day === undefined) dayOfMinute.set(minute, (day = wallClockParts(row.starts_at).date));
      const key = `${day}|${row.channel}`;
      const bucket = counts.get(key) ?? { date: day, channel: row.channel, count: 0 };
      bucket.count++;
      counts.set(key, bucket);
    }
    return { mode: "summary", total, buckets: [...counts.values()] };
  }
  const events = await base
    .innerJoin("unit", "unit.id", "a.unit_id")
    .select(["a.id", "a.title", "a.channel", "a.status", "a.starts_at", "a.ends_at", "a.is_all_day", "a.version", "unit.name as unit_name"])
    .orderBy("a.starts_at")
    .orderBy("a.id")
    .limit(EVENT_LIMIT * 3)
    .execute();
  return { mode: "events", events };
}

/** Options for the calendar's filters: the actor's units, campaigns, their forms and points. */
export async function calendarFilterOptions(db: Kysely<Database>, actor: Actor, campaignId: number | undefined) {
  const [units, campaigns, forms, points] = await Promise.all([
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit", "unit.id", "t.descendant_id")
      .select(["unit.id", "unit.name", "t.depth"])
      .where("t.ancestor_id", "=", actor.unitId)
      .where("t.depth", "<=", 2)
      .orderBy("t.depth")
      .orderBy("unit.name")
      .limit(1000)
      .execute(),
    visibleCampaignRows(db, actor),
    db
      .selectFrom("channel_form")
      .select(["id", "channel", "name"])
      .where((eb) => eb.or([eb("campaign_id", "is", null), ...(campaignId ? [eb("campaign_id", "=", campaignId)] : [])]))
      .orderBy("position")
      .execute(),
    campaignId
      ? db.selectFrom("content_point").select(["id", "code", "title"]).where("campaign_id", "=", campaignId).where("is_archived", "=", false).execute()
      : Promise.resolve([]),
  ]);
  return {
    units,
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title })),
    forms,
    points: points.sort((a, b) => outlineCollator.compare(a.code, b.code)),
    canPlan: roleAtLeast(actor.role, "editor"),
  };
}
