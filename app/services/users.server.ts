import { randomInt } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database, Role } from "@db/schema";
import type { Actor } from "~/domain/actor";
import {
  changePasswordSchema,
  createAccountSchema,
  foldForSearch,
  newAccountSchema,
  resetPasswordSchema,
  updateAccountSchema,
  type ChangePasswordInput,
  type CreateAccountInput,
  type NewAccount,
  type ResetPasswordInput,
  type UpdateAccountInput,
  type UserFilter,
} from "~/domain/account-schemas";
import { viCollator } from "~/domain/collation";
import { todayInAppZone } from "~/domain/dates";
import { ROLES, roleAtLeast } from "~/domain/roles";
import { buildTree, type TreeNode } from "~/domain/tree";
import { fieldErrorsOf, type FieldErrors } from "~/domain/validation";
import { translator, type MessageKey } from "~/i18n";
import { recordAudit } from "./audit.server";
import { forbidden, httpError, notFound } from "./http-errors.server";
import { hashPassword, verifyPassword } from "./password.server";
import { assertUnitInScope } from "./scope.server";

type Db = Kysely<Database> | Transaction<Database>;

/** A use case's answer when the input is refused: errors keyed by form field ("_form" for the whole form). */
export type ServiceResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const refuse = (field: string, key: MessageKey): { ok: false; errors: FieldErrors } => ({ ok: false, errors: { [field]: { key } } });

/** Managing accounts is a manager's (or an admin's) work; everyone else gets 403. */
function requireAccountManager(actor: Actor): void {
  if (!roleAtLeast(actor.role, "manager")) throw forbidden();
}

/** The roles `actor` may give: at most its own (a manager never makes an admin). */
export function grantableRoles(actor: Actor): Role[] {
  return ROLES.filter((role) => roleAtLeast(actor.role, role));
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface UserListItem {
  id: number;
  login: string;
  display_name: string;
  role: Role;
  is_active: boolean;
  is_password_change_required: boolean;
  unit_id: number;
  unit_name: string;
  last_login_at: Date | null;
}

/**
 * Accounts of the actor's unit and every unit below it; never those above. Optional filters:
 * a unit of the scope (that unit and its subtree), a role, active or not, and a search on
 * name and login that ignores case and Vietnamese diacritics ("duong" finds "Đường").
 */
export async function listUsers(db: Kysely<Database>, actor: Actor, filter: Partial<UserFilter> = {}): Promise<UserListItem[]> {
  if (filter.unit !== undefined) await assertUnitInScope(db, actor, filter.unit);
  let query = db
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
      "u.is_password_change_required",
      "u.unit_id",
      "unit.name as unit_name",
      "u.last_login_at",
      "t.depth",
    ]);
  if (filter.unit !== undefined) {
    const unitId = filter.unit;
    query = query.innerJoin("unit_tree as f", (join) => join.onRef("f.descendant_id", "=", "u.unit_id").on("f.ancestor_id", "=", unitId));
  }
  if (filter.role) query = query.where("u.role", "=", filter.role);
  if (filter.status === "active") query = query.where("u.is_active", "=", true);
  if (filter.status === "inactive") query = query.where("u.is_active", "=", false);
  let rows = await query.execute();
  const needle = filter.q ? foldForSearch(filter.q) : "";
  if (needle) rows = rows.filter((row) => foldForSearch(`${row.display_name} ${row.login}`).includes(needle));
  rows.sort((a, b) => a.depth - b.depth || viCollator.compare(a.unit_name, b.unit_name) || viCollator.compare(a.display_name, b.display_name));
  return rows.map(({ depth: _depth, ...user }) => user);
}

export interface UnitOption {
  id: number;
  name: string;
  /** Levels below the actor's unit, for indenting the picker. */
  depth: number;
  isClosed: boolean;
}

/** Every unit of the actor's subtree in tree order (parents before children, names in Vietnamese order). */
export async function unitOptions(db: Kysely<Database>, actor: Actor): Promise<UnitOption[]> {
  const today = todayInAppZone();
  const rows = await db
    .selectFrom("unit")
    .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
    .where("t.ancestor_id", "=", actor.unitId)
    .select(["unit.id", "unit.parent_id", "unit.name", "unit.closed_on", "t.depth"])
    .execute();
  const out: UnitOption[] = [];
  const walk = (nodes: TreeNode<(typeof rows)[number]>[]) => {
    for (const node of nodes) {
      const { id, name, depth, closed_on } = node.item;
      out.push({ id, name, depth, isClosed: closed_on !== null && closed_on <= today });
      walk(node.children);
    }
  };
  walk(buildTree(rows, (a, b) => viCollator.compare(a.name, b.name)));
  return out;
}

export interface AccountDetail {
  id: number;
  login: string;
  display_name: string;
  role: Role;
  unit_id: number;
  unit_name: string;
  is_active: boolean;
  is_password_change_required: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

export interface AccountHistoryEntry {
  id: number;
  created_at: Date;
  action: string;
  by: string | null;
}

export interface AccountView {
  account: AccountDetail;
  isSelf: boolean;
  /** The target's role is not above the actor's: the actor may manage it at all. */
  canManage: boolean;
  /** Role, unit, password reset and deactivation: never on one's own account. */
  canManageAccess: boolean;
  history: AccountHistoryEntry[];
}

function accountQuery(db: Db, actor: Actor) {
  return db
    .selectFrom("app_user as u")
    .innerJoin("unit_tree as t", (join) => join.onRef("t.descendant_id", "=", "u.unit_id").on("t.ancestor_id", "=", actor.unitId))
    .innerJoin("unit", "unit.id", "u.unit_id")
    .select([
      "u.id",
      "u.login",
      "u.display_name",
      "u.role",
      "u.unit_id",
      "unit.name as unit_name",
      "u.is_active",
      "u.is_password_change_required",
      "u.created_at",
      "u.last_login_at",
      "u.password_hash",
    ]);
}

/** An account inside the actor's subtree, or 404 (whether it exists elsewhere is not revealed). */
async function accountInScope(db: Db, actor: Actor, userId: number) {
  const row = await accountQuery(db, actor).where("u.id", "=", userId).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** The target must not outrank the actor (a manager cannot touch an admin account). */
function assertMayManage(actor: Actor, target: { role: Role }): void {
  if (!roleAtLeast(actor.role, target.role)) throw forbidden();
}

export async function getAccount(db: Kysely<Database>, actor: Actor, userId: number): Promise<AccountView> {
  requireAccountManager(actor);
  const { password_hash: _hash, ...account } = await accountInScope(db, actor, userId);
  const history = await db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as by", "by.id", "a.user_id")
    .where("a.entity", "=", "app_user")
    .where("a.entity_id", "=", userId)
    .select(["a.id", "a.created_at", "a.action", "by.display_name as by"])
    .orderBy("a.id", "desc")
    .limit(10)
    .execute();
  const isSelf = account.id === actor.id;
  const canManage = roleAtLeast(actor.role, account.role);
  return { account, isSelf, canManage, canManageAccess: canManage && !isSelf, history };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Letters and digits that cannot be confused when read aloud or copied by hand (no 0/o, 1/l/i). */
const PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A temporary password such as "k7mp-3xqa-9rtw": 12 random symbols (about 59 bits). */
export function generateTemporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let group = "";
    for (let i = 0; i < 4; i++) group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

async function unitIsClosed(db: Db, unitId: number): Promise<boolean> {
  const unit = await db.selectFrom("unit").select("closed_on").where("id", "=", unitId).executeTakeFirstOrThrow();
  return unit.closed_on !== null && unit.closed_on <= todayInAppZone();
}

export interface CreatedAccount {
  id: number;
  login: string;
  displayName: string;
  /** The generated temporary password, to show once; null when the manager typed it. */
  temporaryPassword: string | null;
}

/**
 * A manager creates an account for a unit of its subtree (404 otherwise) with a role no
 * higher than its own (403 otherwise). The password is temporary: the user must change it
 * at the first sign-in.
 */
export async function createAccount(db: Kysely<Database>, actor: Actor, input: CreateAccountInput): Promise<ServiceResult<CreatedAccount>> {
  requireAccountManager(actor);
  const parsed = createAccountSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const data = parsed.data;
  if (!roleAtLeast(actor.role, data.role)) throw forbidden();
  await assertUnitInScope(db, actor, data.unitId);

  const temporaryPassword = data.password ?? generateTemporaryPassword();
  // Hash before the transaction: argon2 takes a while and SQLite has one writer.
  const passwordHash = await hashPassword(temporaryPassword);
  try {
    return await db.transaction().execute(async (trx): Promise<ServiceResult<CreatedAccount>> => {
      await assertUnitInScope(trx, actor, data.unitId);
      if (await unitIsClosed(trx, data.unitId)) return refuse("unitId", "users.error.unitClosed");
      const clash = await trx.selectFrom("app_user").select("id").where("login", "=", data.login).executeTakeFirst();
      if (clash) return refuse("login", "users.error.loginTaken");
      const { id } = await trx
        .insertInto("app_user")
        .values({
          login: data.login,
          display_name: data.displayName,
          password_hash: passwordHash,
          unit_id: data.unitId,
          role: data.role,
          is_active: true,
          is_password_change_required: true,
          session_epoch: 0,
          created_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: "create",
        entity: "app_user",
        entityId: id,
        unitId: data.unitId,
        after: {
          login: data.login,
          displayName: data.displayName,
          role: data.role,
          unitId: data.unitId,
          isPasswordChangeRequired: true,
          passwordGenerated: data.password === undefined,
        },
      });
      return {
        ok: true,
        value: { id, login: data.login, displayName: data.displayName, temporaryPassword: data.password === undefined ? temporaryPassword : null },
      };
    });
  } catch (error) {
    // Two managers creating the same login at once: the unique index decides.
    if (isUniqueViolation(error)) return refuse("login", "users.error.loginTaken");
    throw error;
  }
}

/**
 * Name, unit and role of an account in the subtree. A manager grants at most manager; nobody
 * changes their own role or unit; an account that outranks the actor is out of reach (403).
 */
export async function updateAccount(
  db: Kysely<Database>,
  actor: Actor,
  input: UpdateAccountInput & { id: number },
): Promise<ServiceResult<{ changed: boolean }>> {
  requireAccountManager(actor);
  const parsed = updateAccountSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const data = parsed.data;
  return db.transaction().execute(async (trx): Promise<ServiceResult<{ changed: boolean }>> => {
    const target = await accountInScope(trx, actor, input.id);
    assertMayManage(actor, target);
    const role = data.role ?? target.role;
    const unitId = data.unitId ?? target.unit_id;
    const isSelf = target.id === actor.id;
    if (isSelf && (role !== target.role || unitId !== target.unit_id)) throw httpError(403, "users.error.ownAccess");
    if (!roleAtLeast(actor.role, role)) throw forbidden();
    if (unitId !== target.unit_id) {
      await assertUnitInScope(trx, actor, unitId);
      if (await unitIsClosed(trx, unitId)) return refuse("unitId", "users.error.unitClosed");
    }
    const before = { displayName: target.display_name, role: target.role, unitId: target.unit_id };
    const after = { displayName: data.displayName, role, unitId };
    if (JSON.stringify(before) === JSON.stringify(after)) return { ok: true, value: { changed: false } };
    await trx.updateTable("app_user").set({ display_name: data.displayName, role, unit_id: unitId }).where("id", "=", target.id).execute();
    await recordAudit(trx, actor, { action: "update", entity: "app_user", entityId: target.id, unitId, before, after });
    return { ok: true, value: { changed: true } };
  });
}

/**
 * Gives an account a temporary password (typed by the manager, or generated and returned
 * once), requires a change at the next sign-in and ends the account's sessions.
 */
export async function resetPassword(
  db: Kysely<Database>,
  actor: Actor,
  input: ResetPasswordInput & { id: number },
): Promise<ServiceResult<{ login: string; temporaryPassword: string | null }>> {
  requireAccountManager(actor);
  const parsed = resetPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const target = await accountInScope(db, actor, input.id);
  assertMayManage(actor, target);
  if (target.id === actor.id) throw httpError(403, "users.error.ownPassword");

  const temporaryPassword = parsed.data.password ?? generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: the account may have moved meanwhile.
    const current = await accountInScope(trx, actor, input.id);
    assertMayManage(actor, current);
    await trx
      .updateTable("app_user")
      .set((eb) => ({ password_hash: passwordHash, is_password_change_required: true, session_epoch: eb("session_epoch", "+", 1) }))
      .where("id", "=", current.id)
      .execute();
    // The audit says that a reset happened, never what the password or its hash is.
    await recordAudit(trx, actor, {
      action: "reset_password",
      entity: "app_user",
      entityId: current.id,
      unitId: current.unit_id,
      after: { isPasswordChangeRequired: true, passwordGenerated: parsed.data.password === undefined, sessionsEnded: true },
    });
    return { ok: true as const, value: { login: current.login, temporaryPassword: parsed.data.password === undefined ? temporaryPassword : null } };
  });
}

/**
 * Deactivates (and ends every session of) or reactivates an account of the subtree. Nobody
 * deactivates themselves.
 */
export async function setAccountActive(
  db: Kysely<Database>,
  actor: Actor,
  input: { id: number; active: boolean },
): Promise<{ changed: boolean }> {
  requireAccountManager(actor);
  return db.transaction().execute(async (trx) => {
    const target = await accountInScope(trx, actor, input.id);
    assertMayManage(actor, target);
    if (target.id === actor.id) throw httpError(403, "users.error.ownStatus");
    if (target.is_active === input.active) return { changed: false };
    await trx
      .updateTable("app_user")
      .set((eb) => (input.active ? { is_active: true } : { is_active: false, session_epoch: eb("session_epoch", "+", 1) }))
      .where("id", "=", target.id)
      .execute();
    await recordAudit(trx, actor, {
      action: input.active ? "reactivate" : "deactivate",
      entity: "app_user",
      entityId: target.id,
      unitId: target.unit_id,
      before: { isActive: target.is_active },
      after: { isActive: input.active },
    });
    return { changed: true };
  });
}

/**
 * A user changes their own password: the current one must be right, the new one differ.
 * The session epoch moves on, so every other session ends; the caller issues this browser a
 * fresh session with the returned epoch.
 */
export async function changeOwnPassword(db: Kysely<Database>, actor: Actor, input: ChangePasswordInput): Promise<ServiceResult<{ epoch: number }>> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const { currentPassword, newPassword } = parsed.data;
  const user = await db.selectFrom("app_user").select(["password_hash", "unit_id"]).where("id", "=", actor.id).executeTakeFirst();
  if (!user) throw notFound();
  if (!(await verifyPassword(user.password_hash, currentPassword))) return refuse("currentPassword", "account.error.currentWrong");
  const newHash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx): Promise<ServiceResult<{ epoch: number }>> => {
    // Only if the password is still the one just verified (not reset or changed meanwhile).
    const updated = await trx
      .updateTable("app_user")
      .set((eb) => ({ password_hash: newHash, is_password_change_required: false, session_epoch: eb("session_epoch", "+", 1) }))
      .where("id", "=", actor.id)
      .where("password_hash", "=", user.password_hash)
      .where("is_active", "=", true)
      .returning("session_epoch")
      .executeTakeFirst();
    if (!updated) return refuse("_form", "account.error.conflict");
    await recordAudit(trx, actor, {
      action: "change_password",
      entity: "app_user",
      entityId: actor.id,
      unitId: user.unit_id,
      after: { isPasswordChangeRequired: false, sessionsEnded: true },
    });
    return { ok: true, value: { epoch: updated.session_epoch } };
  });
}

/**
 * Creates an account without an actor: the command line's first account of an install
 * (`npm run user:add`). Its password is the operator's own, so no change is required.
 */
export async function insertAccount(db: Kysely<Database>, account: NewAccount): Promise<number> {
  const parsed = newAccountSchema.safeParse(account);
  if (!parsed.success) {
    // The schema speaks in message keys; the command line speaks Vietnamese.
    const t = translator("vi");
    const errors = fieldErrorsOf(parsed.error);
    throw new Error(Object.entries(errors).map(([field, e]) => `${field}: ${t(e.key, e.params)}`).join("\n"));
  }
  const data = parsed.data;
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
