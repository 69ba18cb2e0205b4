import { sql, type Kysely } from "kysely";
import type { Database } from "@db/schema";

/**
 * Units below (and including) `rootUnitId` expected to report on a campaign for a period
 * ending on `periodEndsOn`; the SQL twin of isExpectedToReport in app/domain/reporting.ts.
 */
export function expectedUnits(db: Kysely<Database>, campaignId: number, rootUnitId: number, periodEndsOn: string) {
  return db
    .selectFrom("unit_tree as t")
    .innerJoin("unit as u", "u.id", "t.descendant_id")
    .innerJoin("campaign_reporting_kind as k", (join) =>
      join.onRef("k.unit_kind_id", "=", "u.kind_id").on("k.campaign_id", "=", campaignId),
    )
    .where("t.ancestor_id", "=", rootUnitId)
    .where((eb) => eb.or([eb("u.opened_on", "is", null), eb("u.opened_on", "<=", periodEndsOn)]))
    .where((eb) => eb.or([eb("u.closed_on", "is", null), eb("u.closed_on", ">", periodEndsOn)]));
}

export interface ReportingProgress {
  expected: number;
  reported: number;
}

/** Units expected / units that have submitted (or had accepted) their report. */
export async function reportingProgress(
  db: Kysely<Database>,
  campaign: { id: number; ends_on: string },
  rootUnitId: number,
): Promise<ReportingProgress> {
  const row = await expectedUnits(db, campaign.id, rootUnitId, campaign.ends_on)
    .leftJoin("unit_report as r", (join) =>
      join.onRef("r.unit_id", "=", "u.id").on("r.campaign_id", "=", campaign.id).on("r.status", "in", ["submitted", "accepted"]),
    )
    .select([sql<number>`count(*)`.as("expected"), sql<number>`count(r.id)`.as("reported")])
    .executeTakeFirstOrThrow();
  return { expected: Number(row.expected), reported: Number(row.reported) };
}
