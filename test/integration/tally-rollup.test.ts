import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelCode } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { activityFormSchema } from "~/domain/activity-schemas";
import { RESULT_SCHEMAS, type ResultInput } from "~/domain/result-schemas";
import { wallClockParts } from "~/domain/wall-clock";
import { cancelActivity, createActivities, deleteActivity, rescheduleActivity, updateActivity } from "~/services/activities.server";
import { mergePoint, updatePoint } from "~/services/content-points.server";
import { saveResult } from "~/services/results.server";
import { computeTally, GAP_UNITS_SHOWN, monthlySeries, tallyActivities, tallyForPage, type TallyScope } from "~/services/tally.server";
import { addToRollups, catchUp, foldRollups, keepingRollups, pendingWork, rebuildRollups } from "~/services/tally-rollup.server";
import { refreshPendingStatuses } from "~/services/tally-status.server";
import { moveUnit } from "~/services/units.server";
import { actorFor } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";
import { expectRollupExact, expectStatusesExact, heldOpen, rollupAsStored, rollupFromScratch, sorted } from "../support/rollup";

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}


describe.each(testDialects())("tally roll-up on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let admin: Actor;
  let campaignId: number;

  beforeAll(async () => {
    database = await demoDatabase(dialect, "rollup");
    admin = await actorFor(db(), "admin");
    campaignId = (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  });
  afterAll(() => database?.dispose());

  it("the demo's roll-up equals a computation from scratch", async () => {
    const expected = await rollupFromScratch(db());
    expect(expected.rollup.size).toBeGreaterThan(100);
    expect(expected.units.size).toBeGreaterThan(20);
    await expectRollupExact(db());
  });

  it("stays equal to a computation from scratch after a random sequence of writes", async () => {
    const random = rng(dialect === "sqlite" ? 20251122 : 20251123);
    const units = await db().selectFrom("unit").select(["id", "parent_id"]).where("closed_on", "is", null).execute();
    const grassroots = await db()
      .selectFrom("unit as u")
      .innerJoin("unit_kind as k", "k.id", "u.kind_id")
      .select(["u.id", "u.parent_id"])
      .where("k.is_grassroots", "=", true)
      .where("u.closed_on", "is", null)
      .execute();
    const districts = [...new Set(grassroots.map((g) => g.parent_id!))];
    const livePoints = async () =>
      db().selectFrom("content_point").select(["id", "parent_id"]).where("campaign_id", "=", campaignId).where("is_archived", "=", false).execute();
    const anyActivity = async (status?: "planned" | "done") => {
      let q = db().selectFrom("activity").select(["id", "version", "channel", "status"]).where("campaign_id", "=", campaignId);
      if (status) q = q.where("status", "=", status);
      const rows = await q.execute();
      return rows.length ? random.pick(rows) : undefined;
    };
    const day = () => {
      // Mostly inside the demo campaign (11/07–31/12/2022), sometimes just outside it.
      const d = new Date(Date.UTC(2022, 5, 20) + random.int(0, 225) * 86_400_000);
      return d.toISOString().slice(0, 10);
    };
    const resultFor = (channel: ChannelCode): ResultInput =>
      RESULT_SCHEMAS[channel].parse(
        channel === "spoken"
          ? { attendance: String(random.int(1, 300)) }
          : channel === "visual"
            ? { quantity: String(random.int(1, 50)) }
            : channel === "media"
              ? { items: String(random.int(1, 9)) }
              : { posts: String(random.int(1, 4)), reach: String(random.int(0, 5000)), reachSource: "meta_reach", engagements: String(random.int(10, 90)), shares: String(random.int(0, 9)) },
      ) as ResultInput;
    const form = async (overrides: Record<string, unknown> = {}) => {
      const points = await livePoints();
      const chosen = Array.from({ length: random.int(0, 3) }, () => String(random.pick(points).id));
      return activityFormSchema.parse({
        campaignId: String(campaignId),
        unitId: String(random.pick(units).id),
        channel: random.pick(["spoken", "visual", "media", "facebook"] as const),
        title: "Hoạt động thử",
        startDate: day(),
        startTime: "07:30",
        endTime: "09:00",
        pointIds: chosen,
        ...overrides,
      });
    };

    const done: Record<string, number> = {};
    const count = (op: string, ok: boolean) => ok && (done[op] = (done[op] ?? 0) + 1);
    for (let step = 0; step < 90; step++) {
      // Changes wait in tally_delta until a fold: fold now and then, so some folds take the
      // changes of several writes at once, and a write's subtraction may be folded apart from its addition.
      if (random.next() < 0.25) await foldRollups(db());
      const op = random.pick(["create", "create", "log", "log", "log", "edit", "reschedule", "cancel", "delete", "moveUnit", "movePoint", "mergePoint"] as const);
      if (op === "create") {
        count(op, (await createActivities(db(), admin, await form(), true)).ok);
      } else if (op === "log") {
        const a = await anyActivity();
        if (a && a.status !== "cancelled") count(op, (await saveResult(db(), admin, a.id, resultFor(a.channel))).ok);
      } else if (op === "edit") {
        const a = await anyActivity();
        if (a) count(op, (await updateActivity(db(), admin, a.id, a.version, await form({ channel: a.channel }), true)).ok);
      } else if (op === "reschedule") {
        const a = await anyActivity("done");
        if (a) {
          const startsAt = new Date(`${day()}T${String(random.int(0, 23)).padStart(2, "0")}:30:00Z`);
          count(op, (await rescheduleActivity(db(), admin, a.id, { startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), allDay: false, version: a.version })).ok);
        }
      } else if (op === "cancel") {
        const a = await anyActivity("planned");
        if (a) count(op, (await cancelActivity(db(), admin, a.id, "Trùng lịch", a.version)).ok);
      } else if (op === "delete") {
        const a = await anyActivity("planned");
        if (a) count(op, (await deleteActivity(db(), admin, a.id, a.version)).ok);
      } else if (op === "moveUnit") {
        const unit = random.pick(grassroots);
        const target = random.pick(districts);
        count(op, (await moveUnit(db(), admin, unit.id, target)).ok && target !== unit.parent_id);
        unit.parent_id = target;
      } else if (op === "movePoint") {
        const points = await livePoints();
        const point = random.pick(points);
        const parent = random.next() < 0.3 ? null : random.pick(points.filter((p) => p.parent_id === null && p.id !== point.id));
        const outcome = await updatePoint(db(), admin, campaignId, point.id, { title: `Nội dung ${point.id}`, details: null, parentId: parent?.id ?? null });
        count(op, outcome.ok);
      } else {
        const points = await livePoints();
        const leaves = points.filter((p) => !points.some((c) => c.parent_id === p.id));
        if (leaves.length > 6) {
          const from = random.pick(leaves);
          const into = random.pick(points.filter((p) => p.id !== from.id));
          count(op, (await mergePoint(db(), admin, campaignId, from.id, into.id)).removed);
        }
      }
    }
    // Every kind of write happened, so the comparison below covers each of them.
    for (const op of ["create", "log", "edit", "reschedule", "cancel", "delete", "moveUnit", "movePoint", "mergePoint"]) expect(done[op], op).toBeGreaterThan(0);

    await expectRollupExact(db());
    const expected = await rollupFromScratch(db());

    // And a rebuild from scratch gives the same table (what start-up does to an empty one).
    await rebuildRollups(db());
    const rebuilt = await rollupAsStored(db());
    expect(sorted(rebuilt.rollup)).toEqual(sorted(expected.rollup));
    expect(sorted(rebuilt.units)).toEqual(sorted(expected.units));
  });

  const SOME_FIGURES = { spoken: { attendance: "21" }, visual: { quantity: "3" }, media: { items: "2" }, facebook: { posts: "1", reach: "800", reachSource: "meta_reach" } };
  /** Planned activities whose results can be logged (their unit's report is not with the level above). */
  const openActivities = (from: Date, limit: number) =>
    db()
      .selectFrom("activity as a")
      .select(["a.id", "a.channel", "a.unit_id"])
      .where("a.campaign_id", "=", campaignId)
      .where("a.status", "=", "planned")
      .where("a.starts_at", ">=", from)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("unit_report as r").select("r.unit_id").whereRef("r.unit_id", "=", "a.unit_id").whereRef("r.campaign_id", "=", "a.campaign_id").where("r.status", "in", ["submitted", "accepted"]))),
      )
      .orderBy("a.id")
      .limit(limit)
      .execute();

  /** The campaign's tally with everything folded, then a first result logged (its change pending). */
  const tallyThenFirstResult = async () => {
    const scope: TallyScope = { campaignId, unitId: admin.unitId, from: "2022-07-11", to: "2022-12-31" };
    await foldRollups(db());
    const before = await computeTally(db(), admin, scope);
    const [planned] = await openActivities(new Date("2022-07-11T00:00:00+07:00"), 1);
    expect((await saveResult(db(), admin, planned.id, RESULT_SCHEMAS[planned.channel].parse(SOME_FIGURES[planned.channel]) as ResultInput)).ok).toBe(true);
    return { scope, before, planned };
  };

  it("a tally counts a result logged just before it: the pending change is folded before the tally reads", async () => {
    const { scope, before, planned } = await tallyThenFirstResult();
    expect((await pendingWork(db())).changes).toBe(true);
    const after = await computeTally(db(), admin, scope);
    expect(after.totalActivities).toBe(before.totalActivities + 1);
    expect(after.total[planned.channel].activities).toBe(before.total[planned.channel].activities + 1);
    // Folded, and the statuses the fold marked computed too.
    expect(await pendingWork(db())).toEqual({ changes: false, statuses: false });
    await expectRollupExact(db());
  });

  it("writes at the same time, of different activities or the same one, with folds among them, neither deadlock nor miscount", async () => {
    const planned = await openActivities(new Date("2022-01-01T00:00:00+07:00"), 24);
    expect(planned.length).toBeGreaterThan(10);
    // A unit holding some of them moves under another district meanwhile.
    const moved = await db().selectFrom("unit").select(["id", "parent_id"]).where("id", "=", planned[0].unit_id).executeTakeFirstOrThrow();
    const [elsewhere] = await db().selectFrom("unit").select("id").where("parent_id", "=", admin.unitId).where("id", "<>", moved.parent_id!).limit(1).execute();
    // Each activity logged three times at once: a write must subtract what the one before it added.
    const outcomes = await Promise.all([
      ...[...planned, ...planned, ...planned].map((a) => saveResult(db(), admin, a.id, RESULT_SCHEMAS[a.channel].parse(SOME_FIGURES[a.channel]) as ResultInput)),
      moveUnit(db(), admin, moved.id, elsewhere.id),
      ...Array.from({ length: 4 }, () => foldRollups(db()).then(() => ({ ok: true }))),
      // Unit statuses computed meanwhile too: the move carries sums while they change.
      ...Array.from({ length: 3 }, () => refreshPendingStatuses(db()).then(() => ({ ok: true }))),
      catchUp(db()).then(() => ({ ok: true })),
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    await expectRollupExact(db());
    await expectStatusesExact(db());
  });

  it("a tally asked for while a fold is under way waits for it, and counts what it folds", async () => {
    const { scope, before } = await tallyThenFirstResult();
    // A fold that has added the change up but not committed yet (held open), and a tally meanwhile.
    const fold = heldOpen(db(), (trx) => foldRollups(trx));
    await fold.started;
    const tally = computeTally(db(), admin, scope);
    await new Promise((resolve) => setTimeout(resolve, 150));
    fold.release();
    await fold.finished;
    expect((await tally).totalActivities).toBe(before.totalActivities + 1);
  });

  it.runIf(dialect === "postgres")("the background's fold gives up, rather than hold writes up, while a long write has appended and not committed", async () => {
    const [planned] = await openActivities(new Date("2022-01-01T00:00:00+07:00"), 1);
    const longWrite = heldOpen(db(), (trx) => addToRollups(trx, [planned.id]));
    await longWrite.started;
    const started = performance.now();
    expect(await foldRollups(db(), 100)).toBe(false);
    expect(performance.now() - started).toBeLessThan(3000);
    longWrite.release();
    await longWrite.finished;
    expect(await foldRollups(db(), 100)).toBe(true);
    await expectRollupExact(db());
  });

  it("a point merge waits for an activity being tagged with the point, and moves that tag too", async () => {
    const points = await db().selectFrom("content_point").select(["id", "parent_id"]).where("campaign_id", "=", campaignId).where("is_archived", "=", false).execute();
    const leaves = points.filter((p) => !points.some((c) => c.parent_id === p.id));
    const [from, into] = leaves.slice(-2);
    // A counted activity not yet tagged with `from`, tagged with it by a write held open.
    const activity = await db()
      .selectFrom("activity as a")
      .select("a.id")
      .where("a.campaign_id", "=", campaignId)
      .where("a.status", "=", "done")
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("activity_point as ap").select("ap.activity_id").whereRef("ap.activity_id", "=", "a.id").where("ap.content_point_id", "in", [from.id, into.id]))))
      .orderBy("a.id")
      .executeTakeFirstOrThrow();
    await foldRollups(db());
    const tagging = heldOpen(db(), (trx) =>
      keepingRollups(trx, { activityIds: [activity.id] }, () => trx.insertInto("activity_point").values({ activity_id: activity.id, content_point_id: from.id }).execute()),
    );
    await tagging.started;
    const merge = mergePoint(db(), admin, campaignId, from.id, into.id);
    await new Promise((resolve) => setTimeout(resolve, 150));
    tagging.release();
    await tagging.finished;
    expect((await merge).removed).toBe(true);
    const tags = await db().selectFrom("activity_point").select("content_point_id").where("activity_id", "=", activity.id).execute();
    expect(tags.map((t) => t.content_point_id)).toContain(into.id);
    await expectRollupExact(db());
  });

  it("gives, for whole and partial periods, the figures the counted activities add up to", async () => {
    const root = admin.unitId;
    const district = (await db().selectFrom("unit").select("id").where("code", "=", "LC-TD").executeTakeFirstOrThrow()).id;
    const periods = [
      { from: "2022-07-11", to: "2022-12-31" }, // the campaign's own: from the roll-up's all-months rows
      { from: "2022-08-01", to: "2022-10-31" }, // whole months
      { from: "2022-08-17", to: "2022-11-03" }, // months with edge days read from the activities
      { from: "2022-09-05", to: "2022-09-20" }, // inside one month
      { from: "2022-06-01", to: "2023-01-31" }, // wider than the campaign
    ];
    for (const unitId of [root, district]) {
      for (const period of periods) {
        const scope: TallyScope = { campaignId, unitId, ...period };
        const tally = await computeTally(db(), admin, scope);
        const rows = await tallyActivities(db(), admin, scope);
        const label = `${unitId} ${period.from}..${period.to}`;
        expect(tally.totalActivities, label).toBe(rows.length);
        for (const channel of ["spoken", "visual", "media", "facebook"] as const) {
          const mine = rows.filter((r) => r.channel === channel);
          expect(tally.total[channel].activities, `${label} ${channel}`).toBe(mine.length);
          expect(tally.total[channel].attendance, `${label} ${channel}`).toBe(mine.reduce((s, r) => s + (r.attendance ?? 0), 0));
          expect(tally.total[channel].reach, `${label} ${channel}`).toBe(mine.reduce((s, r) => s + (r.reach ?? 0), 0));
        }
        for (const child of tally.byUnit) {
          expect(child.activities, `${label} unit ${child.unitId}`).toBe((await tallyActivities(db(), admin, scope, { unitId: child.unitId })).length);
        }
        // What the page sends: every count, only the first units of each gap list.
        const page = tallyForPage(tally);
        expect(page.expectedCount).toBe(tally.expectedUnits.length);
        expect(page.submissionsPerDay.reduce((n, d) => n + d.count, 0)).toBe(tally.expectedUnits.filter((e) => e.reportStatus === "submitted" || e.reportStatus === "accepted").length);
        expect(page.gaps.unitsNotReported.total).toBe(tally.gaps.unitsNotReported.length);
        expect(page.gaps.unitsNotReported.shown).toEqual(tally.gaps.unitsNotReported.slice(0, GAP_UNITS_SHOWN).map((u) => ({ unitId: u.unitId, name: u.name })));
        expect(JSON.stringify(page)).not.toContain("expectedUnits");
        // The charts' monthly series: the same activities, bucketed by their Vietnam month.
        const byMonth = new Map<string, { activities: number; attendance: number }>();
        for (const r of rows) {
          const key = `${wallClockParts(r.starts_at).date.slice(0, 7)}|${r.channel}`;
          const bucket = byMonth.get(key) ?? { activities: 0, attendance: 0 };
          bucket.activities++;
          bucket.attendance += r.attendance ?? 0;
          byMonth.set(key, bucket);
        }
        const series = await monthlySeries(db(), admin, scope);
        expect(sorted(new Map(series.map((m) => [`${m.month}|${m.channel}`, { activities: m.activities, attendance: m.attendance }]))), `${label} months`).toEqual(sorted(byMonth));
        for (const point of tally.points.filter((p) => p.depth === 0)) {
          expect(point.activities, `${label} point ${point.code}`).toBe((await tallyActivities(db(), admin, scope, { pointId: point.id })).length);
        }
      }
    }
  });
});
