import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelCode, ReportStatus } from "@db/schema";
import { computeTally, tallyActivities, type TallyScope } from "~/services/tally.server";
import { addToRollups } from "~/services/tally-rollup.server";
import { insertUnitWithClosure } from "~/services/unit-tree.server";
import { insertAccount } from "~/services/users.server";
import { actorFor, expectStatus } from "../support/actors";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";

/**
 * A small world whose every figure is worked out by hand in the comments, so each tally rule
 * is checked against arithmetic, not against the code under test.
 */
describe.each(testDialects())("tally rules on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const ids: Record<string, number> = {};
  let scope: TallyScope;

  async function activity(key: string, unit: string, channel: ChannelCode, status: "done" | "planned" | "cancelled", day: string, points: string[], result?: Record<string, number | string>) {
    const starts = new Date(`${day}T01:00:00Z`);
    const { id } = await db()
      .insertInto("activity")
      .values({
        campaign_id: ids.campaign, unit_id: ids[unit], channel, form_id: null, title: key, starts_at: starts, ends_at: new Date(starts.getTime() + 7200_000),
        is_all_day: false, location: null, presenter: null, audience: null, planned_attendance: null, planned_quantity: null, status, cancel_reason: null,
        series_id: null, external_ref: null, version: 1, created_by: null, created_at: starts, updated_at: starts,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[key] = id;
    for (const p of points) await db().insertInto("activity_point").values({ activity_id: id, content_point_id: ids[p] }).execute();
    if (result) await db().insertInto("activity_result").values({ activity_id: id, reported_at: starts, reported_by: null, ...result }).execute();
    await addToRollups(db(), [id]); // written directly, not through a service
  }

  beforeAll(async () => {
    database = await freshDatabase(dialect, "tally");
    const kind = async (code: string, level: number, grassroots: boolean) =>
      (await db().insertInto("unit_kind").values({ code, name: code, level, is_grassroots: grassroots }).returning("id").executeTakeFirstOrThrow()).id;
    const [province, district, grassroots] = [await kind("province", 1, false), await kind("district", 2, false), await kind("grassroots", 3, true)];
    const unit = async (key: string, parent: string | null, kindId: number, members: number, closedOn: string | null = null) => {
      ids[key] = await insertUnitWithClosure(db(), { parent_id: parent ? ids[parent] : null, name: `Đơn vị ${key}`, kind_id: kindId, members, opened_on: "2010-01-01", closed_on: closedOn, created_at: new Date() });
    };
    await unit("P", null, province, 0);
    await unit("D1", "P", district, 0);
    await unit("G1", "D1", grassroots, 100);
    await unit("G2", "D1", grassroots, 50, "2022-09-30"); // merged away before the period ends: not expected
    await unit("D2", "P", district, 0);
    await unit("G3", "D2", grassroots, 1200);
    await unit("G4", "D2", grassroots, 10);
    const now = new Date();
    ids.campaign = (await db().insertInto("campaign").values({ issuer_unit_id: ids.P, title: "Chỉ thị 12", summary: null, starts_on: "2022-07-01", ends_on: "2022-12-31", report_due_on: "2022-12-25", status: "active", created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow()).id;
    await db().insertInto("campaign_reporting_kind").values([{ campaign_id: ids.campaign, unit_kind_id: grassroots, due_on: "2022-12-10" }, { campaign_id: ids.campaign, unit_kind_id: district, due_on: "2022-12-18" }]).execute();
    await db().insertInto("campaign_target").values([
      { campaign_id: ids.campaign, unit_kind_id: grassroots, min_members: 1000, max_members: null, channel: null, min_activities: 2, member_coverage_pct: null },
      { campaign_id: ids.campaign, unit_kind_id: district, min_members: null, max_members: null, channel: null, min_activities: 2, member_coverage_pct: null },
    ]).execute();
    const point = async (key: string, parent: string | null, position: number) => {
      ids[key] = (await db().insertInto("content_point").values({ campaign_id: ids.campaign, parent_id: parent ? ids[parent] : null, code: key.slice(1).replace(/_/g, "."), title: `Nội dung ${key}`, details: null, position, is_archived: false }).returning("id").executeTakeFirstOrThrow()).id;
    };
    await point("p1", null, 0);
    await point("p1_1", "p1", 0);
    await point("p1_2", "p1", 1);
    await point("p2", null, 1);
    await point("p3", null, 2); // nobody covers it

    await activity("a1", "G1", "spoken", "done", "2022-08-10", ["p1_1", "p1_2"], { attendance: 80 }); // two points, counted once in totals
    await activity("a2", "G1", "spoken", "planned", "2022-08-11", ["p2"]); // planned: plan only
    await activity("a3", "G3", "spoken", "cancelled", "2022-08-12", ["p2"]); // cancelled: never counts
    await activity("a4", "G3", "spoken", "done", "2022-10-01", ["p2"], { attendance: 1500 }); // more than G3's 1,200 members
    await activity("a5", "G3", "visual", "done", "2022-10-02", ["p1_1"], { quantity: 10 });
    await activity("a6", "G2", "facebook", "done", "2022-08-20", ["p1_2"], { posts: 1, reach: 500, engagements: 40, reach_source: "meta_reach" }); // closed unit's history counts
    await activity("a7", "D1", "media", "done", "2022-11-05", ["p2"], { items: 3 });
    await activity("a8", "G1", "spoken", "done", "2022-11-06", ["p2"]); // done but no result logged: not counted

    const report = (unit: string, status: ReportStatus, onTime: boolean) => ({
      campaign_id: ids.campaign, unit_id: ids[unit], status, highlights: null, assessment: null, difficulties: null, proposals: null, figures: null,
      submitted_at: new Date("2022-12-05T03:00:00Z"), submitted_by: null, is_on_time: onTime, reviewed_at: null, reviewed_by: null, review_comment: null, version: 1,
    });
    await db().insertInto("unit_report").values([report("G1", "submitted", true), report("G3", "submitted", false), report("D2", "accepted", true), { ...report("G4", "returned", true) }]).execute();

    await insertAccount(db(), { login: "tinh", password: "mat-khau-dai", displayName: "Tỉnh", role: "manager", unitId: ids.P });
    await insertAccount(db(), { login: "coso1", password: "mat-khau-dai", displayName: "Cơ sở 1", role: "editor", unitId: ids.G1 });
    scope = { campaignId: ids.campaign, unitId: ids.P, from: "2022-07-01", to: "2022-12-31" };
  });
  afterAll(() => database?.dispose());

  it("counts only done activities with a logged result, each once in the total", async () => {
    const tally = await computeTally(db(), await actorFor(db(), "tinh"), scope);
    expect(tally.totalActivities).toBe(5); // a1 a4 a5 a6 a7
    expect(tally.total.spoken).toMatchObject({ activities: 2, attendance: 1580 });
    expect(tally.total.visual).toMatchObject({ activities: 1, quantity: 10 });
    expect(tally.total.media).toMatchObject({ activities: 1, items: 3 });
    expect(tally.total.facebook).toMatchObject({ activities: 1, posts: 1, reach: 500, engagements: 40 });
  });

  it("counts a multi-point activity under each point and a parent's subtree once", async () => {
    const tally = await computeTally(db(), await actorFor(db(), "tinh"), scope);
    const row = (key: string) => tally.points.find((p) => p.id === ids[key])!;
    expect(row("p1_1").figures.spoken).toMatchObject({ activities: 1, attendance: 80 });
    expect(row("p1_1").figures.visual.activities).toBe(1);
    expect(row("p1_2").figures.spoken).toMatchObject({ activities: 1, attendance: 80 });
    expect(row("p1_2").figures.facebook.reach).toBe(500);
    // a1 is tagged with both children, yet counts once on the parent: a1, a5, a6.
    expect(row("p1").activities).toBe(3);
    expect(row("p1").figures.spoken).toMatchObject({ activities: 1, attendance: 80 });
    expect(row("p2").figures.spoken).toMatchObject({ activities: 1, attendance: 1500 });
    expect(row("p2").figures.media.items).toBe(3);
    expect(tally.points.map((p) => [p.code, p.depth])).toEqual([["1", 0], ["1.1", 1], ["1.2", 1], ["2", 0], ["3", 0]]);
  });

  it("expects only open units of reporting kinds, and measures coverage, completeness and timeliness against them", async () => {
    const tally = await computeTally(db(), await actorFor(db(), "tinh"), scope);
    expect(tally.expectedUnits.map((e) => e.unitId).sort()).toEqual([ids.D1, ids.G1, ids.D2, ids.G3, ids.G4].sort()); // not G2 (closed), not P
    const coverage = (key: string) => tally.points.find((p) => p.id === ids[key])!.coverage;
    expect(coverage("p1_1")).toBeCloseTo(4 / 5); // G1, G3 and their districts D1, D2
    expect(coverage("p1_2")).toBeCloseTo(2 / 5); // G1 and D1 (D1 also through closed G2)
    expect(coverage("p2")).toBeCloseTo(3 / 5); // G3, D1 (own), D2 (through G3)
    expect(coverage("p3")).toBe(0);
    expect(tally.completeness).toBeCloseTo(3 / 5); // G1, G3 submitted; D2 accepted; G4 returned does not count
    expect(tally.timeliness).toBeCloseTo(2 / 5); // G3 was late
  });

  it("caps member coverage per unit at its members", async () => {
    const tally = await computeTally(db(), await actorFor(db(), "tinh"), scope);
    // G1 min(80, 100) + G3 min(1500, 1200) over G1 + G3 + G4 members (G2 closed).
    expect(tally.memberCoverage).toBeCloseTo((80 + 1200) / (100 + 1200 + 10));
  });

  it("rolls each direct child up over its subtree, with targets and gaps", async () => {
    const tally = await computeTally(db(), await actorFor(db(), "tinh"), scope);
    const d1 = tally.byUnit.find((u) => u.unitId === ids.D1)!;
    const d2 = tally.byUnit.find((u) => u.unitId === ids.D2)!;
    expect([d1.activities, d1.figures.spoken.attendance, d1.figures.facebook.reach, d1.figures.media.items]).toEqual([3, 80, 500, 3]);
    expect([d2.activities, d2.figures.spoken.attendance, d2.figures.visual.quantity]).toEqual([2, 1500, 10]);
    expect([d1.expected, d1.reported, d1.onTime]).toEqual([2, 1, 1]); // D1, G1
    expect([d2.expected, d2.reported, d2.onTime]).toEqual([3, 2, 1]); // D2, G3 (late), G4 (returned)
    expect(d1.meetsTarget).toBe(false); // a district needs 2 own activities; D1 has 1
    expect(d2.meetsTarget).toBe(false); // D2 has none of its own
    expect(d2.unitsBelowTarget).toBe(1); // D2 itself; G3 (1,200 members) has 2, G4 has no target
    expect(d2.memberCoverage).toBeCloseTo(1200 / 1210);
    expect(tally.expectedUnits.find((e) => e.unitId === ids.G3)!.meetsTarget).toBe(true);
    expect(tally.gaps.uncoveredPoints.map((p) => p.code)).toEqual(["3"]);
    expect(tally.gaps.lowCoveragePoints.map((p) => p.code)).toEqual(["1.2"]);
    expect(tally.gaps.unitsWithoutActivity.map((e) => e.unitId)).toEqual([ids.G4]);
    expect(tally.gaps.unitsNotReported.map((e) => e.unitId).sort()).toEqual([ids.D1, ids.G4].sort());
  });

  it("narrows to a period and to a subtree", async () => {
    const autumn = await computeTally(db(), await actorFor(db(), "tinh"), { ...scope, from: "2022-09-01" });
    expect(autumn.total.facebook.activities).toBe(0); // a6 was in August
    expect(autumn.totalActivities).toBe(3); // a4, a5, a7
    const grassroots = await actorFor(db(), "coso1");
    const own = await computeTally(db(), grassroots, { ...scope, unitId: ids.G1 });
    expect(own.totalActivities).toBe(1);
    await expectStatus(computeTally(db(), grassroots, { ...scope, unitId: ids.D1 }), 404);
  });

  it("lists the activities behind a cell, reproducing its figures", async () => {
    const actor = await actorFor(db(), "tinh");
    const parent = await tallyActivities(db(), actor, scope, { pointId: ids.p1 });
    expect(parent.map((a) => a.title).sort()).toEqual(["a1", "a5", "a6"]);
    const spoken = await tallyActivities(db(), actor, scope, { channel: "spoken" });
    expect(spoken.reduce((s, a) => s + (a.attendance ?? 0), 0)).toBe(1580);
    expect(spoken.find((a) => a.title === "a1")!.points).toEqual(["1.1", "1.2"]);
    await expectStatus(tallyActivities(db(), await actorFor(db(), "coso1"), scope), 404);
  });
});
