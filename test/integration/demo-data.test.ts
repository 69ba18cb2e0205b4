import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoIfEmpty } from "@db/seed";
import { CHANNEL_CODES } from "~/domain/channels";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

describe.each(testDialects())("demo data from Công văn 967/LĐLĐ on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  beforeAll(async () => {
    database = await demoDatabase(dialect, "demo");
  });
  afterAll(() => database?.dispose());

  it("builds the Lai Châu federation with 40–80 grassroots unions", async () => {
    const root = await db().selectFrom("unit").selectAll().where("parent_id", "is", null).execute();
    expect(root.map((u) => u.name)).toEqual(["Liên đoàn Lao động tỉnh Lai Châu"]);
    const grassroots = await db()
      .selectFrom("unit")
      .innerJoin("unit_kind as k", "k.id", "unit.kind_id")
      .where("k.is_grassroots", "=", true)
      .select("unit.id")
      .execute();
    expect(grassroots.length).toBeGreaterThanOrEqual(40);
    expect(grassroots.length).toBeLessThanOrEqual(80);
    const names = (await db().selectFrom("unit").select("name").execute()).map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(["Ban Tuyên giáo - Nữ công", "Công đoàn Viên chức tỉnh Lai Châu"]));
  });

  it("has a closure row for every ancestor of every unit", async () => {
    const units = await db().selectFrom("unit").select(["id", "parent_id"]).execute();
    const parent = new Map(units.map((u) => [u.id, u.parent_id]));
    let expected = 0;
    for (const u of units) for (let at: number | null = u.id; at != null; at = parent.get(at) ?? null) expected++;
    const rows = await db().selectFrom("unit_tree").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(expected);
  });

  it("carries the campaign's three source documents and the numbered point tree of section 1", async () => {
    const campaign = await db().selectFrom("campaign").selectAll().executeTakeFirstOrThrow();
    expect(campaign.starts_on).toBe("2022-07-11");
    const docs = await db().selectFrom("source_document").select(["number", "issued_on"]).orderBy("position").execute();
    expect(docs).toEqual([
      { number: "12-CT/TW", issued_on: "2022-01-05" },
      { number: "71-HD/BTGTU", issued_on: "2022-06-22" },
      { number: "967/LĐLĐ", issued_on: "2022-07-11" },
    ]);
    const codes = (await db().selectFrom("content_point").select("code").execute()).map((p) => p.code);
    for (const code of ["1", "1.1", "1.2", "1.3", "1.4", ...Array.from({ length: 8 }, (_, i) => `1.4.${i + 1}`), "2", "3", "4"]) {
      expect(codes).toContain(code);
    }
  });

  it("offers forms in all four channels and asks for all of them", async () => {
    const channels = await db()
      .selectFrom("campaign_channel as cc")
      .innerJoin("channel_form as f", "f.id", "cc.form_id")
      .select("f.channel")
      .distinct()
      .execute();
    expect(channels.map((c) => c.channel).sort()).toEqual([...CHANNEL_CODES].sort());
  });

  it("spreads a few hundred activities over July–December 2022, mostly done with results", async () => {
    const rows = await db().selectFrom("activity").select(["status", "starts_at"]).execute();
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.length).toBeLessThanOrEqual(500);
    for (const r of rows) {
      expect(r.starts_at.getTime()).toBeGreaterThanOrEqual(Date.parse("2022-07-10T00:00:00Z"));
      expect(r.starts_at.getTime()).toBeLessThan(Date.parse("2023-01-01T00:00:00Z"));
    }
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    expect(count("done")).toBeGreaterThan(rows.length / 2);
    expect(count("planned")).toBeGreaterThan(0);
    expect(count("cancelled")).toBeGreaterThan(0);
    const results = await db().selectFrom("activity_result").select("activity_id").execute();
    expect(results.length).toBe(count("done"));
  });

  it("has no activity in a closed unit after it closed", async () => {
    const late = await db()
      .selectFrom("activity as a")
      .innerJoin("unit", "unit.id", "a.unit_id")
      .where("unit.closed_on", "is not", null)
      .select(["a.starts_at", "unit.closed_on"])
      .execute();
    for (const row of late) expect(row.starts_at.toISOString().slice(0, 10) <= row.closed_on!).toBe(true);
  });

  it("does not load the demo a second time into a database that has data", async () => {
    const before = await db().selectFrom("activity").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(await seedDemoIfEmpty(database.handle)).toBeNull();
    const after = await db().selectFrom("activity").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});
