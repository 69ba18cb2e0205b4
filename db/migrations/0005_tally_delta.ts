// FROZEN once shipped: change the schema with a new migration file.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect-name";

/**
 * Pending changes to the tally's roll-up: a write appends its signed contribution here (rows of
 * kind 'rollup', 'coverage' or 'unit', keyed like tally_rollup, tally_coverage and tally_unit)
 * instead of updating their rows, which every write in a province shares (the root's) and which
 * would serialise all writers. app/services/tally-rollup.server.ts folds them into the roll-up in
 * batches, and before any tally reads it. No keys and no foreign keys: appending must not lock
 * or check any shared row (campaigns and units are closed, never deleted).
 */
export function tallyDelta(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  const sums = ["activities", "attendance", "quantity", "items", "posts", "reach", "engagements", "shares", "spoken", "visual", "media", "facebook", "spoken_attendance"];
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      let table = db.schema
        .createTable("tally_delta")
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("campaign_id", "integer", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.notNull())
        .addColumn("point_id", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("month", "text", (c) => c.notNull().defaultTo(""))
        .addColumn("channel", "text", (c) => c.notNull().defaultTo(""));
      for (const column of sums) table = table.addColumn(column, big, (c) => c.notNull().defaultTo(0));
      await table.execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable("tally_delta").execute();
    },
  };
}
