import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, format, parseISO } from "date-fns";
import { z } from "zod";
import { CHANNEL_CODES } from "./channels";
import { APP_TIME_ZONE } from "./dates";
import { idSchema } from "./ids";
import { blankToUndefined, dateField, optionalCount, optionalText, requiredText } from "./validation";
import { instantAt } from "./wall-clock";

export const ACTIVITY_STATUSES = ["planned", "done", "cancelled"] as const;
export const MAX_SERIES = 52;

const timeField = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "activities.invalidTime")
  .transform((t) => t.padStart(5, "0"));

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

/** The activity form as posted: Vietnamese wall-clock dates and times, ids as strings. */
export const activityFormSchema = z
  .object({
    campaignId: idSchema,
    unitId: idSchema,
    channel: z.enum(CHANNEL_CODES),
    formId: z.preprocess(blankToUndefined, idSchema.optional()).transform((v) => v ?? null),
    title: requiredText(300),
    allDay: checkbox,
    startDate: dateField,
    startTime: z.preprocess(blankToUndefined, timeField.optional()),
    endDate: z.preprocess(blankToUndefined, dateField.optional()),
    endTime: z.preprocess(blankToUndefined, timeField.optional()),
    location: optionalText(300),
    presenter: optionalText(200),
    audience: optionalText(300),
    plannedAttendance: optionalCount(1_000_000),
    plannedQuantity: optionalCount(10_000_000),
    pointIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idSchema).max(500)),
    repeat: z.enum(["none", "weekly", "monthly"]).default("none"),
    repeatCount: z.preprocess(blankToUndefined, z.coerce.number().int().min(2).max(MAX_SERIES).optional()),
  })
  .superRefine((a, ctx) => {
    if (!a.allDay && !a.startTime) ctx.addIssue({ code: "custom", path: ["startTime"], message: "validation.required" });
    if (!a.allDay && !a.endTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "validation.required" });
    if (a.repeat !== "none" && a.repeatCount === undefined) ctx.addIssue({ code: "custom", path: ["repeatCount"], message: "validation.required" });
  })
  .transform((a, ctx) => {
    const endDate = a.endDate ?? a.startDate;
    const startsAt = a.allDay ? instantAt(a.startDate, "00:00") : instantAt(a.startDate, a.startTime!);
    const endsAt = a.allDay ? instantAt(format(addDays(parseISO(endDate), 1), "yyyy-MM-dd"), "00:00") : instantAt(endDate, a.endTime!);
    if (endsAt <= startsAt) {
      ctx.addIssue({ code: "custom", path: [a.allDay ? "endDate" : "endTime"], message: "activities.endBeforeStart" });
      return z.NEVER;
    }
    return {
      campaignId: a.campaignId,
      unitId: a.unitId,
      channel: a.channel,
      formId: a.formId,
      title: a.title,
      allDay: a.allDay,
      startsAt,
      endsAt,
      location: a.location,
      presenter: a.presenter,
      audience: a.audience,
      plannedAttendance: a.plannedAttendance,
      plannedQuantity: a.plannedQuantity,
      pointIds: [...new Set(a.pointIds)],
      repeat: a.repeat === "none" ? null : { every: a.repeat, count: a.repeatCount! },
    };
  });
export type ActivityInput = z.output<typeof activityFormSchema>;

/** The start and end of each occurrence of a series: same wall-clock times every week or month. */
export function occurrences(startsAt: Date, endsAt: Date, repeat: ActivityInput["repeat"]): { startsAt: Date; endsAt: Date }[] {
  if (!repeat) return [{ startsAt, endsAt }];
  const step = repeat.every === "weekly" ? addWeeks : addMonths;
  // Step in Vietnam's calendar (not the server's zone), so every occurrence keeps its wall-clock time.
  const inZone = (d: Date, i: number) => new Date(step(new TZDate(d.getTime(), APP_TIME_ZONE), i).getTime());
  return Array.from({ length: repeat.count }, (_, i) => ({ startsAt: inZone(startsAt, i), endsAt: inZone(endsAt, i) }));
}

/** An instant posted by the calendar's drag and drop: a real date within the years dateField accepts. */
const instantField = z.coerce
  .date()
  .refine((d) => d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2100, "validation.invalidDate");

export const rescheduleSchema = z
  .object({
    startsAt: instantField,
    endsAt: instantField,
    allDay: checkbox,
    version: z.coerce.number().int().min(1).max(2_147_483_647),
  })
  .refine((r) => r.endsAt > r.startsAt, { path: ["endsAt"], message: "activities.endBeforeStart" });

export const cancelSchema = z.object({
  reason: requiredText(500),
  version: z.coerce.number().int().min(1),
});
