import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { ActivityWarningView } from "~/domain/activity-warning";
import { instantAt } from "~/domain/wall-clock";

export type ActivityWarning = ActivityWarningView;

interface Slot {
  campaignId: number;
  startsAt: Date;
  endsAt: Date;
  presenter: string | null;
  location: string | null;
}

/** Case, spacing and Unicode form do not make two names different. */
function normalised(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");
}

/**
 * Double bookings (same presenter or same place at overlapping times, in any unit: a presenter
 * cannot be in two places) and occurrences outside the campaign's period. Warnings, not errors:
 * the user may save anyway.
 */
export async function findWarnings(db: Kysely<Database>, slots: readonly Slot[], ignoreIds: readonly number[] = []): Promise<ActivityWarning[]> {
  const warnings: ActivityWarning[] = [];
  if (slots.length === 0) return warnings;
  const campaign = await db
    .selectFrom("campaign")
    .select(["starts_on", "ends_on"])
    .where("id", "=", slots[0].campaignId)
    .executeTakeFirst();
  if (campaign) {
    const periodStart = instantAt(campaign.starts_on, "00:00");
    const periodEnd = new Date(instantAt(campaign.ends_on, "00:00").getTime() + 24 * 3600 * 1000);
    if (slots.some((s) => s.startsAt < periodStart || s.endsAt > periodEnd)) {
      warnings.push({ kind: "outsidePeriod", startsOn: campaign.starts_on, endsOn: campaign.ends_on });
    }
  }
  for (const field of ["presenter", "location"] as const) {
    const wanted = slots.filter((s) => s[field]);
    if (!wanted.length) continue;
    const from = new Date(Math.min(...wanted.map((s) => s.startsAt.getTime())));
    const to = new Date(Math.max(...wanted.map((s) => s.endsAt.getTime())));
    let query = db
      .selectFrom("activity as a")
      .innerJoin("unit", "unit.id", "a.unit_id")
      .select(["a.id", "a.title", "a.starts_at", "a.ends_at", `a.${field} as value`, "unit.name as unit_name"])
      .where("a.status", "!=", "cancelled")
      .where(`a.${field}`, "is not", null)
      .where("a.starts_at", "<", to)
      .where("a.ends_at", ">", from);
    if (ignoreIds.length) query = query.where("a.id", "not in", ignoreIds);
    const candidates = await query.limit(2000).execute();
    for (const slot of wanted) {
      const name = normalised(slot[field]!);
      const clash = candidates.find((c) => normalised(c.value ?? "") === name && c.starts_at < slot.endsAt && c.ends_at > slot.startsAt);
      if (clash && !warnings.some((w) => w.kind === field && w.otherId === clash.id)) {
        warnings.push({ kind: field, otherId: clash.id, otherTitle: clash.title, otherStartsAt: clash.starts_at, otherUnit: clash.unit_name });
      }
    }
  }
  return warnings;
}
