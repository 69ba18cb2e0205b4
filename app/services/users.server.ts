import type { Kysely } from "kysely";
import type { Database, Role } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { newAccountSchema, type NewAccount } from "~/domain/account-schemas";
import { viCollator } from "~/domain/collation";
import { recordAudit } from "./audit.server";
import { hashPassword } from "./password.server";

export interface UserListItem {
  id: number;
  login: string;
  display_name: string;
  role: Role;
  is_active: boolean;
  unit_id: number;
  unit_name: string;
  last_login_at: Date | null;
}

/** Accounts of the actor's unit and every unit below it; never those above. */
export async function listUsers(db: Kysely<Database>, actor: Actor): Promise<UserListItem[]> {
  const rows = await db
    .selectFrom("app_user as u")
    .innerJoin("unit_tree as t", "t.descendant_id", "u.unit_id")
    .innerJoin("unit", "unit.id", "u.unit_id")
    .where("t.ancestor_id", "=", actor.unitId)
    .select([
      "u.id",
      "u.login",
      "u.display_name",
      "u.role",
      "u.is_active",
      "u.unit_id",
      "unit.name as unit_name",
      "u.last_login_at",
      "t.depth",
    ])
    .execute();
  rows.sort((a, b) => a.depth - b.depth || viCollator.compare(a.display_name, b.display_name));
  return rows.map(({ depth: _depth, ...user }) => user);
}

/**
 * Creates an account. The caller has already decided the actor may do so; the command line
 * (first account of an install) has no actor at all.
 */
export async function insertAccount(db: Kysely<Database>, account: NewAccount): Promise<number> {
  const data = newAccountSchema.parse(account);
  const passwordHash = await hashPassword(data.password);
  return db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom("app_user").select("id").where("login", "=", data.login).executeTakeFirst();
    if (clash) throw new Error(`Tên đăng nhập "${data.login}" đã có người dùng.`);
    const { id } = await trx
      .insertInto("app_user")
      .values({
        login: data.login,
        display_name: data.displayName,
        password_hash: passwordHash,
        unit_id: data.unitId,
        role: data.role,
        is_active: true,
        is_password_change_required: false,
        session_epoch: 0,
        created_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, null, { action: "create", entity: "app_user", entityId: id, unitId: data.unitId, after: { login: data.login, role: data.role, unitId: data.unitId } });
    return id;
  });
}
