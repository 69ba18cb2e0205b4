import { addDays, endOfMonth, endOfWeek, format, parseISO, startOfMonth, startOfWeek } from "date-fns";
import { z } from "zod";
import { ACTIVITY_STATUSES } from "./activity-schemas";
import { CHANNEL_CODES } from "./channels";
import { idSchema } from "./ids";
import { instantAt } from "./wall-clock";

export const CALENDAR_VIEWS = ["month", "week", "day", "agenda"] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];
export const AGENDA_DAYS = 30;

const optionalId = z.preprocess((v) => (v === "" || v === null ? undefined : v), idSchema.optional()).catch(undefined);

/** The calendar's URL query; anything malformed falls back to a default rather than failing. */
export const calendarQuerySchema = z.object({
  view: z.enum(CALENDAR_VIEWS).catch("month"),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((d) => !Number.isNaN(parseISO(d).getTime()))
    .optional()
    .catch(undefined),
  campaign: optionalId,
  unit: optionalId,
  /** "unit": only the chosen unit; otherwise it and every unit below it. */
  scope: z.enum(["subtree", "unit"]).catch("subtree"),
  channel: z.enum(CHANNEL_CODES).optional().catch(undefined),
  form: optionalId,
  point: optionalId,
  status: z.enum(ACTIVITY_STATUSES).optional().catch(undefined),
});
export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

/**
 * The calendar days a view shows ([from, to), "yyyy-MM-dd"), weeks from Monday, plus a margin
 * of one day each side so events crossing the edges are not cut off.
 */
export function visibleDays(view: CalendarView, date: string): { from: string; to: string } {
  const day = parseISO(date);
  const monday = { weekStartsOn: 1 as const };
  const [first, last] =
    view === "month"
      ? [startOfWeek(startOfMonth(day), monday), endOfWeek(endOfMonth(day), monday)]
      : view === "week"
        ? [startOfWeek(day, monday), endOfWeek(day, monday)]
        : view === "day"
          ? [day, day]
          : [day, addDays(day, AGENDA_DAYS - 1)];
  return { from: format(addDays(first, -1), "yyyy-MM-dd"), to: format(addDays(last, 2), "yyyy-MM-dd") };
}

/** The same range as instants in Vietnam's zone. */
export function visibleInstants(view: CalendarView, date: string): { from: Date; to: Date } {
  const { from, to } = visibleDays(view, date);
  return { from: instantAt(from, "00:00"), to: instantAt(to, "00:00") };
}
