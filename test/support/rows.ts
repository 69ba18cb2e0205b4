import type { NewActivity } from "@db/schema";

type Required = Pick<NewActivity, "campaign_id" | "unit_id" | "channel" | "title" | "starts_at" | "ends_at">;

/**
 * A planned activity row for tests that insert straight into the table, with every optional
 * column empty: only what the test is about is spelt out.
 */
export function activityRow(values: Required & Partial<NewActivity>): NewActivity {
  const now = new Date();
  return {
    form_id: null, is_all_day: false, location: null, presenter: null, audience: null, planned_attendance: null, planned_quantity: null,
    status: "planned", cancel_reason: null, series_id: null, external_ref: null, version: 1, created_by: null, created_at: now, updated_at: now,
    ...values,
  };
}
