import { openDatabase, type DatabaseHandle } from "@db/connection";
import { mapDatabaseError } from "./db-errors.server";

/**
 * The process-wide database handle. Opened lazily so that importing a route module
 * (in tests, in the build) never touches the database.
 */
let handle: DatabaseHandle | undefined;

export function database(): DatabaseHandle {
  // An outage (database down, unreachable, timing out) is thrown as a 503 Response (db-errors.server.ts).
  handle ??= openDatabase(undefined, { mapError: mapDatabaseError });
  return handle;
}

export function db() {
  return database().db;
}

/** For the server's shutdown and for tests that swap databases. */
export async function closeDatabase(): Promise<void> {
  const current = handle;
  handle = undefined;
  await current?.close();
}
