import type { Kysely } from "kysely";
import type { Database } from "@db/schema";

/**
 * Per-account sign-in throttling (OWASP ASVS V2.2.1): after FREE_FAILURES failed attempts on
 * one login within WINDOW_MS, each further attempt must wait 2^(n - FREE_FAILURES) seconds,
 * capped at MAX_DELAY_S. The count lives in the database, so every app process sees it, and
 * is kept for unknown logins too, so the answer never tells which logins exist. It is a delay,
 * not a lockout: the rightful user waits at most MAX_DELAY_S, and one success resets it.
 */
export const FREE_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_DELAY_S = 15 * 60;
/** Rows untouched this long are deleted, so spraying random logins cannot grow the table forever. */
const FORGET_MS = 24 * 60 * 60 * 1000;

export const throttleKey = (login: string) => login.trim().toLowerCase().slice(0, 100);

export function delaySeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_S, 2 ** (failures - FREE_FAILURES));
}

/** Seconds the login must still wait before a password is even checked (0 = may try now). */
export async function secondsToWait(db: Kysely<Database>, login: string, now = new Date()): Promise<number> {
  const row = await db.selectFrom("login_throttle").select("retry_at").where("login", "=", throttleKey(login)).executeTakeFirst();
  if (!row?.retry_at) return 0;
  const ms = row.retry_at.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** Counts a failed attempt; answers how many seconds the next attempt must wait. */
export async function recordFailure(db: Kysely<Database>, login: string, now = new Date()): Promise<number> {
  const key = throttleKey(login);
  const failures = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("login_throttle").select(["failures", "last_failed_at"]).where("login", "=", key).executeTakeFirst();
    const fresh = !row || now.getTime() - row.last_failed_at.getTime() > WINDOW_MS;
    const count = fresh ? 1 : row.failures + 1;
    const wait = delaySeconds(count);
    const values = { failures: count, last_failed_at: now, retry_at: wait > 0 ? new Date(now.getTime() + wait * 1000) : null };
    await trx
      .insertInto("login_throttle")
      .values({ login: key, ...values })
      .onConflict((oc) => oc.column("login").doUpdateSet(values))
      .execute();
    return count;
  });
  const wait = delaySeconds(failures);
  if (failures >= FREE_FAILURES) {
    console.warn(`[login-throttle] ${new Date(now).toISOString()} login=${JSON.stringify(key)} failures=${failures} wait=${wait}s`);
  }
  if (Math.random() < 0.05) {
    await db.deleteFrom("login_throttle").where("last_failed_at", "<", new Date(now.getTime() - FORGET_MS)).execute();
  }
  return wait;
}

export async function recordSuccess(db: Kysely<Database>, login: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("login", "=", throttleKey(login)).execute();
}
