import { z } from "zod";
import { idSchema } from "./ids";
import { dateField, optionalText, requiredText } from "./validation";

const optionalId = z.preprocess((v) => (v === "" || v === null ? undefined : v), idSchema.optional()).catch(undefined);

/**
 * A calendar day, typed as the date fields show it (dd/mm/yyyy) or as links carry it
 * (yyyy-MM-dd), returned as "yyyy-MM-dd"; an impossible day (30/02/2022) is left out.
 */
const optionalDay = z.preprocess((v) => (v === "" || v === null ? undefined : v), dateField.optional()).catch(undefined);

/**
 * The tally's URL (?campaign=&unit=&from=&to=), shared by the page and every export so they
 * always describe the same scope. Malformed values fall back to the defaults (newest campaign,
 * the user's unit, the campaign's period) rather than failing.
 */
export const tallyQuerySchema = z.object({
  campaign: optionalId,
  unit: optionalId,
  from: optionalDay,
  to: optionalDay,
});
export type TallyQuery = z.infer<typeof tallyQuerySchema>;

export function parseTallyQuery(searchParams: URLSearchParams): TallyQuery {
  return tallyQuerySchema.parse(Object.fromEntries(searchParams));
}

/** The query string of a scope, for links between the page, its cells and the exports. */
export function tallyQueryString(scope: { campaignId: number; unitId: number; from: string; to: string }, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams({ campaign: String(scope.campaignId), unit: String(scope.unitId), from: scope.from, to: scope.to });
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}

/**
 * The scope a parsed query asks for, given the campaign it resolved to (the asked one, or the
 * newest the user sees) and the user's unit: the unit defaults to the user's, the period to the
 * campaign's; a period typed backwards is turned round.
 */
export function resolveTallyDefaults(
  query: TallyQuery,
  campaign: { id: number; starts_on: string; ends_on: string },
  actorUnitId: number,
): { campaignId: number; unitId: number; from: string; to: string } {
  const from = query.from ?? campaign.starts_on;
  const to = query.to ?? campaign.ends_on;
  return { campaignId: campaign.id, unitId: query.unit ?? actorUnitId, from: from <= to ? from : to, to: from <= to ? to : from };
}

// ---------------------------------------------------------------------------------------------
// The official report's editable parts (/tally/report -> /tally.docx)

/** The fields of the report form; they travel in the query string next to the scope. */
export const REPORT_FIELDS = ["number", "place", "date", "parentBody", "issuingBody", "authority", "signerPosition", "signerName", "recipients"] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** A line of the header or signature block: one line, no control characters. */
const line = (max: number) => requiredText(max).refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "validation.invalid");
const optionalLine = (max: number) => optionalText(max).refine((v) => v === null || !/[\u0000-\u001f\u007f]/.test(v), "validation.invalid");

export const reportOptionsSchema = z.object({
  /** "967/BC-LĐLĐ", or "/BC-LĐLĐ" to leave the number blank for the clerk. */
  number: line(60).refine((v) => /^[\p{L}\p{N}\s/.\-–]+$/u.test(v), "exports.form.numberInvalid"),
  place: line(100),
  date: dateField,
  parentBody: optionalLine(200),
  issuingBody: line(200),
  authority: optionalLine(100),
  signerPosition: line(100),
  signerName: optionalLine(100),
  recipients: z
    .string()
    .max(3000)
    .default("")
    .transform((v) => v.replace(/\r\n?/g, "\n"))
    .refine((v) => v.split("\n").filter((l) => l.trim()).length <= 30, "exports.form.tooManyRecipients")
    .refine((v) => v.split("\n").every((l) => l.trim().length <= 300), "exports.form.recipientTooLong")
    .refine((v) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(v), "validation.invalid"),
});
export type ReportOptions = z.output<typeof reportOptionsSchema>;

/** Whether a query carries the report form (rather than only the scope). */
export function hasReportFields(searchParams: URLSearchParams): boolean {
  return REPORT_FIELDS.some((field) => searchParams.has(field));
}
