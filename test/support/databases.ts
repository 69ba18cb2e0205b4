import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@db/connection";
import type { DialectName } from "@db/dialect-name";
import { migrateToLatest } from "@db/migrate";
import { seedDemo } from "@db/demo/seed-demo";
import { createScratchDatabase } from "./postgres";

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string;
  dispose(): Promise<void>;
}

export function testDialects(): DialectName[] {
  return inject("dialects");
}

/** A brand-new, empty, migrated database of the given dialect: a real file or a real server. */
export async function freshDatabase(dialect: DialectName, label = "test"): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "tt-test-"));
    const url = `file:${join(dir, "app.db")}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    return { handle, url, dispose: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const scratch = await createScratchDatabase(label);
  const handle = openDatabase(scratch.url);
  await migrateToLatest(handle);
  return { handle, url: scratch.url, dispose: async () => { await handle.close(); await scratch.drop(); } };
}

/** A fresh database holding the demo campaign (the same data `npm start` shows). */
export async function demoDatabase(dialect: DialectName, label = "demo"): Promise<TestDatabase> {
  const database = await freshDatabase(dialect, label);
  await seedDemo(database.handle.db);
  return database;
}
