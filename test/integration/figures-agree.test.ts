import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeTally } from "~/services/tally.server";
import { unitFigures } from "~/services/unit-reports.server";
import { actorFor } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

/** The tally (SQL) and the unit report's figures (summed in code) must tell the same story. */
describe.each(testDialects())("tally and report figures agree on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  beforeAll(async () => {
    database = await demoDatabase(dialect, "agree");
  });
  afterAll(() => database?.dispose());

  it("for the province and each of its direct children over the campaign", async () => {
    const actor = await actorFor(db(), "tinh.quanly");
    const campaign = await db().selectFrom("campaign").selectAll().orderBy("id").executeTakeFirstOrThrow();
    const children = await db().selectFrom("unit").select("id").where("parent_id", "=", actor.unitId).execute();
    for (const unitId of [actor.unitId, ...children.map((c) => c.id)]) {
      const tally = await computeTally(db(), actor, { campaignId: campaign.id, unitId, from: campaign.starts_on, to: campaign.ends_on });
      const report = await unitFigures(db(), campaign.id, unitId);
      const context = `unit ${unitId}`;
      expect(tally.totalActivities, context).toBe(report.activities);
      expect(tally.total.spoken.activities, context).toBe(report.spoken.sessions);
      expect(tally.total.spoken.attendance, context).toBe(report.spoken.attendance);
      expect(tally.total.visual.quantity, context).toBe(report.visual.quantity);
      expect(tally.total.media.items, context).toBe(report.media.items);
      expect(tally.total.facebook.posts, context).toBe(report.facebook.posts);
      expect(tally.total.facebook.reach, context).toBe(report.facebook.reach);
      expect(tally.total.facebook.engagements, context).toBe(report.facebook.engagements);
    }
  });
});
