import type { DatabaseHandle } from "./connection";
import { seedDemo, type DemoSummary } from "./demo/seed-demo";

export async function isDatabaseEmpty(handle: DatabaseHandle): Promise<boolean> {
  const row = await handle.db.selectFrom("unit").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

/** Loads the demo data into an empty database; refuses to mix it into real data. */
export async function seedDemoIfEmpty(handle: DatabaseHandle): Promise<DemoSummary | null> {
  if (!(await isDatabaseEmpty(handle))) return null;
  return seedDemo(handle.db);
}
