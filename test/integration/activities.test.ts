import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityFormSchema, type ActivityInput } from "~/domain/activity-schemas";
import { calendarQuerySchema } from "~/domain/calendar-range";
import {
  cancelActivity,
  createActivities,
  deleteActivity,
  getActivity,
  rescheduleActivity,
  updateActivity,
} from "~/services/activities.server";
import { calendarData, EVENT_LIMIT } from "~/services/calendar.server";
import { createCampaign } from "~/services/campaigns.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";
import { activityRow } from "../support/rows";

describe.each(testDialects())("planning activities on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const campaignId = async () => (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  const pointId = async (code: string) =>
    (await db().selectFrom("content_point").select("id").where("code", "=", code).where("campaign_id", "=", await campaignId()).executeTakeFirstOrThrow()).id;

  /** The form as a user would post it, through the same schema the route uses. */
  async function form(overrides: Record<string, unknown> = {}): Promise<ActivityInput> {
    return activityFormSchema.parse({
      campaignId: String(await campaignId()),
      unitId: String(await unitId("LC-TD-003")),
      channel: "spoken",
      title: "Tuyên truyền Chỉ thị 12-CT/TW cho đoàn viên",
      startDate: "2022-11-21",
      startTime: "08:00",
      endTime: "10:00",
      pointIds: [String(await pointId("1.1"))],
      ...overrides,
    });
  }

  beforeAll(async () => {
    database = await demoDatabase(dialect, "activities");
  });
  afterAll(() => database?.dispose());

  it("plans an activity at Vietnamese wall-clock time", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    const outcome = await createActivities(db(), editor, await form(), false);
    expect(outcome.ok).toBe(true);
    const id = outcome.ok ? outcome.ids[0] : 0;
    const { activity, points } = await getActivity(db(), editor, id);
    expect(activity.starts_at.toISOString()).toBe("2022-11-21T01:00:00.000Z");
    expect(activity.ends_at.toISOString()).toBe("2022-11-21T03:00:00.000Z");
    expect(activity.status).toBe("planned");
    expect(activity.version).toBe(1);
    expect(points.map((p) => p.code)).toEqual(["1.1"]);
  });

  it("takes a parent point's children with it", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    const outcome = await createActivities(db(), editor, await form({ pointIds: [String(await pointId("1.4"))], startDate: "2022-11-22" }), true);
    const id = outcome.ok ? outcome.ids[0] : 0;
    const codes = (await getActivity(db(), editor, id)).points.map((p) => p.code).sort();
    expect(codes).toEqual(["1.4", ...Array.from({ length: 8 }, (_, i) => `1.4.${i + 1}`)].sort());
  });

  it("creates a weekly series as separate activities at the same time each Monday", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    const outcome = await createActivities(
      db(),
      editor,
      await form({ channel: "facebook", title: "Bài viết thứ Hai", startDate: "2022-09-05", startTime: "20:00", endTime: "20:30", repeat: "weekly", repeatCount: "8" }),
      true,
    );
    expect(outcome.ok && outcome.ids.length).toBe(8);
    const rows = await db().selectFrom("activity").select(["starts_at", "series_id"]).where("title", "=", "Bài viết thứ Hai").orderBy("starts_at").execute();
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.series_id)).size).toBe(1);
    rows.forEach((r, i) => expect(r.starts_at.toISOString()).toBe(new Date(Date.UTC(2022, 8, 5 + 7 * i, 13, 0)).toISOString()));
  });

  it("warns about a double-booked presenter and saves once the user confirms", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    const first = await form({ startDate: "2022-11-25", presenter: "Đ/c Lường Văn Hùng", location: "Hội trường A" });
    expect((await createActivities(db(), editor, first, false)).ok).toBe(true);
    const clash = await form({ unitId: String(await unitId("LC-TD-001")), startDate: "2022-11-25", startTime: "09:30", endTime: "11:00", presenter: "  đ/c lường văn  hùng " });
    const outcome = await createActivities(db(), editor, clash, false);
    expect(outcome.ok).toBe(false);
    expect("warnings" in outcome && outcome.warnings.map((w) => w.kind)).toEqual(["presenter"]);
    expect((await createActivities(db(), editor, clash, true)).ok).toBe(true);
    const outside = await createActivities(db(), editor, await form({ startDate: "2023-02-01" }), false);
    expect("warnings" in outside && outside.warnings.map((w) => w.kind)).toEqual(["outsidePeriod"]);
  });

  it("refuses units outside the subtree, viewers, closed units and units the campaign does not cover", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    await expectStatus(createActivities(db(), editor, await form({ unitId: String(await unitId("LC-PT")) }), true), 404);
    await expectStatus(createActivities(db(), await actorFor(db(), "xem"), await form(), true), 403);
    const closed = await db().selectFrom("unit").select(["id", "closed_on"]).where("closed_on", "is not", null).executeTakeFirstOrThrow();
    const late = await createActivities(db(), editor, await form({ unitId: String(closed.id), startDate: "2022-11-28" }), true);
    expect("errors" in late && late.errors.startDate?.key).toBe("activities.unitClosed");
    const manager = await actorFor(db(), "huyen.quanly");
    const narrow = await createCampaign(db(), manager, {
      title: "Kế hoạch riêng một trường",
      summary: null,
      issuerUnitId: await unitId("LC-TD-003"),
      startsOn: "2022-07-01",
      endsOn: "2022-12-31",
      reportDueOn: "2022-12-20",
      status: "active",
      reportingKinds: [],
    });
    const outcome = await createActivities(db(), editor, await form({ campaignId: String(narrow), unitId: String(await unitId("LC-TD-001")), pointIds: [] }), true);
    expect("errors" in outcome && outcome.errors.unitId?.key).toBe("activities.unitNotInCampaign");
  });

  it("refuses a save against a stale version and keeps the other user's change", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    const created = await createActivities(db(), editor, await form({ startDate: "2022-12-01", title: "Bản gốc" }), true);
    const id = created.ok ? created.ids[0] : 0;
    expect(await updateActivity(db(), editor, id, 1, await form({ startDate: "2022-12-01", title: "Sửa lần 1" }), true)).toEqual({ ok: true, ids: [id] });
    expect(await updateActivity(db(), editor, id, 1, await form({ startDate: "2022-12-01", title: "Sửa từ bản cũ" }), true)).toEqual({ ok: false, conflict: true });
    const moved = await rescheduleActivity(db(), editor, id, { startsAt: new Date("2022-12-02T01:00:00Z"), endsAt: new Date("2022-12-02T03:00:00Z"), allDay: false, version: 1 });
    expect(moved.ok).toBe(false);
    const { activity } = await getActivity(db(), editor, id);
    expect(activity.title).toBe("Sửa lần 1");
    expect(activity.version).toBe(2);
    const ok = await rescheduleActivity(db(), editor, id, { startsAt: new Date("2022-12-02T01:00:00Z"), endsAt: new Date("2022-12-02T03:00:00Z"), allDay: false, version: 2 });
    expect(ok).toMatchObject({ ok: true, version: 3 });
    expect((await getActivity(db(), editor, id)).activity.starts_at.toISOString()).toBe("2022-12-02T01:00:00.000Z");
    await expectStatus(rescheduleActivity(db(), await actorFor(db(), "xem"), id, { startsAt: new Date(), endsAt: new Date(Date.now() + 1000), allDay: false, version: 3 }), 403);
    await expectStatus(rescheduleActivity(db(), await actorFor(db(), "coso.bientap"), (await db().selectFrom("activity").select("id").where("unit_id", "=", await unitId("LC-PT-002")).executeTakeFirstOrThrow()).id, { startsAt: new Date(), endsAt: new Date(Date.now() + 1000), allDay: false, version: 1 }), 404);
  });

  it("cancels with a reason, keeps the activity, and deletes only planned ones without results", async () => {
    const editor = await actorFor(db(), "huyen.bientap");
    const a = await createActivities(db(), editor, await form({ startDate: "2022-12-05" }), true);
    const b = await createActivities(db(), editor, await form({ startDate: "2022-12-06" }), true);
    const [cancelId, deleteId] = [a.ok ? a.ids[0] : 0, b.ok ? b.ids[0] : 0];
    expect(await cancelActivity(db(), editor, cancelId, "Trùng lịch họp của huyện", 1)).toEqual({ ok: true });
    const cancelled = (await getActivity(db(), editor, cancelId)).activity;
    expect([cancelled.status, cancelled.cancel_reason]).toEqual(["cancelled", "Trùng lịch họp của huyện"]);
    expect(await deleteActivity(db(), editor, cancelId, cancelled.version)).toEqual({ ok: false, reason: "notPlanned" });
    expect(await deleteActivity(db(), editor, deleteId, 1)).toEqual({ ok: true });
    expect(await db().selectFrom("activity").select("id").where("id", "=", deleteId).executeTakeFirst()).toBeUndefined();
    const done = await db().selectFrom("activity").innerJoin("unit_tree as t", "t.descendant_id", "activity.unit_id").select(["activity.id", "activity.version"]).where("t.ancestor_id", "=", editor.unitId).where("status", "=", "done").executeTakeFirstOrThrow();
    expect(await cancelActivity(db(), editor, done.id, "x", done.version)).toEqual({ ok: false, reason: "notPlanned" });
    expect(await deleteActivity(db(), editor, done.id, done.version)).toEqual({ ok: false, reason: "notPlanned" });
  });

  it("gives the calendar only the actor's subtree, filtered as the URL says", async () => {
    const grassroots = await actorFor(db(), "coso.bientap");
    const query = calendarQuerySchema.parse({ view: "month", date: "2022-10-15" });
    const data = await calendarData(db(), grassroots, { ...query, date: "2022-10-15" });
    expect(data.mode).toBe("events");
    const events = data.mode === "events" ? data.events : [];
    const own = await db().selectFrom("unit").select("name").where("id", "=", grassroots.unitId).executeTakeFirstOrThrow();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.unit_name === own.name)).toBe(true);
    await expectStatus(calendarData(db(), grassroots, { ...query, date: "2022-10-15", unit: await unitId("LC-TD") }), 404);

    const province = await actorFor(db(), "tinh.quanly");
    const spoken = await calendarData(db(), province, { ...query, date: "2022-10-15", channel: "spoken", point: await pointId("1.1") });
    const rows = spoken.mode === "events" ? spoken.events : [];
    expect(rows.every((e) => e.channel === "spoken")).toBe(true);
    for (const e of rows) {
      const tagged = await db().selectFrom("activity_point").select("activity_id").where("activity_id", "=", e.id).where("content_point_id", "=", await pointId("1.1")).executeTakeFirst();
      expect(tagged).toBeDefined();
    }
  });

  it("switches to counts per day and channel when a range holds more events than a person can read", async () => {
    const province = await actorFor(db(), "tinh.quanly");
    const unit = await unitId("LC-TP");
    const campaign = await campaignId();
    const rows = Array.from({ length: EVENT_LIMIT + 10 }, (_, i) =>
      activityRow({
        campaign_id: campaign,
        unit_id: unit,
        channel: "facebook",
        title: `Bài đăng ${i}`,
        starts_at: new Date(Date.UTC(2022, 7, 1 + (i % 28), 2)),
        ends_at: new Date(Date.UTC(2022, 7, 1 + (i % 28), 3)),
      }),
    );
    for (let i = 0; i < rows.length; i += 100) await db().insertInto("activity").values(rows.slice(i, i + 100)).execute();
    const data = await calendarData(db(), province, { ...calendarQuerySchema.parse({ view: "month" }), date: "2022-08-15" });
    expect(data.mode).toBe("summary");
    if (data.mode !== "summary") return;
    expect(data.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(data.total);
    const aug1 = data.buckets.find((b) => b.date === "2022-08-01" && b.channel === "facebook");
    expect(aug1!.count).toBeGreaterThanOrEqual(Math.floor((EVENT_LIMIT + 10) / 28));
    const narrowed = await calendarData(db(), province, { ...calendarQuerySchema.parse({ view: "day" }), date: "2022-08-01" });
    expect(narrowed.mode).toBe("events");
  });
});
