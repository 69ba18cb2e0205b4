// FROZEN once shipped: change the schema with a new migration file.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialect-name";

/**
 * The tally's roll-up: for every unit, the counted activities of its whole subtree summed per
 * campaign, content point (0 = every activity, whatever its points), Vietnam month ("*" = all
 * months) and channel; and tally_coverage, the same per campaign, unit and point only (which
 * units cover which points); and tally_unit, per campaign and unit, what the unit organised itself
 * per channel and what its subtree covers (all months), so that a tally reads one row per unit.
 * Kept by app/services/tally-rollup.server.ts in the same transaction
 * as every write that changes a figure; an empty roll-up is refilled at start-up, so this
 * migration creates them empty. Sums are 64-bit on PostgreSQL: a national reach passes 2^31.
 */
export function tallyRollup(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  const sums = ["activities", "attendance", "quantity", "items", "posts", "reach", "engagements", "shares"] as const;
  // SQLite: the rows are stored in their key's order (no separate rowid table to look them up in).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const keyed = <T extends CreateTableBuilder<any, any>>(table: T): T => (dialect === "sqlite" ? (table.modifyEnd(sql`without rowid`) as T) : table);
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
      await keyed(table.addPrimaryKeyConstraint("tally_rollup_pk", ["campaign_id", "unit_id", "point_id", "month", "channel"])).execute();
      await keyed(
        db.schema
          .createTable("tally_coverage")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id").onDelete("cascade"))
        .addColumn("point_id", "integer", (c) => c.notNull())
          .addColumn("activities", big, (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint("tally_coverage_pk", ["campaign_id", "unit_id", "point_id"]),
      ).execute();
      let unit = db.schema
        .createTable("tally_unit")
        .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
        .addColumn("unit_id", "integer", (c) => c.notNull().references("unit.id").onDelete("cascade"));
      for (const column of ["spoken", "visual", "media", "facebook", "spoken_attendance", "subtree_activities"]) unit = unit.addColumn(column, big, (c) => c.notNull().defaultTo(0));
      await keyed(unit.addColumn("covered_points", "text", (c) => c.notNull().defaultTo("")).addPrimaryKeyConstraint("tally_unit_pk", ["campaign_id", "unit_id"])).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable("tally_unit").execute();
      await db.schema.dropTable("tally_coverage").execute();
      await db.schema.dropTable("tally_rollup").execute();
    },
  };
}
