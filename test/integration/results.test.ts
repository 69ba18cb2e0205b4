import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelCode } from "@db/schema";
import { RESULT_SCHEMAS, type ResultInput } from "~/domain/result-schemas";
import { createActivities, getActivity } from "~/services/activities.server";
import { pendingResults, removeEvidence, saveResult } from "~/services/results.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const png = () => sharp({ create: { width: 640, height: 480, channels: 3, background: "#b3141b" } }).png().toBuffer();

describe.each(testDialects())("logging results on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

  /** A fresh planned activity of the given channel in a grassroots union of Tam Đường, ended yesterday of 2022-11-20. */
  async function planned(channel: ChannelCode, day = "2022-11-20"): Promise<number> {
    const editor = await actorFor(db(), "huyen.bientap");
    const campaign = await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow();
    const [y, m, d] = day.split("-").map(Number);
    const outcome = await createActivities(
      db(),
      editor,
      {
        campaignId: campaign.id, unitId: await unitId("LC-TD-003"), channel, formId: null, title: `Hoạt động ${channel} ${day}`, allDay: false,
        startsAt: new Date(Date.UTC(y, m - 1, d, 1)), endsAt: new Date(Date.UTC(y, m - 1, d, 3)), location: null, presenter: null,
        audience: null, plannedAttendance: null, plannedQuantity: null, pointIds: [], repeat: null,
      },
      true,
    );
    if (!outcome.ok) throw new Error("could not plan");
    return outcome.ids[0];
  }
  const parse = (channel: ChannelCode, values: Record<string, string>) => RESULT_SCHEMAS[channel].parse(values) as ResultInput;

  beforeAll(async () => {
    database = await demoDatabase(dialect, "results");
  });
  afterAll(() => database?.dispose());

  it("records each channel's own figures and marks the activity done", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const cases: [ChannelCode, Record<string, string>, Record<string, unknown>][] = [
      ["spoken", { attendance: "1.250", membersAttending: "1200", womenAttending: "640", presenter: "Đ/c Tẩn Thị Dung" }, { attendance: 1250, members_attending: 1200, women_attending: 640, quantity: null }],
      ["visual", { quantity: "12", quantityUnit: "pa nô", displayPlace: "Cổng trường", displayDays: "30" }, { quantity: 12, quantity_unit: "pa nô", display_days: 30, attendance: null }],
      ["media", { items: "3", outlet: "Báo Lai Châu", links: "https://baolaichau.vn/a\nhttps://baolaichau.vn/b" }, { items: 3, outlet: "Báo Lai Châu", links: "https://baolaichau.vn/a\nhttps://baolaichau.vn/b" }],
      ["facebook", { posts: "2", reach: "15 300", reachSource: "meta_reach", views: "20000", engagements: "900", shares: "120" }, { posts: 2, reach: 15300, reach_source: "meta_reach", engagements: 900, shares: 120 }],
    ];
    for (const [channel, values, expected] of cases) {
      const id = await planned(channel);
      expect(await saveResult(db(), editor, id, parse(channel, values))).toEqual({ ok: true });
      const row = await db().selectFrom("activity_result").selectAll().where("activity_id", "=", id).executeTakeFirstOrThrow();
      expect(row).toMatchObject(expected);
      const { activity } = await getActivity(db(), editor, id);
      expect([activity.status, activity.version]).toEqual(["done", 2]);
      if (channel === "spoken") expect(activity.presenter).toBe("Đ/c Tẩn Thị Dung");
    }
  });

  it("refuses impossible figures with a message per field", () => {
    const spoken = RESULT_SCHEMAS.spoken.safeParse({ attendance: "100", membersAttending: "120" });
    expect(spoken.success).toBe(false);
    expect(spoken.error?.issues[0]).toMatchObject({ path: ["membersAttending"], message: "results.partAboveTotal" });
    expect(RESULT_SCHEMAS.spoken.safeParse({ attendance: "-5" }).success).toBe(false);
    expect(RESULT_SCHEMAS.facebook.safeParse({ posts: "1", reach: "500" }).error?.issues[0].message).toBe("results.reachSourceRequired");
    expect(RESULT_SCHEMAS.media.safeParse({ items: "1", links: "javascript:alert(1)" }).success).toBe(false);
  });

  it("keeps the earlier figures in the audit log when a result is corrected", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const id = await planned("spoken", "2022-11-18");
    await saveResult(db(), editor, id, parse("spoken", { attendance: "80" }));
    await saveResult(db(), editor, id, parse("spoken", { attendance: "85" }));
    const audit = await db().selectFrom("audit_log").select(["action", "before_data", "after_data"]).where("entity", "=", "activity_result").where("entity_id", "=", id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "update"]);
    expect(JSON.parse(audit[1].before_data!).attendance).toBe(80);
    expect(JSON.parse(audit[1].after_data!).attendance).toBe(85);
  });

  it("two first logs of the same activity at the same time both succeed, and the last one stands", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const id = await planned("spoken", "2022-11-16");
    const outcomes = await Promise.all([
      saveResult(db(), editor, id, parse("spoken", { attendance: "40" })),
      saveResult(db(), editor, id, parse("spoken", { attendance: "41" })),
    ]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }]);
    const rows = await db().selectFrom("activity_result").select("attendance").where("activity_id", "=", id).execute();
    expect(rows).toHaveLength(1);
    expect([40, 41]).toContain(rows[0].attendance);
  });

  it("refuses other subtrees, viewers and cancelled activities", async () => {
    const id = await planned("spoken", "2022-11-17");
    await expectStatus(saveResult(db(), await actorFor(db(), "xem"), id, parse("spoken", { attendance: "1" })), 403);
    const other = await db().selectFrom("activity").select("id").where("unit_id", "=", await unitId("LC-PT-002")).executeTakeFirstOrThrow();
    await expectStatus(saveResult(db(), await actorFor(db(), "coso.bientap"), other.id, parse("spoken", { attendance: "1" })), 404);
    await db().updateTable("activity").set({ status: "cancelled" }).where("id", "=", id).execute();
    expect(await saveResult(db(), await actorFor(db(), "coso.bientap"), id, parse("spoken", { attendance: "1" }))).toEqual({ ok: false, reason: "cancelled" });
  });

  it("freezes results while the unit's report is submitted, and unfreezes on return", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const id = await planned("spoken", "2022-11-16");
    const { activity } = await getActivity(db(), editor, id);
    await db()
      .insertInto("unit_report")
      .values({ campaign_id: activity.campaign_id, unit_id: activity.unit_id, status: "submitted", highlights: null, assessment: null, difficulties: null, proposals: null, figures: null, submitted_at: new Date(), submitted_by: editor.id, is_on_time: true, reviewed_at: null, reviewed_by: null, review_comment: null, version: 1 })
      .execute();
    expect(await saveResult(db(), editor, id, parse("spoken", { attendance: "40" }))).toEqual({ ok: false, reason: "locked" });
    expect((await pendingResults(db(), editor)).find((p) => p.id === id)?.isLocked).toBe(true);
    await db().updateTable("unit_report").set({ status: "returned" }).where("unit_id", "=", activity.unit_id).where("campaign_id", "=", activity.campaign_id).execute();
    expect(await saveResult(db(), editor, id, parse("spoken", { attendance: "40" }))).toEqual({ ok: true });
    await db().deleteFrom("unit_report").where("unit_id", "=", activity.unit_id).where("campaign_id", "=", activity.campaign_id).execute();
  });

  it("keeps real photos with thumbnails and refuses anything else", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const id = await planned("spoken", "2022-11-15");
    const photo = { fileName: "buoi-tuyen-truyen.png", bytes: await png() };
    expect(await saveResult(db(), editor, id, parse("spoken", { attendance: "30" }), [photo])).toEqual({ ok: true });
    const stored = await db().selectFrom("attachment").select(["id", "mime_type", "thumbnail", "content"]).where("activity_id", "=", id).executeTakeFirstOrThrow();
    expect(stored.mime_type).toBe("image/png");
    expect((await sharp(stored.thumbnail!).metadata()).width).toBe(320);
    const fake = { fileName: "anh.jpg", bytes: Buffer.from("<script>alert(1)</script>") };
    expect(await saveResult(db(), editor, id, parse("spoken", { attendance: "30" }), [fake])).toEqual({ ok: false, errors: { photos: { key: "results.evidence.notImage" } } });
    const many = Array.from({ length: 10 }, () => photo);
    expect(await saveResult(db(), editor, id, parse("spoken", { attendance: "30" }), many)).toEqual({ ok: false, errors: { photos: { key: "results.evidence.tooMany" } } });
    expect(await removeEvidence(db(), editor, id, stored.id)).toEqual({ ok: true });
    expect(await db().selectFrom("attachment").select("id").where("activity_id", "=", id).execute()).toHaveLength(0);
  });

  it("lists ended activities without results, in scope, flagging overdue ones", async () => {
    const editor = await actorFor(db(), "coso.bientap");
    const recent = await planned("media", "2022-11-19");
    const old = await planned("media", "2022-11-01");
    const list = await pendingResults(db(), editor, { now: new Date("2022-11-21T00:00:00Z") });
    expect(list.find((p) => p.id === recent)?.isOverdue).toBe(false);
    expect(list.find((p) => p.id === old)?.isOverdue).toBe(true);
    const own = await db().selectFrom("unit").select("name").where("id", "=", editor.unitId).executeTakeFirstOrThrow();
    expect(list.every((p) => p.unit_name === own.name)).toBe(true);
    await saveResult(db(), editor, recent, parse("media", { items: "1" }));
    expect((await pendingResults(db(), editor, { now: new Date("2022-11-21T00:00:00Z") })).map((p) => p.id)).not.toContain(recent);
  });
});
