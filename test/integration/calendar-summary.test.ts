import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelCode } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { visibleInstants, type CalendarQuery } from "~/domain/calendar-range";
import { wallClockParts } from "~/domain/wall-clock";
import { calendarData, EVENT_LIMIT, FIXED_OFFSET_SINCE, type DayChannelCount } from "~/services/calendar.server";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { activityRow } from "../support/rows";

/**
 * The calendar's summary (activities per Vietnamese day and channel) is counted by the database
 * with a fixed +07:00 offset. These tests put activities at the instants where an offset slip
 * shows (16:59:59.999Z is still "today" in Vietnam, 17:00:00Z is "tomorrow"), on the range's
 * edges and before it, and compare the database's buckets with an independent computation
 * through the platform's time-zone data (Intl, not the app's helpers).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHANNELS: ChannelCode[] = ["spoken", "visual", "media", "facebook"];

const vietnamDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" });

interface Planned {
  unit: "root" | "child";
  channel: ChannelCode;
  startsAt: Date;
  endsAt: Date;
}

/** What the calendar must show, computed without the code under test. */
function expectedBuckets(planned: Planned[], range: { from: Date; to: Date }, channel?: ChannelCode): DayChannelCount[] {
  const counts = new Map<string, DayChannelCount>();
  for (const p of planned) {
    if (!(p.startsAt < range.to && p.endsAt > range.from) || (channel && p.channel !== channel)) continue;
    const date = vietnamDate.format(p.startsAt);
    const key = `${date}|${p.channel}`;
    const bucket = counts.get(key) ?? { date, channel: p.channel, count: 0 };
    bucket.count++;
    counts.set(key, bucket);
  }
  return sorted([...counts.values()]);
}

function sorted(buckets: DayChannelCount[]): DayChannelCount[] {
  return [...buckets].sort((a, b) => a.date.localeCompare(b.date) || a.channel.localeCompare(b.channel));
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Activities around every Vietnamese midnight of [first, last] (UTC days): one a millisecond
 * and one a second before 17:00Z, one at 17:00:00Z, plus random ones, most of them within a
 * minute of 17:00Z, some multi-day; enough to exceed EVENT_LIMIT.
 */
function aroundMidnights(first: Date, days: number, seed: number): Planned[] {
  const next = random(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const planned: Planned[] = [];
  const add = (startsAt: number, minutes: number, unit: Planned["unit"] = pick(["root", "child"])) =>
    planned.push({ unit, channel: pick(CHANNELS), startsAt: new Date(startsAt), endsAt: new Date(startsAt + minutes * 60_000) });
  for (let d = 0; d < days; d++) {
    const seventeen = first.getTime() + d * DAY + 17 * HOUR;
    add(seventeen - 1, 60);
    add(seventeen - 1000, 90);
    add(seventeen, 60);
  }
  while (planned.length < EVENT_LIMIT + 150) {
    const day = first.getTime() + Math.floor(next() * days) * DAY;
    const nearMidnight = next() < 0.7;
    const startsAt = nearMidnight ? day + 17 * HOUR + Math.round((next() - 0.5) * 120) * 1000 : day + Math.floor(next() * DAY);
    add(startsAt, next() < 0.1 ? 60 * 24 * (1 + Math.floor(next() * 12)) : 30 + Math.floor(next() * 180));
  }
  return planned;
}

describe("the app's zone keeps the fixed offset the calendar's SQL assumes", () => {
  it("is UTC+07:00 at every day from the last change (1975-06-13) to 2100, and was not just before it", () => {
    const plusSeven = (t: number) => new Date(t + 7 * HOUR).toISOString();
    for (let t = FIXED_OFFSET_SINCE.getTime(); t < Date.UTC(2101, 0, 1); t += DAY) {
      const parts = wallClockParts(new Date(t));
      if (`${parts.date}T${parts.time}` !== plusSeven(t).slice(0, 16)) throw new Error(`offset is not +07:00 at ${new Date(t).toISOString()}`);
    }
    const justBefore = FIXED_OFFSET_SINCE.getTime() - 60_000;
    expect(`${wallClockParts(new Date(justBefore)).date}T${wallClockParts(new Date(justBefore)).time}`).not.toBe(plusSeven(justBefore).slice(0, 16));
  });
});

describe.each(testDialects())("calendar summary per Vietnamese day and channel on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let actor: Actor;
  let ids: { root: number; child: number; campaign: number };
  const planned: Planned[] = [];

  async function plan(rows: Planned[]) {
    const values = rows.map((p, i) =>
      activityRow({
        campaign_id: ids.campaign,
        unit_id: p.unit === "root" ? ids.root : ids.child,
        channel: p.channel,
        title: `Hoạt động ${planned.length + i}`,
        starts_at: p.startsAt,
        ends_at: p.endsAt,
      }),
    );
    for (let i = 0; i < values.length; i += 100) await db().insertInto("activity").values(values.slice(i, i + 100)).execute();
    planned.push(...rows);
  }

  const month = (date: string, extra: Partial<CalendarQuery> = {}): CalendarQuery => ({ view: "month", date, scope: "subtree", ...extra });

  beforeAll(async () => {
    database = await freshDatabase(dialect, "calendar_summary");
    const kind = await db().insertInto("unit_kind").values({ code: "province", name: "LĐLĐ tỉnh", level: 1, is_grassroots: false }).returning("id").executeTakeFirstOrThrow();
    const unit = (name: string, parent: number | null) =>
      db().insertInto("unit").values({ parent_id: parent, code: null, name, short_name: null, kind_id: kind.id, members: 10, opened_on: null, closed_on: null, created_at: new Date() }).returning("id").executeTakeFirstOrThrow();
    const root = (await unit("LĐLĐ tỉnh", null)).id;
    const child = (await unit("CĐCS Trường THCS", root)).id;
    await db()
      .insertInto("unit_tree")
      .values([
        { ancestor_id: root, descendant_id: root, depth: 0 },
        { ancestor_id: child, descendant_id: child, depth: 0 },
        { ancestor_id: root, descendant_id: child, depth: 1 },
      ])
      .execute();
    const campaign = await db()
      .insertInto("campaign")
      .values({ issuer_unit_id: root, title: "Chỉ thị 12-CT/TW", summary: null, starts_on: "1975-01-01", ends_on: "2025-12-31", report_due_on: "2025-12-31", status: "active", created_at: new Date(), updated_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids = { root, child, campaign: campaign.id };
    actor = { id: 1, login: "admin", displayName: "Quản trị", role: "admin", unitId: root, unitName: "LĐLĐ tỉnh", isPasswordChangeRequired: false };

    // June 2025: the month view shows 2025-05-26 (Monday) .. 2025-07-06 plus a day each side.
    const june = visibleInstants("month", "2025-06-15");
    expect(june).toEqual({ from: new Date("2025-05-24T17:00:00.000Z"), to: new Date("2025-07-07T17:00:00.000Z") });
    await plan(aroundMidnights(new Date("2025-05-20T00:00:00Z"), 52, 20250615));
    const at = (startsAt: string, endsAt: string, channel: ChannelCode, unit: Planned["unit"] = "root"): Planned => ({ unit, channel, startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
    await plan([
      // Started days before the range and still running in it: counted on its start date.
      at("2025-05-10T03:00:00.000Z", "2025-05-30T10:00:00.000Z", "visual"),
      at("2025-05-20T17:00:00.000Z", "2025-06-02T09:00:00.000Z", "media", "child"),
      // Starts the last millisecond before the range and ends inside it: 2025-05-24 in Vietnam.
      at("2025-05-24T16:59:59.999Z", "2025-05-24T17:30:00.000Z", "spoken"),
      // Ends exactly when the range starts, starts exactly when it ends: not shown.
      at("2025-05-24T10:00:00.000Z", "2025-05-24T17:00:00.000Z", "facebook"),
      at("2025-07-07T17:00:00.000Z", "2025-07-07T18:00:00.000Z", "facebook"),
      // The last second of the range.
      at("2025-07-07T16:59:59.000Z", "2025-07-07T18:00:00.000Z", "spoken", "child"),
    ]);

    // June 1975: Vietnam was UTC+08:00 until 1975-06-13 00:00 local; a start at 16:30Z was the
    // next day there. Dates from 1900 are accepted, so a slip can put activities there.
    await plan(aroundMidnights(new Date("1975-05-25T00:00:00Z"), 40, 19750613).map((p) => ({ ...p, startsAt: new Date(p.startsAt.getTime() - 30 * 60_000) })));
  });
  afterAll(() => database?.dispose());

  it("counts a busy month per Vietnamese start date and channel exactly as the time-zone data says", async () => {
    const data = await calendarData(db(), actor, month("2025-06-15"));
    expect(data.mode).toBe("summary");
    if (data.mode !== "summary") return;
    const expected = expectedBuckets(planned, visibleInstants("month", "2025-06-15"));
    expect(sorted(data.buckets)).toEqual(expected);
    expect(data.total).toBe(expected.reduce((sum, b) => sum + b.count, 0));
    expect(data.total).toBeGreaterThan(EVENT_LIMIT);
    // The edge cases are really there: the day before the range, the multi-day starts before it.
    const dates = new Set(data.buckets.map((b) => b.date));
    for (const date of ["2025-05-10", "2025-05-21", "2025-05-24", "2025-07-07"]) expect(dates).toContain(date);
    expect(data.buckets.find((b) => b.date === "2025-07-08")).toBeUndefined();
  });

  it("counts the same with a filter, and lists the events once they are few enough", async () => {
    const spoken = await calendarData(db(), actor, month("2025-06-15", { channel: "spoken" }));
    const expected = expectedBuckets(planned, visibleInstants("month", "2025-06-15"), "spoken");
    const total = expected.reduce((sum, b) => sum + b.count, 0);
    expect(total).toBeLessThanOrEqual(EVENT_LIMIT);
    expect(spoken.mode).toBe("events");
    if (spoken.mode !== "events") return;
    expect(spoken.events).toHaveLength(total);
    const listed = new Map<string, number>();
    for (const e of spoken.events) listed.set(vietnamDate.format(e.starts_at), (listed.get(vietnamDate.format(e.starts_at)) ?? 0) + 1);
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(expected.map((b) => [b.date, b.count])));
  });

  it("counts only the chosen unit with scope=unit", async () => {
    const data = await calendarData(db(), actor, month("2025-06-15", { scope: "unit", unit: ids.root }));
    const expected = expectedBuckets(
      planned.filter((p) => p.unit === "root"),
      visibleInstants("month", "2025-06-15"),
    );
    const total = expected.reduce((sum, b) => sum + b.count, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(planned.length / 2);
    expect(data.mode).toBe(total > EVENT_LIMIT ? "summary" : "events");
    if (data.mode === "summary") expect(sorted(data.buckets)).toEqual(expected);
    else expect(data.events).toHaveLength(total);
  });

  it("follows the zone's history for a month before Vietnam's last offset change (1975)", async () => {
    const data = await calendarData(db(), actor, month("1975-06-15"));
    expect(data.mode).toBe("summary");
    if (data.mode !== "summary") return;
    const expected = expectedBuckets(planned, visibleInstants("month", "1975-06-15"));
    expect(sorted(data.buckets)).toEqual(expected);
    // A fixed +07:00 would have put these on the previous day: the case is really exercised.
    expect(planned.some((p) => p.startsAt < FIXED_OFFSET_SINCE && p.startsAt.getUTCHours() === 16 && vietnamDate.format(p.startsAt) !== new Date(p.startsAt.getTime() + 7 * HOUR).toISOString().slice(0, 10))).toBe(true);
  });
});
