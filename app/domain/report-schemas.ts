/**
 * Input schemas of the unit report (báo cáo) and audit log pages, and the schema of the figures
 * snapshot a submission stores as JSON.
 */
import { z } from "zod";
import type { ReportStatus } from "@db/schema";
import type { ReportFigures } from "./report-figures";
import { idSchema } from "./ids";
import { optionalDate, optionalText, requiredText } from "./validation";

export const NARRATIVE_FIELDS = ["highlights", "assessment", "difficulties", "proposals"] as const;
export type NarrativeField = (typeof NARRATIVE_FIELDS)[number];
export type Narrative = Record<NarrativeField, string | null>;

/** Each narrative section is a few paragraphs; a whole report fits comfortably in these limits. */
export const NARRATIVE_MAX = 8000;
export const COMMENT_MAX = 4000;

/** The report's version as the form saw it; 0 when no report existed yet. */
const versionField = z.coerce.number({ error: "validation.invalid" }).int().min(0).max(2_147_483_647);

/** Saving a draft: every section may still be empty. */
export const draftSchema = z.object({
  version: versionField,
  highlights: optionalText(NARRATIVE_MAX),
  assessment: optionalText(NARRATIVE_MAX),
  difficulties: optionalText(NARRATIVE_MAX),
  proposals: optionalText(NARRATIVE_MAX),
});
export type DraftInput = z.output<typeof draftSchema>;

/** Submitting: the highlights and the overall assessment are what the level above reads first. */
export const submitSchema = draftSchema.extend({
  highlights: requiredText(NARRATIVE_MAX),
  assessment: requiredText(NARRATIVE_MAX),
});
export type SubmitInput = DraftInput;

/** Returning a report needs a reason the unit can act on. */
export const returnSchema = z.object({
  version: versionField,
  comment: z.string({ error: "reports.commentRequired" }).trim().min(1, "reports.commentRequired").max(COMMENT_MAX),
});
export const acceptSchema = z.object({
  version: versionField,
  comment: optionalText(COMMENT_MAX),
});
export type ReviewInput = { version: number; comment: string | null };

// ---------------------------------------------------------------------------------------------
// The figures snapshot stored in unit_report.figures

const count = z.number().finite().min(0);
const formFigure = z.object({
  formId: z.number().int().nullable(),
  formName: z.string().nullable(),
  unit: z.string().nullable(),
  activities: count,
  quantity: count,
});

export const figuresSchema = z.object({
  activities: count,
  units: count,
  spoken: z.object({ sessions: count, attendance: count, membersAttending: count, womenAttending: count }),
  visual: z.object({ activities: count, quantity: count, byForm: z.array(formFigure) }),
  media: z.object({ activities: count, items: count, byForm: z.array(formFigure) }),
  facebook: z.object({
    activities: count,
    posts: count,
    reach: count,
    views: count,
    engagements: count,
    shares: count,
    reachBySource: z.array(z.object({ source: z.string().nullable(), reach: count })),
  }),
}) satisfies z.ZodType<ReportFigures>;

export const FIGURES_SNAPSHOT_VERSION = 1;

export const figuresSnapshotSchema = z.object({
  version: z.literal(FIGURES_SNAPSHOT_VERSION),
  /** ISO instant the figures were taken (the submission). */
  takenAt: z.string(),
  figures: figuresSchema,
});
export type FiguresSnapshot = z.output<typeof figuresSnapshotSchema>;

export function snapshotOf(figures: ReportFigures, takenAt: Date): string {
  const snapshot: FiguresSnapshot = { version: FIGURES_SNAPSHOT_VERSION, takenAt: takenAt.toISOString(), figures };
  return JSON.stringify(snapshot);
}

/** The stored snapshot, or null when there is none or it cannot be read. */
export function readSnapshot(json: string | null): FiguresSnapshot | null {
  if (!json) return null;
  try {
    const parsed = figuresSnapshotSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The report list (/reports) and the audit page (/audit)

/** A unit's report state, "none" while it has not written anything. */
export type ReportState = ReportStatus | "none";

export const REPORT_LIST_FILTERS = ["all", "missing", "submitted", "returned", "accepted", "late"] as const;
export type ReportListFilter = (typeof REPORT_LIST_FILTERS)[number];

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const reportListQuerySchema = z.object({
  campaign: z.preprocess(blankToUndefined, idSchema.optional()).catch(undefined),
  status: z.enum(REPORT_LIST_FILTERS).catch("all"),
});

/** Which audit entities each filter choice shows; entities of later features still show under "all". */
export const AUDIT_ENTITY_GROUPS = {
  result: ["activity_result", "attachment"],
  report: ["unit_report"],
  activity: ["activity", "activity_point"],
  campaign: ["campaign", "content_point", "source_document", "campaign_channel", "campaign_target", "channel_form", "campaign_reporting_kind"],
  unit: ["unit", "unit_kind"],
  account: ["app_user"],
} as const satisfies Record<string, readonly string[]>;
export type AuditEntityGroup = keyof typeof AUDIT_ENTITY_GROUPS;
export const AUDIT_GROUP_NAMES = Object.keys(AUDIT_ENTITY_GROUPS) as AuditEntityGroup[];

export const auditQuerySchema = z
  .object({
    entity: z.preprocess(blankToUndefined, z.enum(AUDIT_GROUP_NAMES as [AuditEntityGroup, ...AuditEntityGroup[]]).optional()).catch(undefined),
    from: optionalDate,
    to: optionalDate,
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "validation.endBeforeStart" });
  });
export type AuditQuery = z.output<typeof auditQuerySchema>;
