import { z } from "zod";
import { CHANNEL_CODES } from "./channels";
import { idSchema } from "./ids";
import { blankToUndefined, countField, dateField, optionalCount, optionalDate, optionalHttpUrl, optionalText, requiredText } from "./validation";

export const CAMPAIGN_STATUSES = ["draft", "active", "closed"] as const;

export const DOCUMENT_KINDS = ["chi_thi", "nghi_quyet", "ket_luan", "ke_hoach", "huong_dan", "cong_van", "quyet_dinh", "thong_bao", "khac"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Abbreviations used in document numbers (Nghị định 30/2020, Phụ lục I); công văn has none. */
export const DOCUMENT_KIND_ABBREVIATIONS: Record<DocumentKind, string> = {
  chi_thi: "CT",
  nghi_quyet: "NQ",
  ket_luan: "KL",
  ke_hoach: "KH",
  huong_dan: "HD",
  cong_van: "",
  quyet_dinh: "QĐ",
  thong_bao: "TB",
  khac: "",
};

const reportingKindSchema = z.object({ unitKindId: idSchema, dueOn: dateField });

export const campaignSchema = z
  .object({
    title: requiredText(300),
    summary: optionalText(2000),
    issuerUnitId: idSchema,
    startsOn: dateField,
    endsOn: dateField,
    reportDueOn: dateField,
    status: z.enum(CAMPAIGN_STATUSES),
    reportingKinds: z.array(reportingKindSchema).max(50),
  })
  .superRefine((c, ctx) => {
    if (c.endsOn < c.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "validation.endBeforeStart" });
    if (c.reportDueOn < c.startsOn) ctx.addIssue({ code: "custom", path: ["reportDueOn"], message: "campaigns.dueBeforeStart" });
    c.reportingKinds.forEach((k, i) => {
      if (k.dueOn > c.reportDueOn) ctx.addIssue({ code: "custom", path: [`due_${k.unitKindId}`], message: "campaigns.levelDueAfterCampaignDue" });
      if (k.dueOn < c.startsOn) ctx.addIssue({ code: "custom", path: [`due_${k.unitKindId}`], message: "campaigns.dueBeforeStart" });
      void i;
    });
  });
export type CampaignInput = z.infer<typeof campaignSchema>;

/** The campaign form sends `kind_<id>=on` and `due_<id>=date` pairs for the reporting kinds. */
export function campaignFormShape(values: Record<string, string | string[]>) {
  const reportingKinds = Object.keys(values)
    .filter((key) => /^kind_\d+$/.test(key))
    .map((key) => {
      const id = key.slice("kind_".length);
      const due = values[`due_${id}`];
      const fallback = values.reportDueOn;
      return { unitKindId: id, dueOn: (typeof due === "string" && due.trim() ? due : fallback) ?? "" };
    });
  return { ...values, reportingKinds };
}

export const documentSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  number: requiredText(100),
  issuedOn: optionalDate,
  issuer: requiredText(300),
  title: requiredText(1000),
  url: optionalHttpUrl,
});
export type DocumentInput = z.infer<typeof documentSchema>;

export const targetSchema = z
  .object({
    unitKindId: z.preprocess(blankToUndefined, idSchema.optional()).transform((v) => v ?? null),
    minMembers: optionalCount(10_000_000),
    maxMembers: optionalCount(10_000_000),
    channel: z.preprocess(blankToUndefined, z.enum(CHANNEL_CODES).optional()).transform((v) => v ?? null),
    minActivities: countField(10_000),
    memberCoveragePct: z.preprocess(blankToUndefined, countField(100).optional()).transform((v) => v ?? null),
  })
  .superRefine((t, ctx) => {
    if (t.minMembers !== null && t.maxMembers !== null && t.maxMembers < t.minMembers) {
      ctx.addIssue({ code: "custom", path: ["maxMembers"], message: "campaigns.maxBelowMin" });
    }
  });
export type TargetInput = z.infer<typeof targetSchema>;

export const customFormSchema = z.object({
  channel: z.enum(CHANNEL_CODES),
  name: requiredText(200),
  quantityUnit: requiredText(50),
});

export const pointSchema = z.object({
  title: requiredText(500),
  details: optionalText(10_000),
  parentId: z.preprocess(blankToUndefined, idSchema.optional()).transform((v) => v ?? null),
});
export type PointInput = z.infer<typeof pointSchema>;
