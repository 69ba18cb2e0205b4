import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { exportTotals, NO_CHOICES, type FacebookExport, type ImportChoices } from "~/domain/facebook-export";
import { commit, openExport, preview, readUpload, sealExport } from "~/services/facebook-import.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";
import { expectRollupExact } from "../support/rollup";

const FIXTURES = join(import.meta.dirname, "../fixtures/facebook");
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

function load(name: string, bytes = bytesOf(name)): FacebookExport {
  const outcome = readUpload(name, bytes);
  if (!outcome.ok) throw new Error(`${name} refused: ${outcome.error.key}`);
  return outcome.export;
}

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);

describe.each(testDialects())("importing a Facebook page export on %s", (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let district: Actor;
  let grassroots: Actor;
  let viewer: Actor;
  let campaignId: number;
  let pointIds: number[];

  const unitId = async (code: string) => (await db.selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const choose = (unit: number, points = pointIds.slice(0, 1)): ImportChoices => ({ defaults: { unitId: unit, campaignId, pointIds: points }, rows: {} });

  async function rowCounts() {
    const count = async (table: "activity" | "activity_result" | "audit_log") =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    return { activity: await count("activity"), activity_result: await count("activity_result"), audit_log: await count("audit_log") };
  }

  /** What a tally of these posts' activities would show, found by their post ids. */
  async function totalsFor(parsed: FacebookExport) {
    const refs = parsed.posts.map((p) => p.postId!);
    const rows = await db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.id", "r.posts", "r.reach", "r.views", "r.engagements", "r.shares"])
      .where("a.external_ref", "in", refs)
      .where("a.status", "=", "done")
      .execute();
    const sum = (pick: (r: (typeof rows)[number]) => number | null) => rows.reduce((n, r) => n + (pick(r) ?? 0), 0);
    return { posts: sum((r) => r.posts), reach: sum((r) => r.reach), views: sum((r) => r.views), engagements: sum((r) => r.engagements), shares: sum((r) => r.shares) };
  }

  beforeAll(async () => {
    database = await demoDatabase(dialect, "fbimport");
    db = database.handle.db;
    district = await actorFor(db, "huyen.bientap");
    grassroots = await actorFor(db, "coso.bientap");
    viewer = await actorFor(db, "xem");
    campaignId = (await db.selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    pointIds = (await db.selectFrom("content_point").select("id").where("campaign_id", "=", campaignId).where("parent_id", "is", null).orderBy("position").execute()).map((p) => p.id);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it("imports the Business Suite export as new activities with the file's totals", async () => {
    const parsed = load("business-suite.csv");
    const tamDuong = await unitId("LC-TD");
    const before = await rowCounts();

    const seen = await preview(db, district, parsed, choose(tamDuong));
    expect(seen.counts).toMatchObject({ new: 5, matched: 0, create: 5, invalid: 0 });
    expect(seen.canCommit).toBe(true);
    expect(await rowCounts()).toEqual(before); // a preview writes nothing

    const outcome = await commit(db, district, parsed, choose(tamDuong, [pointIds[0]]));
    expect(outcome).toEqual({ ok: true, summary: { updated: 0, created: 5, unchanged: 0, skipped: 0, excluded: 0, problems: 0 } });
    expect(await totalsFor(parsed)).toEqual({ posts: 5, reach: 20765, views: 32791, engagements: 1542, shares: 134 });
    expect(await rowCounts()).toEqual({ activity: before.activity + 5, activity_result: before.activity_result + 5, audit_log: before.audit_log + 11 });

    const reel = await db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .leftJoin("channel_form as f", "f.id", "a.form_id")
      .selectAll("a")
      .select(["r.reach_source", "r.links", "r.posts", "f.code as form_code"])
      .where("a.external_ref", "=", "122111203948561007")
      .executeTakeFirstOrThrow();
    expect(reel).toMatchObject({
      unit_id: tamDuong,
      campaign_id: campaignId,
      channel: "facebook",
      status: "done",
      is_all_day: false,
      title: "Clip: Đối ngoại nhân dân là gì? 1 phút hiểu Chỉ thị 12-CT/TW",
      reach_source: "meta_reach",
      links: "https://www.facebook.com/reel/122111203948561007",
      posts: 1,
      form_code: "fb_video",
      created_by: district.id,
    });
    expect(reel.starts_at.toISOString()).toBe("2022-10-17T02:30:00.000Z");
    expect(reel.ends_at.getTime() - reel.starts_at.getTime()).toBe(15 * 60_000);
    const tagged = await db.selectFrom("activity_point").select("content_point_id").where("activity_id", "=", reel.id).execute();
    // The chosen point takes every point below it, as on the activity form.
    const all = await db.selectFrom("content_point").select(["id", "parent_id"]).where("campaign_id", "=", campaignId).execute();
    const below = new Set([pointIds[0]]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) if (p.parent_id !== null && below.has(p.parent_id) && !below.has(p.id)) (below.add(p.id), (grew = true));
    }
    expect(below.size).toBeGreaterThan(2);
    expect(tagged.map((t) => t.content_point_id).sort((a, b) => a - b)).toEqual([...below].sort((a, b) => a - b));
    const audit = await db.selectFrom("audit_log").select(["action", "entity", "user_id"]).where("entity_id", "=", reel.id).where("entity", "in", ["activity", "activity_result"]).execute();
    expect(audit.map((a) => `${a.action} ${a.entity}`).sort()).toEqual(["create activity", "import activity_result"]);
  });

  it("keeps the tally roll-up exact through imports and re-imports", async () => {
    await expectRollupExact(db);
  });

  it("importing the same file twice gives the same totals and writes nothing", async () => {
    const parsed = load("business-suite.csv");
    const before = await rowCounts();
    const outcome = await commit(db, district, parsed, choose(await unitId("LC-TD")));
    expect(outcome).toEqual({ ok: true, summary: { updated: 0, created: 0, unchanged: 5, skipped: 0, excluded: 0, problems: 0 } });
    expect(await rowCounts()).toEqual(before);
    expect(await totalsFor(parsed)).toEqual({ posts: 5, reach: 20765, views: 32791, engagements: 1542, shares: 134 });
  });

  it("an updated file updates the figures, adds its new post and never counts a post twice", async () => {
    const parsed = load("business-suite-updated.csv");
    const before = await rowCounts();
    const seen = await preview(db, district, parsed, choose(await unitId("LC-TD")));
    expect(seen.counts).toMatchObject({ matched: 5, new: 1, update: 4, unchanged: 1, create: 1 });
    const matched = seen.rows.find((r) => r.postId === "122109834765043219")!;
    expect(matched.match).toMatchObject({ by: "postId", before: { reach: 5230, views: 8450, engagements: 412, shares: 33 } });
    expect(matched).toMatchObject({ status: "update", reach: 5402 });

    const outcome = await commit(db, district, parsed, choose(await unitId("LC-TD")));
    expect(outcome).toEqual({ ok: true, summary: { updated: 4, created: 1, unchanged: 1, skipped: 0, excluded: 0, problems: 0 } });
    expect(await totalsFor(parsed)).toEqual({ posts: 6, reach: 22964, views: 35845, engagements: 1693, shares: 147 });
    expect(exportTotals(parsed.posts)).toEqual(await totalsFor(parsed));
    // 1 new activity; 4 updates + 1 create + 1 result + 1 summary in the audit log.
    expect(await rowCounts()).toEqual({ activity: before.activity + 1, activity_result: before.activity_result + 1, audit_log: before.audit_log + 7 });
    const edit = await db
      .selectFrom("audit_log")
      .select(["before_data", "after_data"])
      .where("entity", "=", "activity_result")
      .where("action", "=", "import")
      .orderBy("id", "desc")
      .limit(10)
      .execute();
    expect(edit.some((a) => a.before_data?.includes('"reach":5230') && a.after_data?.includes('"reach":5402'))).toBe(true);

    // Again: nothing changes.
    const again = await commit(db, district, parsed, choose(await unitId("LC-TD")));
    expect(again).toMatchObject({ ok: true, summary: { updated: 0, created: 0, unchanged: 6 } });
    expect(await totalsFor(parsed)).toEqual({ posts: 6, reach: 22964, views: 35845, engagements: 1693, shares: 147 });
  });

  it("imports the Page Insights export and finds its posts again from a Business Suite file", async () => {
    const parsed = load("page-insights.csv");
    const outcome = await commit(db, district, parsed, choose(await unitId("LC-TD")));
    expect(outcome).toMatchObject({ ok: true, summary: { created: 4, updated: 0 } });
    expect(await totalsFor(parsed)).toEqual({ posts: 4, reach: 23041, views: 36849, engagements: 1860, shares: 240 });
    const source = await db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["r.reach_source", "a.starts_at"])
      .where("a.external_ref", "=", "3356122334484201")
      .executeTakeFirstOrThrow();
    expect(source.reach_source).toBe("insights_lifetime_reach");
    expect(source.starts_at.toISOString()).toBe("2022-07-21T01:15:00.000Z");

    // The same post later exported by Business Suite (post id without the page part): updated, not added.
    const later = load("later.csv", csv([
      "Post ID,Page ID,Publish time,Permalink,Date,Views,Reach,\"Reactions, Comments and Shares\",Shares",
      "3356122334484201,1531069037163473,07/20/2022 18:15,https://www.facebook.com/congdoanlaichau/posts/3356122334484201,Lifetime,7400,4830,345,42",
    ]));
    const before = await rowCounts();
    const again = await commit(db, district, later, choose(await unitId("LC-TD")));
    expect(again).toMatchObject({ ok: true, summary: { created: 0, updated: 1 } });
    expect(await rowCounts()).toMatchObject({ activity: before.activity, activity_result: before.activity_result });
    const updated = await db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["r.reach", "r.reach_source", "r.views", "r.links"])
      .where("a.external_ref", "=", "3356122334484201")
      .executeTakeFirstOrThrow();
    expect(updated).toEqual({ reach: 4830, reach_source: "meta_reach", views: 7400, links: "https://www.facebook.com/congdoanlaichau/posts/3356122334484201" });
  });

  it("matches existing activities by post id and by a permalink logged in the result's links", async () => {
    const parsed = load("business-suite-vi.csv");
    const khunHa = await unitId("LC-TD-010");
    // A planned Facebook activity logged by hand with the permalink of the third post …
    const planned = await db
      .selectFrom("activity")
      .select(["id", "version"])
      .where("unit_id", "=", khunHa)
      .where("channel", "=", "facebook")
      .where("status", "=", "planned")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("activity_result")
      .values({
        activity_id: planned.id, attendance: null, members_attending: null, women_attending: null, quantity: null, quantity_unit: null,
        display_place: null, display_days: null, items: null, outlet: null, posts: 1, reach: 500, views: null, engagements: null, shares: null,
        reach_source: "estimate", links: "https://m.facebook.com/100083367201954/posts/122107154467302281/?ref=share", notes: "Ghi tay",
        reported_at: new Date(), reported_by: null,
      })
      .execute();
    // … and one planned by the district with the first post's id.
    const byId = await db
      .insertInto("activity")
      .values({
        campaign_id: campaignId, unit_id: await unitId("LC-TD"), channel: "facebook", form_id: null, title: "Bài viết về hội nghị quán triệt",
        starts_at: new Date("2022-08-12T12:00:00Z"), ends_at: new Date("2022-08-12T13:00:00Z"), is_all_day: false, location: null, presenter: null,
        audience: null, planned_attendance: null, planned_quantity: null, status: "planned", cancel_reason: null, series_id: null,
        external_ref: "122104412380917733", version: 1, created_by: null, created_at: new Date(), updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const seen = await preview(db, district, parsed, choose(await unitId("LC-TD")));
    expect(seen.counts).toMatchObject({ matched: 2, new: 2, update: 2, create: 2 });
    expect(seen.rows.map((r) => [r.postId, r.match?.by ?? null, r.status])).toEqual([
      ["122104412380917733", "postId", "update"],
      ["122105730012448190", null, "create"],
      ["122107154467302281", "permalink", "update"],
      ["122108902341157064", null, "create"],
    ]);
    const outcome = await commit(db, district, parsed, choose(await unitId("LC-TD")));
    expect(outcome).toMatchObject({ ok: true, summary: { updated: 2, created: 2 } });
    expect(await totalsFor(parsed)).toEqual({ posts: 4, reach: 3508, views: 5013, engagements: 291, shares: 31 });
    const logged = await db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.status", "a.external_ref", "a.version", "r.reach", "r.reach_source", "r.links", "r.notes"])
      .where("a.id", "=", planned.id)
      .executeTakeFirstOrThrow();
    expect(logged).toEqual({
      status: "done",
      external_ref: "122107154467302281",
      version: planned.version + 1,
      reach: 688,
      reach_source: "meta_reach",
      links: "https://m.facebook.com/100083367201954/posts/122107154467302281/?ref=share",
      notes: "Ghi tay",
    });
    const first = await db.selectFrom("activity").select(["status", "unit_id"]).where("id", "=", byId.id).executeTakeFirstOrThrow();
    expect(first).toEqual({ status: "done", unit_id: await unitId("LC-TD") });
  });

  it("a grassroots editor imports the UTF-16 export into its own union", async () => {
    const parsed = load("business-suite-utf16.csv");
    const own = await unitId("LC-TD-003");
    const outcome = await commit(db, grassroots, parsed, choose(own));
    expect(outcome).toMatchObject({ ok: true, summary: { created: 3 } });
    expect(await totalsFor(parsed)).toEqual({ posts: 3, reach: 931, views: 1330, engagements: 136, shares: 7 });
    // Posts imported by the district are outside this editor's scope: offered as new, never matched.
    const district_ = await preview(db, grassroots, load("business-suite.csv"), choose(own));
    expect(district_.counts).toMatchObject({ matched: 0, new: 5 });
  });

  it("refuses a unit outside the actor's scope (404) and a viewer (403), writing nothing", async () => {
    const parsed = load("business-suite-updated.csv");
    const before = await rowCounts();
    const parent = await unitId("LC-TD");
    await expectStatus(preview(db, grassroots, parsed, choose(parent)), 404);
    await expectStatus(commit(db, grassroots, parsed, choose(parent)), 404);
    await expectStatus(commit(db, grassroots, parsed, { defaults: { unitId: await unitId("LC-TD-003"), campaignId, pointIds: [] }, rows: { 0: { include: true, unitId: await unitId("LC-PT"), campaignId: null, pointIds: [] } } }), 404);
    await expectStatus(commit(db, grassroots, parsed, { defaults: { unitId: null, campaignId: 999_999, pointIds: [] }, rows: {} }), 404);
    await expectStatus(commit(db, viewer, parsed, choose(parent)), 403);
    expect(await rowCounts()).toEqual(before);
  });

  it("skips posts whose unit's report is submitted, and says so", async () => {
    const locked = await unitId("LC-TD-001"); // its report is submitted in the demo
    const activity = await db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.id", "r.reach"])
      .where("a.unit_id", "=", locked)
      .where("a.channel", "=", "facebook")
      .executeTakeFirstOrThrow();
    await db.updateTable("activity").set({ external_ref: "900000000000000001" }).where("id", "=", activity.id).execute();
    const parsed = load("locked.csv", csv([
      "Post ID,Publish time,Reach,Views",
      "900000000000000001,07/20/2022 10:00,99999,99999",
      "900000000000000002,07/21/2022 10:00,12,20",
    ]));
    const before = await rowCounts();
    const seen = await preview(db, district, parsed, choose(locked));
    expect(seen.rows.map((r) => r.status)).toEqual(["locked", "locked"]);
    expect(seen.canCommit).toBe(false);
    const outcome = await commit(db, district, parsed, choose(locked));
    expect(outcome).toEqual({ ok: true, summary: { updated: 0, created: 0, unchanged: 0, skipped: 2, excluded: 0, problems: 0 } });
    expect(await rowCounts()).toEqual(before);
    const kept = await db.selectFrom("activity_result").select("reach").where("activity_id", "=", activity.id).executeTakeFirstOrThrow();
    expect(kept.reach).toBe(activity.reach);

    // The locked row is skipped; the others of the same file still import.
    const mixed = await commit(db, district, parsed, { defaults: { unitId: await unitId("LC-TD"), campaignId, pointIds: [] }, rows: {} });
    expect(mixed).toMatchObject({ ok: true, summary: { created: 1, skipped: 1 } });
  });

  it("refuses to commit new rows without a unit or campaign, and leaves unticked rows out", async () => {
    const parsed = load("unticked.csv", csv([
      "Post ID,Publish time,Reach",
      "910000000000000001,08/01/2022 10:00,10",
      "910000000000000002,08/02/2022 10:00,20",
      "910000000000000003,08/03/2022 10:00,30",
    ]));
    const before = await rowCounts();
    const refused = await commit(db, district, parsed, NO_CHOICES);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.preview.counts.invalid).toBe(3);
      expect(refused.preview.rows[0].errors.map((e) => e.key)).toEqual(["fbImport.rowError.unitRequired", "fbImport.rowError.campaignRequired"]);
    }
    expect(await rowCounts()).toEqual(before);

    // A unit closed before the post's day is refused for that row.
    const closed = await unitId("LC-TD-011"); // closed 30/09/2022
    const lateRow = await commit(db, district, load("late.csv", csv(["Post ID,Publish time,Reach", "910000000000000009,10/05/2022 10:00,5"])), choose(closed));
    expect(lateRow.ok).toBe(false);
    if (!lateRow.ok) expect(lateRow.preview.rows[0].errors.map((e) => e.key)).toEqual(["fbImport.rowError.unitClosed"]);

    const tamDuong = await unitId("LC-TD");
    const own = await unitId("LC-TD-002");
    const outcome = await commit(db, district, parsed, {
      defaults: { unitId: tamDuong, campaignId, pointIds: [] },
      rows: {
        0: { include: true, unitId: own, campaignId: null, pointIds: [] },
        1: { include: false, unitId: null, campaignId: null, pointIds: [] },
      },
    });
    expect(outcome).toEqual({ ok: true, summary: { updated: 0, created: 2, unchanged: 0, skipped: 0, excluded: 1, problems: 0 } });
    const made = await db.selectFrom("activity").select(["external_ref", "unit_id"]).where("external_ref", "like", "91000000000000000%").orderBy("external_ref").execute();
    expect(made).toEqual([
      { external_ref: "910000000000000001", unit_id: own },
      { external_ref: "910000000000000003", unit_id: tamDuong },
    ]);
  });

  it("leaves the tally roll-up exact after every import above (new posts, updated figures, matched activities)", async () => {
    await expectRollupExact(db);
  });

  it("refuses malformed, empty and 50 MB files with a clear message and writes nothing", async () => {
    const before = await rowCounts();
    expect(readUpload("malformed.csv", bytesOf("malformed.csv"))).toMatchObject({ ok: false, error: { key: "fbImport.error.malformed" } });
    expect(readUpload("empty.csv", bytesOf("empty.csv"))).toEqual({ ok: false, error: { key: "fbImport.error.empty" } });
    expect(readUpload("big.csv", new Uint8Array(50 * 1024 * 1024))).toEqual({ ok: false, error: { key: "fbImport.error.tooBig", params: { size: "10 MB" } } });
    expect(await rowCounts()).toEqual(before);
  });

  it("carries the parsed export through the form only for the same user, unaltered and in time", () => {
    const parsed = load("business-suite.csv");
    const secrets = ["test-secret"];
    const sealed = sealExport(district, parsed, secrets);
    const opened = openExport(district, sealed, secrets);
    expect(opened).toEqual(parsed);
    expect(opened?.posts[0].publishedAt).toBeInstanceOf(Date);
    expect(openExport(grassroots, sealed, secrets)).toBeNull();
    expect(openExport(district, sealed, ["another-secret"])).toBeNull();
    expect(openExport(district, sealed, ["new-secret", "test-secret"])).toEqual(parsed); // a rotated secret still opens it
    const parts = sealed.split(".");
    parts[3] = parts[3].slice(0, -4) + (parts[3].endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(openExport(district, parts.join("."), secrets)).toBeNull();
    expect(openExport(district, sealed, secrets, new Date(Date.now() + 7 * 3600 * 1000))).toBeNull();
  });
});
