// FROZEN once shipped: change the schema with a new migration file.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect-name";

/**
 * The tally's roll-up: for every unit, the counted activities of its whole subtree summed per
 * campaign, content point (0 = every activity, whatever its points), Vietnam month ("*" = all
 * months) and channel; and tally_coverage, the same per campaign, unit and point only (which
 * units cover which points). Kept by app/services/tally-rollup.server.ts in the same transaction
 * as every write that changes a figure; an empty roll-up is refilled at start-up, so this
 * migration creates them empty. Sums are 64-bit on PostgreSQL: a national reach passes 2^31.
 */
export function tallyRollup(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  const sums = ["activities", "attendance", "quantity", "items", "posts", "reach", "engagements", "shares"] as const;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      let table = db.schema
        .createTable("tally_rollup")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id").onDelete("cascade"))
        .addColumn("point_id", "integer", (c) => c.notNull())
        .addColumn("month", "text", (c) => c.notNull())
        .addColumn("channel", "text", (c) => c.notNull());
      for (const column of sums) table = table.addColumn(column, big, (c) => c.notNull().defaultTo(0));
      await table.addPrimaryKeyConstraint("tally_rollup_pk", ["campaign_id", "unit_id", "point_id", "month", "channel"]).execute();
      await db.schema
        .createTable("tally_coverage")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id").onDelete("cascade"))
        .addColumn("point_id", "integer", (c) => c.notNull())
        .addColumn("activities", big, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("tally_coverage_pk", ["campaign_id", "unit_id", "point_id"])
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable("tally_coverage").execute();
      await db.schema.dropTable("tally_rollup").execute();
    },
  };
}
