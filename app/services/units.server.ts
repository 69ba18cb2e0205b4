import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { byVietnameseName } from "~/domain/collation";
import { buildTree, type TreeNode } from "~/domain/tree";
import { assertUnitInScope } from "./scope.server";

export interface UnitSummary {
  id: number;
  parent_id: number | null;
  code: string | null;
  name: string;
  short_name: string | null;
  kind_name: string;
  members: number;
  opened_on: string | null;
  closed_on: string | null;
}

function unitSummaries(db: Kysely<Database>) {
  return db
    .selectFrom("unit")
    .innerJoin("unit_kind as k", "k.id", "unit.kind_id")
    .select([
      "unit.id",
      "unit.parent_id",
      "unit.code",
      "unit.name",
      "unit.short_name",
      "k.name as kind_name",
      "unit.members",
      "unit.opened_on",
      "unit.closed_on",
    ]);
}

/** The actor's subtree down to `maxDepth` levels below the scope unit, as a sorted tree. */
export async function unitTree(db: Kysely<Database>, actor: Actor, maxDepth = 2): Promise<TreeNode<UnitSummary>[]> {
  const rows = await unitSummaries(db)
    .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
    .where("t.ancestor_id", "=", actor.unitId)
    .where("t.depth", "<=", maxDepth)
    .execute();
  return buildTree(rows, byVietnameseName);
}

export interface UnitDetail {
  unit: UnitSummary;
  /** The parent, only when it lies inside the actor's scope. */
  parent: UnitSummary | null;
  children: UnitSummary[];
  subtreeMembers: number;
  subtreeUnits: number;
}

export async function unitDetail(db: Kysely<Database>, actor: Actor, unitId: number): Promise<UnitDetail> {
  await assertUnitInScope(db, actor, unitId);
  const unit = await unitSummaries(db).where("unit.id", "=", unitId).executeTakeFirstOrThrow();
  const [children, parent, totals] = await Promise.all([
    unitSummaries(db).where("unit.parent_id", "=", unitId).execute(),
    unitId === actor.unitId || unit.parent_id == null
      ? Promise.resolve(undefined)
      : unitSummaries(db).where("unit.id", "=", unit.parent_id).executeTakeFirst(),
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit", "unit.id", "t.descendant_id")
      .where("t.ancestor_id", "=", unitId)
      .where("unit.closed_on", "is", null)
      .select((eb) => [eb.fn.countAll<number>().as("units"), eb.fn.coalesce(eb.fn.sum<number>("unit.members"), eb.lit(0)).as("members")])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    unit,
    parent: parent ?? null,
    children: children.sort(byVietnameseName),
    subtreeMembers: Number(totals.members),
    subtreeUnits: Number(totals.units),
  };
}
