import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays, format, parseISO } from "date-fns";
import { vi } from "date-fns/locale";

/** Every date and time the users see is Vietnam's, whatever zone the server runs in. */
export const APP_TIME_ZONE = "Asia/Ho_Chi_Minh";

function inAppZone(instant: Date): TZDate {
  return new TZDate(instant.getTime(), APP_TIME_ZONE);
}

/** dd/MM/yyyy of an instant, in Vietnam. */
export function formatDate(instant: Date): string {
  return format(inAppZone(instant), "dd/MM/yyyy", { locale: vi });
}

/** dd/MM/yyyy HH:mm of an instant, in Vietnam, 24-hour clock. */
export function formatDateTime(instant: Date): string {
  return format(inAppZone(instant), "dd/MM/yyyy HH:mm", { locale: vi });
}

/** HH:mm in Vietnam. */
export function formatTime(instant: Date): string {
  return format(inAppZone(instant), "HH:mm", { locale: vi });
}

/** "2022-12-25" -> "25/12/2022"; a calendar date has no zone. */
export function formatDateOnly(isoDate: string): string {
  return format(parseISO(isoDate), "dd/MM/yyyy");
}

/** Today's calendar date in Vietnam as "yyyy-MM-dd". */
export function todayInAppZone(now: Date = new Date()): string {
  return format(inAppZone(now), "yyyy-MM-dd");
}

/** Whole days from `today` to `due` (negative when overdue); both "yyyy-MM-dd". */
export function daysUntil(due: string, today: string): number {
  return differenceInCalendarDays(parseISO(due), parseISO(today));
}
