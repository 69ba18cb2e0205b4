import type { Kysely, Transaction } from "kysely";
import type { Database } from "@db/schema";

/** Statuses in which a unit's report is with the level above: its results are frozen. */
export const LOCKING_REPORT_STATUSES = ["submitted", "accepted"] as const;

/**
 * True when the unit has submitted (or had accepted) its report for the campaign: its results
 * then stay as reported until the level above returns the report.
 */
export async function areResultsLocked(db: Kysely<Database> | Transaction<Database>, campaignId: number, unitId: number): Promise<boolean> {
  const report = await db
    .selectFrom("unit_report")
    .select("status")
    .where("campaign_id", "=", campaignId)
    .where("unit_id", "=", unitId)
    .where("status", "in", [...LOCKING_REPORT_STATUSES])
    .executeTakeFirst();
  return report !== undefined;
}
