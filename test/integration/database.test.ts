import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "@db/migrate";
import { insertUnitWithClosure } from "~/services/unit-tree.server";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";

describe.each(testDialects())("database layer on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect, "dblayer");
  });
  afterAll(() => database?.dispose());

  it("applies migrations once and then has nothing left to apply", async () => {
    expect(await migrateToLatest(database.handle)).toEqual([]);
  });

  it("returns timestamps as Date, calendar dates as strings and flags as booleans", async () => {
    const { db } = database.handle;
    const kind = await db
      .insertInto("unit_kind")
      .values({ code: "k", name: "Công đoàn cơ sở", level: 3, is_grassroots: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const created = new Date("2022-07-11T01:00:00.000Z");
    const unitId = await insertUnitWithClosure(db, {
      parent_id: null, name: "Công đoàn Trường THCS Bình Lư", kind_id: kind.id, members: 42,
      opened_on: "2010-09-05", closed_on: null, created_at: created,
    });
    const unit = await db.selectFrom("unit").selectAll().where("id", "=", unitId).executeTakeFirstOrThrow();
    expect(unit.created_at).toBeInstanceOf(Date);
    expect(unit.created_at.toISOString()).toBe(created.toISOString());
    expect(unit.opened_on).toBe("2010-09-05");
    expect(unit.closed_on).toBeNull();
    expect(unit.name).toBe("Công đoàn Trường THCS Bình Lư");
    const kindRow = await db.selectFrom("unit_kind").selectAll().where("id", "=", kind.id).executeTakeFirstOrThrow();
    expect(kindRow.is_grassroots).toBe(true);

    const campaign = await db
      .insertInto("campaign")
      .values({ issuer_unit_id: unitId, title: "Đợt 1", summary: null, starts_on: "2022-07-11", ends_on: "2022-12-31", report_due_on: "2022-12-25", status: "active", created_at: created, updated_at: created })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("activity")
      .values({
        campaign_id: campaign.id, unit_id: unitId, channel: "spoken", form_id: null, title: "Buổi nói chuyện",
        starts_at: created, ends_at: new Date("2022-07-11T03:00:00Z"), is_all_day: false, location: null, presenter: null,
        audience: null, planned_attendance: 40, planned_quantity: null, status: "planned", cancel_reason: null,
        series_id: null, external_ref: null, version: 1, created_by: null, created_at: created, updated_at: created,
      })
      .execute();
    const activity = await db.selectFrom("activity").selectAll().executeTakeFirstOrThrow();
    expect(activity.is_all_day).toBe(false);
    expect(activity.starts_at).toEqual(created);
    // Range filters compare instants the same way on both engines.
    const inRange = await db
      .selectFrom("activity")
      .select("id")
      .where("starts_at", ">=", new Date("2022-07-11T00:59:59Z"))
      .where("starts_at", "<", new Date("2022-07-11T01:00:01Z"))
      .execute();
    expect(inRange).toHaveLength(1);
    const sums = await db
      .selectFrom("activity")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("planned_attendance").as("planned")])
      .executeTakeFirstOrThrow();
    expect(sums).toEqual({ n: 1, planned: 40 });
  });

  it("keeps the closure table exact for a three-level chain", async () => {
    const { db } = database.handle;
    const kind = await db.selectFrom("unit_kind").select("id").executeTakeFirstOrThrow();
    const base = { kind_id: kind.id, members: 0, created_at: new Date() };
    const a = await insertUnitWithClosure(db, { ...base, parent_id: null, name: "A" });
    const b = await insertUnitWithClosure(db, { ...base, parent_id: a, name: "B" });
    const c = await insertUnitWithClosure(db, { ...base, parent_id: b, name: "C" });
    const rows = await db
      .selectFrom("unit_tree")
      .select(["ancestor_id", "descendant_id", "depth"])
      .where("descendant_id", "in", [a, b, c])
      .orderBy("descendant_id")
      .orderBy("depth")
      .execute();
    expect(rows).toEqual([
      { ancestor_id: a, descendant_id: a, depth: 0 },
      { ancestor_id: b, descendant_id: b, depth: 0 },
      { ancestor_id: a, descendant_id: b, depth: 1 },
      { ancestor_id: c, descendant_id: c, depth: 0 },
      { ancestor_id: b, descendant_id: c, depth: 1 },
      { ancestor_id: a, descendant_id: c, depth: 2 },
    ]);
  });

  it("enforces foreign keys", async () => {
    const { db } = database.handle;
    await expect(
      db.insertInto("unit_tree").values({ ancestor_id: 999_999, descendant_id: 999_998, depth: 1 }).execute(),
    ).rejects.toThrow();
  });
});
