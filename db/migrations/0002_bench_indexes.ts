// FROZEN once shipped: change the schema with a new migration file.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect-name";

/**
 * Indexes found by `npm run bench` (BENCHMARKS.md).
 *
 * activity_unit_span_idx: the calendar month loader counts, then reads (starts_at, channel) of,
 * every activity of a subtree overlapping the visible range. With (unit_id, starts_at) alone each
 * row costs a table lookup for ends_at and channel; this index covers the whole query (a
 * province month: about 3x less work on SQLite).
 */
export function benchIndexes(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.createIndex("activity_unit_span_idx").on("activity").columns(["unit_id", "starts_at", "ends_at", "channel"]).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropIndex("activity_unit_span_idx").execute();
    },
  };
}
