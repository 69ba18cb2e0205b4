import { PostgresAdapter, sql, type Kysely, type RawBuilder } from "kysely";
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

/**
 * Asia/Ho_Chi_Minh has been a fixed UTC+07:00 since 1975-06-13 00:00 local time (+08:00 before),
 * i.e. since this instant: no daylight saving, no change since, none scheduled. From it on, an
 * instant's Vietnamese date is the UTC date of the instant plus 7 hours, which both databases
 * compute without a time-zone table (test/integration/calendar-summary.test.ts checks the time-zone
 * library agrees up to 2100).
 */
export const FIXED_OFFSET_SINCE = new Date(Date.UTC(1975, 5, 12, 16));
/** The last Vietnamese date that may hold instants from before FIXED_OFFSET_SINCE. */
const LAST_DATE_BEFORE_FIXED_OFFSET = "1975-06-12";

/**
 * The Vietnamese date ("yyyy-MM-dd") of an activity's start, computed by the database with the
 * fixed +07:00 offset. SQLite stores instants as ISO-8601 UTC text; PostgreSQL as timestamptz (an
 * interval zone is east-positive, unlike a '+07' POSIX string, and to_char ignores DateStyle).
 * Parameter-free SQL, so the same text can appear in SELECT and GROUP BY.
 */
function startDateInVietnam(db: Kysely<Database>): RawBuilder<string> {
  const startsAt = sql.ref("a.starts_at");
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`to_char(${startsAt} at time zone interval '+07:00', 'YYYY-MM-DD')`
    : sql<string>`date(${startsAt}, '+7 hours')`;
}

type FilteredActivities = ReturnType<typeof filteredActivities>;

/**
 * Activities per Vietnamese date of their start and channel, counted by the database in one
 * statement (an activity that started before the range is counted on its start date, as the
 * calendar always did). Ordered by date, then channel.
 */
async function countsByDayAndChannel(db: Kysely<Database>, base: FilteredActivities): Promise<DayChannelCount[]> {
  const day = startDateInVietnam(db);
  const rows = await base
    .select([day.as("date"), "a.channel", (eb) => eb.fn.countAll<number | string>().as("n")])
    .groupBy([day, "a.channel"])
    .orderBy(day)
    .orderBy("a.channel")
    .execute();
  const buckets = rows.map((r) => ({ date: r.date, channel: r.channel, count: Number(r.n) }));
  // An activity starting before 1975-06-13 (a typing slip: dates from 1900 are accepted) falls on a
  // date no later than LAST_DATE_BEFORE_FIXED_OFFSET; only then does the zone's history matter.
  return buckets.some((b) => b.date <= LAST_DATE_BEFORE_FIXED_OFFSET) ? countsInZone(base) : buckets;
}

/** The same counts, each start converted through the time-zone library (exact for any date). */
async function countsInZone(base: FilteredActivities): Promise<DayChannelCount[]> {
  const rows = await base.select(["a.starts_at", "a.channel"]).execute();
  const counts = new Map<string, DayChannelCount>();
  for (const row of rows) {
    const date = wallClockParts(row.starts_at).date;
    const key = `${date}|${row.channel}`;
    const bucket = counts.get(key) ?? { date, channel: row.channel, count: 0 };
    bucket.count++;
    counts.set(key, bucket);
  }
  return [...counts.values()].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.channel < y.channel ? -1 : x.channel > y.channel ? 1 : 0));
}

export async function calendarData(db: Kysely<Database>, actor: Actor, query: CalendarQuery): Promise<CalendarData> {
  if (query.unit) await assertUnitInScope(db, actor, query.unit);
  const date = query.date ?? todayInAppZone();
  const range = visibleInstants(query.view, date);
  const base = filteredActivities(db, actor, query, range);
  // The day view always lists its events; the others count first, per day and channel, and
  // only when the range holds at most EVENT_LIMIT events read them one by one.
  if (query.view !== "day") {
    const buckets = await countsByDayAndChannel(db, base);
    const total = buckets.reduce((sum, b) => sum + b.count, 0);
    if (total > EVENT_LIMIT) return { mode: "summary", total, buckets };
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
