import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewActivity } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { calendarQuerySchema } from "~/domain/calendar-range";
import { instantAt } from "~/domain/wall-clock";
import { filteredActivities } from "~/services/calendar.server";
import {
  actorForFeedToken,
  disableFeed,
  enableFeed,
  FEED_FUTURE_DAYS,
  FEED_PAST_DAYS,
  feedForToken,
  feedSettings,
  feedTokenFromParam,
  monthPlan,
  regenerateFeed,
} from "~/services/feed.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const ORIGIN = "https://tuyentruyen.example.vn";
/** A "today" inside the demo year, so the feed's window (60 days back, 400 ahead) holds the demo activities. */
const NOW = new Date("2022-09-15T03:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const WINDOW = { from: new Date(NOW.getTime() - FEED_PAST_DAYS * DAY), to: new Date(NOW.getTime() + FEED_FUTURE_DAYS * DAY) };
const noFilters = () => calendarQuerySchema.parse({});
const TRICKY_TITLE = 'Nói chuyện chuyên đề; "đối ngoại nhân dân", Chỉ thị 12\nDòng thứ hai <script>alert(1)</script> \\ hết';

interface ParsedEvent {
  uid: string;
  event: ICAL.Event;
  vevent: ICAL.Component;
}

/** Parses with ical.js (an independent implementation) and registers the file's own VTIMEZONE. */
function parseFeed(ics: string): { calendar: ICAL.Component; events: Map<string, ParsedEvent> } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = new Map<string, ParsedEvent>();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    events.set(event.uid, { uid: event.uid, event, vevent });
  }
  return { calendar, events };
}

const idOfUid = (uid: string) => Number(/^activity-(\d+)@tuyentruyen\.example\.vn$/.exec(uid)?.[1]);

describe.each(testDialects())("private calendar feed and month plan on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let grassroots: Actor; // coso.bientap, CĐCS Trường THCS Bình Lư (LC-TD-003)
  let district: Actor; // huyen.quanly, LĐLĐ huyện Tam Đường (LC-TD)
  const ids = { timed: 0, allDay: 0, cancelled: 0, done: 0 };

  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  async function insertActivity(values: Partial<NewActivity> & Pick<NewActivity, "title" | "starts_at" | "ends_at">): Promise<number> {
    const campaign = await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow();
    const form = await db().selectFrom("channel_form").select("id").where("code", "=", "bao_cao_vien").executeTakeFirstOrThrow();
    const row = await db()
      .insertInto("activity")
      .values({
        campaign_id: campaign.id,
        unit_id: grassroots.unitId,
        channel: "spoken",
        form_id: form.id,
        is_all_day: false,
        location: null,
        presenter: null,
        audience: null,
        planned_attendance: null,
        planned_quantity: null,
        status: "planned",
        cancel_reason: null,
        series_id: null,
        external_ref: null,
        version: 1,
        created_by: grassroots.id,
        created_at: new Date("2022-09-01T02:00:00Z"),
        updated_at: new Date("2022-09-02T02:00:00Z"),
        ...values,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    database = await demoDatabase(dialect, "feed");
    grassroots = await actorFor(db(), "coso.bientap");
    district = await actorFor(db(), "huyen.quanly");
    ids.timed = await insertActivity({
      title: TRICKY_TITLE,
      starts_at: instantAt("2022-09-20", "08:00"),
      ends_at: instantAt("2022-09-20", "10:00"),
      location: "Hội trường, nhà B; tầng 2",
      presenter: "Đ/c Lò Văn Pản",
      version: 3,
    });
    const points = await db()
      .selectFrom("content_point as p")
      .innerJoin("campaign as c", "c.id", "p.campaign_id")
      .select(["p.id", "p.code"])
      .orderBy("p.position")
      .limit(2)
      .execute();
    await db().insertInto("activity_point").values(points.map((p) => ({ activity_id: ids.timed, content_point_id: p.id }))).execute();
    ids.allDay = await insertActivity({
      title: "Treo pa nô hai ngày",
      channel: "visual",
      form_id: null,
      is_all_day: true,
      starts_at: instantAt("2022-09-21", "00:00"),
      ends_at: instantAt("2022-09-23", "00:00"),
    });
    ids.cancelled = await insertActivity({
      title: "Buổi nói chuyện bị hoãn",
      starts_at: instantAt("2022-09-22", "14:00"),
      ends_at: instantAt("2022-09-22", "16:00"),
      status: "cancelled",
      cancel_reason: "Trùng lịch họp",
    });
    ids.done = await insertActivity({
      title: "Sinh hoạt công đoàn đã xong",
      starts_at: instantAt("2022-09-05", "15:00"),
      ends_at: instantAt("2022-09-05", "17:00"),
      status: "done",
    });
  });
  afterAll(() => database?.dispose());

  it("runs with the server clock in UTC, so a time-zone slip would show", () => {
    expect(process.env.TZ).toBe("UTC");
    expect(new Date(2022, 0, 1).getTimezoneOffset()).toBe(0);
  });

  it("turns the feed on with a 32-byte base64url token, keeps it on a second enable, regenerates and turns it off, auditing without the token", async () => {
    const user = await actorFor(db(), "huyen.bientap");
    expect((await feedSettings(db(), user)).token).toBeNull();
    const first = (await enableFeed(db(), user)).token!;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, "base64url")).toHaveLength(32);
    expect((await enableFeed(db(), user)).token).toBe(first);
    expect((await actorForFeedToken(db(), first))?.id).toBe(user.id);

    const second = (await regenerateFeed(db(), user)).token!;
    expect(second).not.toBe(first);
    expect(await actorForFeedToken(db(), first)).toBeNull();
    expect((await actorForFeedToken(db(), second))?.login).toBe("huyen.bientap");
    expect(await feedForToken(db(), first, { origin: ORIGIN, query: noFilters(), now: NOW })).toBeNull();

    await disableFeed(db(), user);
    expect((await feedSettings(db(), user)).token).toBeNull();
    expect(await actorForFeedToken(db(), second)).toBeNull();
    expect(await feedForToken(db(), second, { origin: ORIGIN, query: noFilters(), now: NOW })).toBeNull();

    const audits = await db().selectFrom("audit_log").selectAll().where("user_id", "=", user.id).where("action", "like", "feed.%").orderBy("id").execute();
    expect(audits.map((a) => a.action)).toEqual(["feed.enable", "feed.regenerate", "feed.disable"]);
    for (const audit of audits) {
      const text = `${audit.before_data} ${audit.after_data}`;
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
    }
  });

  it("accepts only TOKEN.ics in the URL and refuses a deactivated account's token", async () => {
    const token = (await enableFeed(db(), grassroots)).token!;
    expect(feedTokenFromParam(`${token}.ics`)).toBe(token);
    expect(feedTokenFromParam(token)).toBeNull();
    expect(feedTokenFromParam(`${token}.ics.ics`)).toBeNull();
    expect(feedTokenFromParam(`${token.slice(1)}.ics`)).toBeNull();
    expect(feedTokenFromParam(undefined)).toBeNull();

    const viewer = await actorFor(db(), "xem");
    const viewerToken = (await enableFeed(db(), viewer)).token!;
    expect(await feedForToken(db(), viewerToken, { origin: ORIGIN, query: noFilters(), now: NOW })).not.toBeNull();
    await db().updateTable("app_user").set({ is_active: false }).where("id", "=", viewer.id).execute();
    expect(await feedForToken(db(), viewerToken, { origin: ORIGIN, query: noFilters(), now: NOW })).toBeNull();
    await db().updateTable("app_user").set({ is_active: true }).where("id", "=", viewer.id).execute();
  });

  it("serves a grassroots editor exactly the calendar's activities of its own unit, none outside its subtree", async () => {
    const token = (await enableFeed(db(), grassroots)).token!;
    const feed = (await feedForToken(db(), token, { origin: ORIGIN, query: noFilters(), now: NOW }))!;
    const { events } = parseFeed(feed.ics);
    const inFeed = [...events.keys()].map(idOfUid).sort((a, b) => a - b);

    const expected = (await filteredActivities(db(), grassroots, noFilters(), WINDOW).select("a.id").execute()).map((r) => r.id).sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(4);
    expect(inFeed).toEqual(expected);
    expect(feed.count).toBe(expected.length);

    const units = await db().selectFrom("activity").select("unit_id").distinct().where("id", "in", inFeed).execute();
    expect(units.map((u) => u.unit_id)).toEqual([grassroots.unitId]);
    // Other units do have activities in this window: the feed leaves them out.
    const elsewhere = await db()
      .selectFrom("activity")
      .select("id")
      .where("unit_id", "<>", grassroots.unitId)
      .where("starts_at", "<", WINDOW.to)
      .where("ends_at", ">", WINDOW.from)
      .execute();
    expect(elsewhere.length).toBeGreaterThan(50);
    expect(elsewhere.some((a) => inFeed.includes(a.id))).toBe(false);
  });

  it("caps the feed at the newest activities of the window (by start)", async () => {
    const token = (await enableFeed(db(), grassroots)).token!;
    const capped = (await feedForToken(db(), token, { origin: ORIGIN, query: noFilters(), now: NOW, limit: 3 }))!;
    const newest = (await filteredActivities(db(), grassroots, noFilters(), WINDOW).select("a.id").orderBy("a.starts_at", "desc").orderBy("a.id", "desc").limit(3).execute()).map((r) => r.id);
    expect(capped.count).toBe(3);
    expect([...parseFeed(capped.ics).events.keys()].map(idOfUid).sort((a, b) => a - b)).toEqual([...newest].sort((a, b) => a - b));
  });

  it("applies the calendar's filters and refuses a unit filter outside the scope with the same null", async () => {
    const token = (await enableFeed(db(), district)).token!;
    const binhLu = await unitId("LC-TD-003");
    for (const raw of [{}, { unit: String(binhLu), scope: "unit" }, { channel: "spoken" }, { status: "cancelled" }, { unit: String(binhLu), channel: "visual" }]) {
      const query = calendarQuerySchema.parse(raw);
      const feed = (await feedForToken(db(), token, { origin: ORIGIN, query, now: NOW }))!;
      const inFeed = [...parseFeed(feed.ics).events.keys()].map(idOfUid).sort((a, b) => a - b);
      const expected = (await filteredActivities(db(), district, query, WINDOW).select("a.id").execute()).map((r) => r.id).sort((a, b) => a - b);
      expect(inFeed, JSON.stringify(raw)).toEqual(expected);
    }
    const otherDistrict = await unitId("LC-PT");
    expect(await feedForToken(db(), token, { origin: ORIGIN, query: calendarQuerySchema.parse({ unit: String(otherDistrict) }), now: NOW })).toBeNull();
  });

  it("writes RFC 5545 that ical.js reads: 08:00 Vietnam time with TZID and a +07:00 VTIMEZONE, DATE all-day events, statuses, sequence and inert text", async () => {
    const token = (await enableFeed(db(), grassroots)).token!;
    const feed = (await feedForToken(db(), token, { origin: ORIGIN, query: noFilters(), now: NOW }))!;
    const ics = feed.ics;
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    // Every line ends in CRLF and fits in 75 octets.
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);

    const { calendar, events } = parseFeed(ics);
    const zone = calendar.getFirstSubcomponent("vtimezone")!;
    expect(zone.getFirstPropertyValue("tzid")).toBe("Asia/Ho_Chi_Minh");
    const standard = zone.getFirstSubcomponent("standard")!;
    expect(standard.getFirstPropertyValue("tzname")).toBe("ICT");
    expect(standard.getFirstProperty("tzoffsetto")!.toICALString()).toBe("TZOFFSETTO:+0700");
    expect(zone.getFirstSubcomponent("daylight")).toBeNull();

    const uid = (id: number) => `activity-${id}@tuyentruyen.example.vn`;
    const timed = events.get(uid(ids.timed))!;
    expect(timed).toBeDefined();
    const dtstart = timed.vevent.getFirstProperty("dtstart")!;
    expect(dtstart.getParameter("tzid")).toBe("Asia/Ho_Chi_Minh");
    expect(timed.event.startDate.toString()).toBe("2022-09-20T08:00:00");
    expect(timed.event.startDate.isDate).toBe(false);
    expect(timed.event.startDate.convertToZone(ICAL.Timezone.utcTimezone).toString()).toBe("2022-09-20T01:00:00Z");
    expect(timed.event.startDate.toJSDate().toISOString()).toBe("2022-09-20T01:00:00.000Z");
    expect(timed.event.endDate.toJSDate().toISOString()).toBe("2022-09-20T03:00:00.000Z");
    expect(ics).toContain("DTSTART;TZID=Asia/Ho_Chi_Minh:20220920T080000\r\n");
    expect(timed.event.sequence).toBe(3);
    expect(timed.vevent.getFirstPropertyValue("status")).toBe("TENTATIVE");
    // User text comes back exactly as typed: escaped in the file, never able to add properties.
    expect(timed.event.summary).toBe(`[TT miệng] ${TRICKY_TITLE}`);
    expect(timed.event.location).toBe("Hội trường, nhà B; tầng 2");
    const unfolded = ics.replace(/\r\n[ \t]/g, "");
    expect(unfolded).toContain("Chỉ thị 12\\nDòng thứ hai <script>");
    expect(unfolded).toContain("chuyên đề\\; \"đối ngoại nhân dân\"\\,");
    expect(ics.split("\r\n").some((line) => line.startsWith("Dòng thứ hai"))).toBe(false);
    const description = timed.event.description;
    expect(description).toContain("Đơn vị: Công đoàn Trường THCS Bình Lư");
    expect(description).toContain("Hình thức: Tuyên truyền miệng – Báo cáo viên, tuyên truyền viên");
    expect(description).toContain("Nội dung tuyên truyền:\n- ");
    expect(description).toContain("Báo cáo viên: Đ/c Lò Văn Pản");
    expect(description).toContain(`${ORIGIN}/activities/${ids.timed}`);
    expect(timed.vevent.getFirstPropertyValue("url")).toBe(`${ORIGIN}/activities/${ids.timed}`);
    // DTSTAMP and LAST-MODIFIED are UTC, as RFC 5545 requires.
    expect(ics).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect((timed.vevent.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate().toISOString()).toBe("2022-09-02T02:00:00.000Z");

    const allDay = events.get(uid(ids.allDay))!;
    expect(allDay.event.startDate.isDate).toBe(true);
    expect(allDay.event.startDate.toString()).toBe("2022-09-21");
    expect(allDay.event.endDate.isDate).toBe(true);
    expect(allDay.event.endDate.toString()).toBe("2022-09-23");
    expect(allDay.vevent.getFirstProperty("dtstart")!.toICALString()).toBe("DTSTART;VALUE=DATE:20220921");
    expect(allDay.event.summary).toBe("[Trực quan] Treo pa nô hai ngày");

    const cancelled = events.get(uid(ids.cancelled))!;
    expect(cancelled.vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled.event.summary).toBe("(Đã hủy) [TT miệng] Buổi nói chuyện bị hoãn");
    expect(cancelled.event.description).toContain("Trạng thái: Đã hủy (Trùng lịch họp)");
    expect(events.get(uid(ids.done))!.vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");

    // The demo's timed activities keep their Vietnam wall clock too (stored as UTC instants).
    const demo = await db()
      .selectFrom("activity")
      .select(["id", "starts_at", "ends_at", "is_all_day"])
      .where("unit_id", "=", grassroots.unitId)
      .where("id", "not in", Object.values(ids))
      .execute();
    let checked = 0;
    for (const row of demo) {
      const parsed = events.get(uid(row.id));
      if (!parsed) continue;
      checked++;
      expect(parsed.event.startDate.isDate).toBe(row.is_all_day);
      if (!row.is_all_day) expect(parsed.event.startDate.toJSDate().getTime()).toBe(row.starts_at.getTime());
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("keeps UIDs and the whole text stable between downloads, and bumps SEQUENCE when an activity changes", async () => {
    const token = (await enableFeed(db(), grassroots)).token!;
    const one = (await feedForToken(db(), token, { origin: ORIGIN, query: noFilters(), now: NOW }))!;
    const two = (await feedForToken(db(), token, { origin: ORIGIN, query: noFilters(), now: NOW }))!;
    expect([...parseFeed(two.ics).events.keys()]).toEqual([...parseFeed(one.ics).events.keys()]);
    expect(two.ics).toBe(one.ics);
    expect(two.etag).toBe(one.etag);

    await db()
      .updateTable("activity")
      .set({ starts_at: instantAt("2022-09-20", "09:00"), version: 4, updated_at: new Date("2022-09-10T00:00:00Z") })
      .where("id", "=", ids.timed)
      .execute();
    const three = (await feedForToken(db(), token, { origin: ORIGIN, query: noFilters(), now: NOW }))!;
    expect(three.etag).not.toBe(one.etag);
    const moved = parseFeed(three.ics).events.get(`activity-${ids.timed}@tuyentruyen.example.vn`)!;
    expect(moved.event.sequence).toBe(4);
    expect(moved.event.startDate.toString()).toBe("2022-09-20T09:00:00");
    expect([...parseFeed(three.ics).events.keys()].sort()).toEqual([...parseFeed(one.ics).events.keys()].sort());
  });

  it("lists the month plan by date within the scope, with the calendar's filters, and 404s a unit outside it", async () => {
    const plan = await monthPlan(db(), grassroots, noFilters(), "2022-09");
    expect(plan.unit.name).toBe("Công đoàn Trường THCS Bình Lư");
    expect(plan.unit.parentName).toContain("Tam Đường");
    expect(plan.rows.every((r) => r.unit_name === "Công đoàn Trường THCS Bình Lư")).toBe(true);
    const starts = plan.rows.map((r) => r.starts_at.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(plan.rows.map((r) => r.id)).toEqual(expect.arrayContaining([ids.timed, ids.allDay, ids.cancelled, ids.done]));
    expect(plan.total).toBe(plan.rows.length);
    const timed = plan.rows.find((r) => r.id === ids.timed)!;
    expect(timed.points.length).toBe(2);

    const districtPlan = await monthPlan(db(), district, calendarQuerySchema.parse({ channel: "visual" }), "2022-09");
    expect(districtPlan.rows.length).toBeGreaterThan(0);
    expect(districtPlan.rows.every((r) => r.channel === "visual")).toBe(true);
    expect(districtPlan.filters.channel).toBe("visual");
    const outline = new Intl.Collator("vi", { numeric: true });
    for (const row of [...plan.rows, ...districtPlan.rows]) {
      const codes = row.points.map((p) => p.code);
      expect(codes).toEqual([...codes].sort(outline.compare));
    }
    const inDistrict = new Set(
      (await db().selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", district.unitId).execute()).map((r) => r.descendant_id),
    );
    const unitsOfRows = await db().selectFrom("activity").select("unit_id").where("id", "in", districtPlan.rows.map((r) => r.id)).execute();
    expect(unitsOfRows.every((r) => inDistrict.has(r.unit_id))).toBe(true);

    await expectStatus(monthPlan(db(), grassroots, calendarQuerySchema.parse({ unit: String(district.unitId) }), "2022-09"), 404);
    const empty = await monthPlan(db(), grassroots, noFilters(), "2021-01");
    expect(empty.rows).toEqual([]);
    expect(empty.total).toBe(0);
  });
});
