import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { notFound } from "./http-errors.server";

/** True when `unitId` is the actor's unit or lies anywhere below it. */
export async function isUnitInScope(db: Kysely<Database>, actor: Actor, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom("unit_tree")
    .select("depth")
    .where("ancestor_id", "=", actor.unitId)
    .where("descendant_id", "=", unitId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Refuses a unit outside the actor's subtree with 404, so that the answer does not
 * reveal whether the unit exists at all.
 */
export async function assertUnitInScope(db: Kysely<Database>, actor: Actor, unitId: number): Promise<void> {
  if (!(await isUnitInScope(db, actor, unitId))) throw notFound();
}
