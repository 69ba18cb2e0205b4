import { migrateToLatest } from "@db/migrate";
import { seedDemoIfEmpty } from "@db/seed";
import { isProduction } from "./config.server";
import { closeDatabase, database } from "./db.server";
import { sessionSecrets } from "./config.server";
import { ensureRollups, foldingInBackground } from "./tally-rollup.server";
import { stopHeavyWork } from "./heavy-work.server";

/**
 * Runs once before the server listens: checks configuration, brings the schema up to date,
 * and on a local install fills an empty database with the demo campaign.
 */
export async function bootstrap(): Promise<void> {
  sessionSecrets(); // fails fast in production without SESSION_SECRET
  const handle = database();
  const applied = await migrateToLatest(handle);
  if (applied.length) console.log(`[db] ${handle.dialect}: applied ${applied.join(", ")}`);
  const wantsDemo = process.env.DEMO_DATA ? process.env.DEMO_DATA !== "off" : !isProduction;
  if (wantsDemo) {
    const summary = await seedDemoIfEmpty(handle);
    if (summary) console.log(`[db] demo data loaded: ${JSON.stringify(summary)}`);
  }
  if (await ensureRollups(handle.db)) console.log("[db] tally roll-up filled from the existing activities");
  stopFolding = foldingInBackground(handle.db);
  console.log(`[db] ${handle.dialect} at ${handle.description}`);
}

let stopFolding: (() => Promise<void>) | undefined;

export async function shutdown(): Promise<void> {
  await stopHeavyWork();
  await stopFolding?.();
  await closeDatabase();
}
