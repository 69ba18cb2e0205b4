import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { instantAt } from "~/domain/wall-clock";
import { ACTIVITY_COLUMNS, activitiesCsv, MAX_EXPORT_ACTIVITIES, vi } from "~/services/export-csv.server";
import { tallyXlsx } from "~/services/export-xlsx.server";
import { rebuildRollups } from "~/services/tally-rollup.server";
import { countedActivityBatches, type CountedActivity, type CountedRowsOptions, type ReadPlan } from "~/services/tally-rows.server";
import { computeTally, tallyActivities, type TallyScope } from "~/services/tally.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

/**
 * The exports read the counted activities in batches (keyset pagination on start and id). Every
 * counted activity must be listed exactly once, in the page's order (tallyActivities), whatever
 * the batch size and whichever way the batches are found, including activities that start at
 * the same instant on both sides of a batch boundary and at the edges of the period.
 */

const PLANS: ReadPlan[] = ["inOrder", "byUnit"];

async function bytes(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

async function activityRows(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  workbook.getWorksheet(vi("exports.sheet.activities"))!.eachRow((row, number) => {
    if (number > 3) out.push((row.values as unknown[]).slice(1));
  });
  return out;
}

describe.each(testDialects())("counted activities read in batches on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  let province: Actor;
  let district: Actor;
  let grassroots: Actor;
  let campaignId = 0;
  /** Activities of the district that start at the same instant (a batch boundary falls between them). */
  const TIE = instantAt("2022-10-12", "08:00");
  const PART: Omit<TallyScope, "unitId"> = { campaignId: 0, from: "2022-09-01", to: "2022-11-30" };

  async function addActivity(unitId: number, startsAt: Date, status: "done" | "planned", withResult: boolean, title: string) {
    const id = (
      await db()
        .insertInto("activity")
        .values({
          campaign_id: campaignId, unit_id: unitId, channel: "spoken", form_id: null, title, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 3600_000),
          is_all_day: false, location: null, presenter: null, audience: null, planned_attendance: null, planned_quantity: null, status, cancel_reason: null,
          series_id: null, external_ref: null, version: 1, created_by: null, created_at: startsAt, updated_at: startsAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    if (withResult) await db().insertInto("activity_result").values({ activity_id: id, attendance: 11, reported_at: startsAt, reported_by: null }).execute();
    return id;
  }

  beforeAll(async () => {
    database = await demoDatabase(dialect, "export_rows");
    [province, district, grassroots] = await Promise.all([actorFor(db(), "tinh.quanly"), actorFor(db(), "huyen.quanly"), actorFor(db(), "coso.bientap")]);
    campaignId = (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    PART.campaignId = campaignId;
    // Five counted activities at one instant in two units of the district, and the period's edges:
    // the first instant of 1 September (in), the last millisecond of 30 November (in), the first
    // instant of 1 December (out); and two that are never counted (planned; done without a result).
    for (let i = 0; i < 3; i++) await addActivity(grassroots.unitId, TIE, "done", true, `tie ${i}`);
    for (let i = 3; i < 5; i++) await addActivity(district.unitId, TIE, "done", true, `tie ${i}`);
    await addActivity(grassroots.unitId, instantAt("2022-09-01", "00:00"), "done", true, "first instant");
    await addActivity(grassroots.unitId, new Date(instantAt("2022-12-01", "00:00").getTime() - 1), "done", true, "last instant");
    await addActivity(grassroots.unitId, instantAt("2022-12-01", "00:00"), "done", true, "after the period");
    await addActivity(grassroots.unitId, TIE, "planned", true, "planned");
    await addActivity(grassroots.unitId, TIE, "done", false, "no result");
    // A title with everything XML and spreadsheets treat specially (a formula start, markup, quotes, a control character).
    await addActivity(grassroots.unitId, instantAt("2022-10-20", "14:30"), "done", true, `=SUM(1) <b>&"x"' \u0001 tab\tend`);
    // Rows written directly: the tally's roll-up is rebuilt so the page counts them too.
    await rebuildRollups(db());
  });
  afterAll(() => database?.dispose());

  const scopes = () =>
    [
      ["the province over the campaign's period", province, { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" }],
      ["a district over part of the period", district, { ...PART, unitId: district.unitId }],
      ["a grassroots union over part of the period", grassroots, { ...PART, unitId: grassroots.unitId }],
    ] as const;

  async function readAll(actor: Actor, scope: TallyScope, options: CountedRowsOptions) {
    const batches: CountedActivity[][] = [];
    for await (const batch of await countedActivityBatches(db(), actor, scope, options)) batches.push(batch);
    return batches;
  }

  it("lists every counted activity exactly once, in the page's order, for any batch size and either plan", async () => {
    for (const [, actor, scope] of scopes()) {
      const expected = await tallyActivities(db(), actor, scope, {}, MAX_EXPORT_ACTIVITIES);
      const tally = await computeTally(db(), actor, scope);
      expect(expected.length).toBe(tally.totalActivities);
      expect(expected.length).toBeGreaterThan(5);
      for (const plan of PLANS) {
        for (const batchSize of [1, 2, 3, 7, 1000]) {
          const batches = await readAll(actor, scope, { plan, batchSize });
          const rows = batches.flat();
          const label = `${scope.unitId} ${plan} ${batchSize}`;
          expect(rows.map((r) => r.id), label).toEqual(expected.map((r) => r.id));
          expect(rows, label).toEqual(expected);
          expect(new Set(rows.map((r) => r.id)).size, label).toBe(rows.length);
          expect(batches.length, label).toBe(Math.ceil(expected.length / batchSize));
          expect(batches.every((b) => b.length >= 1 && b.length <= batchSize), label).toBe(true);
        }
      }
    }
  });

  it("crosses a batch boundary between activities that start at the same instant, and keeps the period's edges", async () => {
    const scope = { ...PART, unitId: district.unitId };
    const rows = (await readAll(district, scope, { batchSize: 2 })).flat();
    const ties = rows.filter((r) => r.starts_at.getTime() === TIE.getTime());
    // Every tie of the district (the demo may hold more at that instant), ordered by id.
    expect(ties.map((r) => r.title)).toEqual(expect.arrayContaining(["tie 0", "tie 1", "tie 2", "tie 3", "tie 4"]));
    expect(ties.map((r) => r.id)).toEqual([...ties.map((r) => r.id)].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const titles = rows.map((r) => r.title);
    expect(titles).toContain("first instant");
    expect(titles).toContain("last instant");
    for (const never of ["after the period", "planned", "no result"]) expect(titles).not.toContain(never);
    expect(titles[0]).toBe("first instant");
    expect(titles[titles.length - 1]).toBe("last instant");
  });

  it("lists the same sheet and CSV with tiny batches as with the default ones, and the sheet agrees with the page", async () => {
    for (const [label, actor, scope] of scopes()) {
      const tally = await computeTally(db(), actor, scope);
      const expected = await tallyActivities(db(), actor, scope, {}, MAX_EXPORT_ACTIVITIES);
      const now = new Date("2023-01-05T03:00:00Z");
      const small = await activityRows(await bytes((await tallyXlsx(db(), actor, scope, now, { batchSize: 3 })).body));
      const usual = await activityRows(await bytes((await tallyXlsx(db(), actor, scope, now)).body));
      expect(small, label).toEqual(usual);
      expect(small.map((r) => r[1]), label).toEqual(expected.map((r) => r.id));
      expect(small.map((r) => r[0]), label).toEqual(expected.map((_, i) => i + 1));
      expect(small, label).toHaveLength(tally.totalActivities);
      const col = (key: string) => ACTIVITY_COLUMNS.findIndex((c) => c.key === key);
      const spoken = small.filter((r) => r[col("exports.col.channel")] === vi("channel.spoken"));
      expect([spoken.length, spoken.reduce((s: number, r) => s + Number(r[col("exports.col.attendance")] || 0), 0)], label).toEqual([
        tally.total.spoken.activities,
        tally.total.spoken.attendance,
      ]);
      const csvSmall = await bytes((await activitiesCsv(db(), actor, scope, { batchSize: 3 })).body);
      const csvUsual = await bytes((await activitiesCsv(db(), actor, scope)).body);
      expect(csvSmall.equals(csvUsual), label).toBe(true);
      expect(csvSmall.toString("utf8").trimEnd().split("\r\n")).toHaveLength(tally.totalActivities + 1);
    }
  });

  it("writes the list's rows exactly as exceljs's own rows would be written", async () => {
    const entries = async (body: ReadableStream<Uint8Array>) => {
      const zip = await JSZip.loadAsync(await bytes(body));
      const out: Record<string, string> = {};
      for (const name of Object.keys(zip.files).sort()) if (!zip.files[name].dir) out[name] = await zip.file(name)!.async("string");
      return out;
    };
    const now = new Date("2023-01-05T03:00:00Z");
    for (const [label, actor, scope] of scopes()) {
      const fast = await entries((await tallyXlsx(db(), actor, scope, now, { batchSize: 7, rowWriter: "xml" })).body);
      const rows = await entries((await tallyXlsx(db(), actor, scope, now, { batchSize: 7, rowWriter: "exceljs" })).body);
      expect(Object.keys(fast), label).toEqual(Object.keys(rows));
      const list = "xl/worksheets/sheet3.xml";
      const listed = (await tallyActivities(db(), actor, scope, {}, MAX_EXPORT_ACTIVITIES)).length;
      expect(fast[list].match(/<row /g), label).toHaveLength(3 + listed);
      // The core properties carry the moment the file was zipped; everything else is the same, byte for byte.
      for (const name of Object.keys(rows)) if (name !== "docProps/core.xml") expect(fast[name], `${label}: ${name}`).toBe(rows[name]);
    }
    const sheet = (await entries((await tallyXlsx(db(), grassroots, { ...PART, unitId: grassroots.unitId }, now)).body))["xl/worksheets/sheet3.xml"];
    expect(sheet).toContain("&apos;=SUM(1) &lt;b&gt;&amp;&quot;x&quot;&apos;  tab\tend");
  });

  it("continues a list longer than a sheet can hold on further sheets, numbered on, none lost", async () => {
    const [, actor, scope] = scopes()[0];
    const now = new Date("2023-01-05T03:00:00Z");
    const whole = await activityRows(await bytes((await tallyXlsx(db(), actor, scope, now)).body));
    const perSheet = 40;
    expect(whole.length).toBeGreaterThan(2 * perSheet);
    for (const rowWriter of ["xml", "exceljs"] as const) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await bytes((await tallyXlsx(db(), actor, scope, now, { rowWriter, activitiesPerSheet: perSheet })).body)) as unknown as ArrayBuffer);
      const parts = Math.ceil(whole.length / perSheet);
      const listSheets = ["Hoạt động", ...Array.from({ length: parts - 1 }, (_, i) => `Hoạt động (${i + 2})`)];
      expect(workbook.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Theo đơn vị", ...listSheets, "Thông tin"]);
      const rows: unknown[][] = [];
      for (const [n, name] of listSheets.entries()) {
        const sheet = workbook.getWorksheet(name)!;
        expect(String(sheet.getRow(1).getCell(1).value)).toBe(n === 0 ? "DANH SÁCH HOẠT ĐỘNG ĐƯỢC TÍNH" : "DANH SÁCH HOẠT ĐỘNG ĐƯỢC TÍNH (TIẾP THEO)");
        expect(sheet.getRow(3).values).toEqual(workbook.getWorksheet("Hoạt động")!.getRow(3).values);
        const before = rows.length;
        sheet.eachRow((row, number) => {
          if (number > 3) rows.push((row.values as unknown[]).slice(1));
        });
        expect(rows.length - before, `${rowWriter} ${name}`).toBe(Math.min(perSheet, whole.length - n * perSheet));
      }
      // The same rows in the same order, numbered 1 … n across the sheets.
      expect(rows, rowWriter).toEqual(whole);
      expect(rows.map((r) => r[0])).toEqual(whole.map((_, i) => i + 1));
    }
  });

  it("gives the event loop a turn between batches", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    let batches = 0;
    const seen: number[] = [];
    for await (const _batch of await countedActivityBatches(db(), province, scope, { batchSize: 5 })) seen.push((batches++, turns));
    running = false;
    expect(batches).toBeGreaterThan(10);
    // Between two batches the other work of the process ran at least once.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  it("refuses a unit outside the actor's subtree or a campaign it cannot see with 404, before reading", async () => {
    const scope = { campaignId, unitId: province.unitId, from: "2022-07-11", to: "2022-12-31" };
    await expectStatus(countedActivityBatches(db(), grassroots, scope), 404);
    await expectStatus(countedActivityBatches(db(), province, { ...scope, campaignId: 987654 }), 404);
    await expectStatus(activitiesCsv(db(), district, scope), 404);
    await expectStatus(tallyXlsx(db(), district, scope), 404);
  });
});
