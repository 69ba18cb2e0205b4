import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, NewUnit } from "@db/schema";

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts a unit and its closure rows: itself at depth 0, and every ancestor of its parent one deeper. */
export async function insertUnitWithClosure(db: Db, unit: NewUnit): Promise<number> {
  const { id } = await db.insertInto("unit").values(unit).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("unit_tree").values({ ancestor_id: id, descendant_id: id, depth: 0 }).execute();
  if (unit.parent_id != null) {
    await db
      .insertInto("unit_tree")
      .columns(["ancestor_id", "descendant_id", "depth"])
      .expression(
        db
          .selectFrom("unit_tree")
          .where("descendant_id", "=", unit.parent_id)
          .select(["ancestor_id", sql<number>`${sql.lit(id)}`.as("descendant_id"), sql<number>`depth + 1`.as("depth")]),
      )
      .execute();
  }
  return id;
}
