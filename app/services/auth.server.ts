import { redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { roleAtLeast } from "~/domain/roles";
import type { Role } from "@db/schema";
import { db } from "./db.server";
import { forbidden } from "./http-errors.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { recordFailure, recordSuccess, secondsToWait } from "./login-throttle.server";
import { getSession } from "./session.server";

export type SignInOutcome = { ok: true; id: number; epoch: number } | { ok: false; waitSeconds: number };

/**
 * Sign-in with per-account throttling: while a login must wait, its password is not even
 * checked; every failure is counted in the database; a success clears the count.
 */
export async function signInWithThrottle(database: Kysely<Database>, login: string, password: string, now = new Date()): Promise<SignInOutcome> {
  const waiting = await secondsToWait(database, login, now);
  if (waiting > 0) {
    console.warn(`[login-throttle] refused while waiting: login=${JSON.stringify(login.trim().toLowerCase().slice(0, 100))} wait=${waiting}s`);
    return { ok: false, waitSeconds: waiting };
  }
  const user = await authenticate(database, login, password);
  if (!user) return { ok: false, waitSeconds: await recordFailure(database, login, now) };
  await recordSuccess(database, login);
  return { ok: true, ...user };
}

export async function authenticate(
  database: Kysely<Database>,
  login: string,
  password: string,
): Promise<{ id: number; epoch: number } | null> {
  const user = await database
    .selectFrom("app_user")
    .select(["id", "password_hash", "is_active", "session_epoch"])
    .where("login", "=", login.trim().toLowerCase())
    .executeTakeFirst();
  // Hash even when the login is unknown, so timing does not tell which logins exist.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || !user.is_active) return null;
  await database.updateTable("app_user").set({ last_login_at: new Date() }).where("id", "=", user.id).execute();
  return { id: user.id, epoch: user.session_epoch };
}

/** "Sign out everywhere": every cookie carrying the old epoch stops working at once. */
export async function bumpSessionEpoch(database: Kysely<Database>, userId: number): Promise<number> {
  await database
    .updateTable("app_user")
    .set((eb) => ({ session_epoch: eb("session_epoch", "+", 1) }))
    .where("id", "=", userId)
    .execute();
  const row = await database.selectFrom("app_user").select("session_epoch").where("id", "=", userId).executeTakeFirstOrThrow();
  return row.session_epoch;
}

export async function loadActor(database: Kysely<Database>, userId: number, epoch: number): Promise<Actor | null> {
  const row = await database
    .selectFrom("app_user as u")
    .innerJoin("unit", "unit.id", "u.unit_id")
    .select([
      "u.id",
      "u.login",
      "u.display_name",
      "u.role",
      "u.unit_id",
      "u.is_active",
      "u.is_password_change_required",
      "u.session_epoch",
      "unit.name as unit_name",
    ])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!row || !row.is_active || row.session_epoch !== epoch) return null;
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    isPasswordChangeRequired: row.is_password_change_required,
  };
}

export async function getActor(request: Request): Promise<Actor | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  const epoch = session.get("epoch");
  if (typeof userId !== "number" || typeof epoch !== "number") return null;
  return loadActor(db(), userId, epoch);
}

/** Where a user whose password was reset (or is temporary) must go before anything else. */
export const PASSWORD_CHANGE_PATH = "/account/password";
const OPEN_WHILE_PASSWORD_CHANGE_REQUIRED = new Set([PASSWORD_CHANGE_PATH, "/logout", "/login"]);

/**
 * The one way every loader and action gets its user: signed in, or off to /login. A user who
 * must change their password is sent to /account/password from every other page.
 */
export async function requireActor(request: Request, minimumRole: Role = "viewer"): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    const next = url.pathname + url.search;
    throw redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  }
  if (actor.isPasswordChangeRequired) {
    const url = new URL(request.url);
    if (!OPEN_WHILE_PASSWORD_CHANGE_REQUIRED.has(url.pathname)) {
      // Remember where a page visit was heading; a refused form post has nothing to come back to.
      const next = url.pathname + url.search;
      throw redirect(request.method !== "GET" || next === "/" ? PASSWORD_CHANGE_PATH : `${PASSWORD_CHANGE_PATH}?next=${encodeURIComponent(next)}`);
    }
  }
  if (!roleAtLeast(actor.role, minimumRole)) throw forbidden();
  return actor;
}

/** Only local paths, so a crafted ?next= cannot send a user to another site after sign-in. */
export function safeRedirectTarget(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
