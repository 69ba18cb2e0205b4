import { sql, type Kysely, type Transaction } from "kysely";
import { dialectOfDb } from "@db/dialect-name";
import type { Database, NewUnit } from "@db/schema";
import type { ClosureRow } from "~/domain/unit-tree";
import { keepingRollups } from "./tally-rollup.server";
import { keepingStatuses } from "./tally-status.server";

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

/** An arbitrary constant naming the tree's advisory lock in PostgreSQL. */
const TREE_LOCK_KEY = 7_310_001;

/**
 * Serialises every change to the tree's shape (create, move, import) across processes, so
 * two concurrent moves cannot build a cycle nor a create copy ancestors a move is changing.
 * PostgreSQL: a transaction-scoped advisory lock. SQLite: writers are serialised already
 * (one connection per process, one writer per file).
 */
export async function lockUnitTree(trx: Transaction<Database>): Promise<void> {
  if (dialectOfDb(trx) === "postgres") {
    await sql`select pg_advisory_xact_lock(${sql.lit(TREE_LOCK_KEY)})`.execute(trx);
  }
}

/** True when `descendantId` is `ancestorId` or lies below it. */
export async function isInSubtree(db: Db, ancestorId: number, descendantId: number): Promise<boolean> {
  const row = await db
    .selectFrom("unit_tree")
    .select("depth")
    .where("ancestor_id", "=", ancestorId)
    .where("descendant_id", "=", descendantId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Re-parents `unitId` (with its whole subtree) under `newParentId`, keeping the closure
 * table exact with two set-based statements: drop every pair that links a unit of the
 * subtree to an ancestor outside it, then pair every ancestor of the new parent with every
 * unit of the subtree. The caller has checked that the new parent is not inside the subtree
 * and holds the tree lock.
 */
export async function moveSubtree(trx: Transaction<Database>, unitId: number, newParentId: number): Promise<void> {
  // The subtree's activities and unit statuses change ancestors: they leave the old ones for the
  // new. The statuses inside the roll-up's write, whose first append holds the pending table.
  await keepingRollups(trx, { unitSubtree: unitId }, () => keepingStatuses(trx, unitId, () => relinkSubtree(trx, unitId, newParentId)));
}

async function relinkSubtree(trx: Transaction<Database>, unitId: number, newParentId: number): Promise<void> {
  await trx
    .deleteFrom("unit_tree")
    .where("descendant_id", "in", trx.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", unitId))
    .where(
      "ancestor_id",
      "in",
      trx.selectFrom("unit_tree").select("ancestor_id").where("descendant_id", "=", unitId).where("ancestor_id", "<>", unitId),
    )
    .execute();
  await trx
    .insertInto("unit_tree")
    .columns(["ancestor_id", "descendant_id", "depth"])
    .expression(
      trx
        .selectFrom(["unit_tree as p", "unit_tree as s"])
        .where("p.descendant_id", "=", newParentId)
        .where("s.ancestor_id", "=", unitId)
        .select(["p.ancestor_id", "s.descendant_id", sql<number>`p.depth + s.depth + 1`.as("depth")]),
    )
    .execute();
  await trx.updateTable("unit").set({ parent_id: newParentId }).where("id", "=", unitId).execute();
}

export const INSERT_CHUNK = 500;

/**
 * Inserts many units whose parents already exist (with their closure rows), in chunks:
 * one multi-row insert per chunk, then the chunk's closure rows with one set-based insert
 * (the parent's ancestors, one deeper) and one multi-row insert (the units themselves).
 * Returns the new ids in the order of `units`. Within one call, two units under the same
 * parent must not share a name (the import guarantees it); ids are matched back by
 * (parent, name) because neither engine promises RETURNING's order.
 */
export async function insertUnitsWithClosure(
  trx: Transaction<Database>,
  units: readonly NewUnit[],
  onChunk?: (inserted: number) => void,
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < units.length; start += INSERT_CHUNK) {
    const chunk = units.slice(start, start + INSERT_CHUNK);
    const keyOf = (parentId: number | null | undefined, name: string) => `${parentId ?? ""}\u0000${name}`;
    const keys = chunk.map((u) => keyOf(u.parent_id, u.name));
    if (new Set(keys).size !== keys.length) throw new Error("insertUnitsWithClosure: two units of one parent share a name");
    const inserted = await trx.insertInto("unit").values([...chunk]).returning(["id", "parent_id", "name"]).execute();
    const idByKey = new Map(inserted.map((row) => [keyOf(row.parent_id, row.name), row.id]));
    const chunkIds = keys.map((key) => {
      const id = idByKey.get(key);
      if (id === undefined) throw new Error("insertUnitsWithClosure: an inserted row did not come back");
      return id;
    });
    await trx
      .insertInto("unit_tree")
      .values(chunkIds.map((id) => ({ ancestor_id: id, descendant_id: id, depth: 0 })))
      .execute();
    await trx
      .insertInto("unit_tree")
      .columns(["ancestor_id", "descendant_id", "depth"])
      .expression(
        trx
          .selectFrom("unit as u")
          .innerJoin("unit_tree as t", "t.descendant_id", "u.parent_id")
          .where("u.id", "in", chunkIds)
          .select(["t.ancestor_id", "u.id as descendant_id", sql<number>`t.depth + 1`.as("depth")]),
      )
      .execute();
    ids.push(...chunkIds);
    onChunk?.(ids.length);
  }
  return ids;
}

/** The closure rows of the subtree under `rootId` (every pair whose ancestor lies in it). */
export async function closureRowsUnder(db: Db, rootId: number): Promise<ClosureRow[]> {
  return db
    .selectFrom("unit_tree as t")
    .innerJoin("unit_tree as s", "s.descendant_id", "t.ancestor_id")
    .where("s.ancestor_id", "=", rootId)
    .select(["t.ancestor_id", "t.descendant_id", "t.depth"])
    .execute();
}
