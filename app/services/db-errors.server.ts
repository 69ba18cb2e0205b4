/**
 * Database outages, answered in one place: an error that means "the database cannot be
 * reached right now" (PostgreSQL down, refusing or timing out connections, the server shutting
 * down, a statement timeout, SQLite locked or its file unreadable) becomes a thrown 503 Response
 * with the key "error.unavailable", which the root ErrorBoundary renders in the user's language
 * (and /healthz turns into 503 JSON). db.server.ts installs this mapping on the app's handle, so
 * every loader and action gets it without a try/catch of its own; other errors (constraint
 * violations, bugs) pass through unchanged.
 */
import type { Kysely } from "kysely";
import { httpError } from "./http-errors.server";

/** Node socket errors: nothing listening, connection dropped, host unreachable, DNS. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);
/** PostgreSQL SQLSTATEs: connection exceptions (08…), shutdown / cannot connect now (57P0x), statement timeout (57014), too many connections (53300). */
const PG_STATES = /^(08\d{3}|57P0[1-4]|57014|53300)$/;
/** SQLite: locked past busy_timeout, file vanished or unreadable, disk full. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY)/;
/** pg's own messages for a pool that cannot get a connection or a client whose socket died. */
const PG_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection error|Query read timeout|Connection timeout|terminating connection|the database system is (starting up|shutting down)|ECONNREFUSED/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e !== "object") return false;
    const code = typeof e.code === "string" ? e.code : "";
    if (NETWORK_CODES.has(code) || PG_STATES.test(code) || SQLITE_CODES.test(code)) return true;
    if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
    if (Array.isArray((e as { errors?: unknown }).errors)) {
      // AggregateError from a dual-stack connect (both ::1 and 127.0.0.1 refused).
      if (((e as { errors: unknown[] }).errors).some((inner) => isDatabaseUnavailable(inner))) return true;
    }
  }
  return false;
}

let lastLogged = 0;

/** The error to throw instead: a 503 Response for an outage (logged once every 10 s), the error itself otherwise. */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof Response || !isDatabaseUnavailable(error)) return error;
  const now = Date.now();
  if (now - lastLogged > 10_000) {
    lastLogged = now;
    console.error(`[db] database unavailable: ${(error as Error)?.message ?? String(error)}`);
  }
  return httpError(503, "error.unavailable");
}

/** PostgreSQL's lock_not_available: a `lock_timeout` ran out (the waiter gives up and tries later). */
function isLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "55P03";
}

/**
 * Runs `work` in `db`'s transaction, or in a new one. With `waitAtMostMs` (which `work` sets as
 * the transaction's `lock_timeout`), a lock not had in time gives up: false, rolled back.
 */
export async function inTransactionUnlessLocked<DB>(db: Kysely<DB>, waitAtMostMs: number | undefined, work: (trx: Kysely<DB>) => Promise<void>): Promise<boolean> {
  try {
    if (db.isTransaction) await work(db);
    else await db.transaction().execute(work);
    return true;
  } catch (error) {
    if (waitAtMostMs !== undefined && isLockTimeout(error)) return false;
    throw error;
  }
}
