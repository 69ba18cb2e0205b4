import { TZDate } from "@date-fns/tz";
import { APP_TIME_ZONE } from "./dates";

/**
 * The instant at a Vietnamese wall-clock date and time ("2022-07-11", "08:00"), whatever
 * zone the server or the browser is in.
 */
export function instantAt(isoDate: string, time: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  return new Date(new TZDate(y, m - 1, d, h, min, 0, APP_TIME_ZONE).getTime());
}

/** The Vietnamese calendar date ("yyyy-MM-dd") and time ("HH:mm") of an instant. */
export function wallClockParts(instant: Date): { date: string; time: string } {
  const tz = new TZDate(instant.getTime(), APP_TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${tz.getFullYear()}-${pad(tz.getMonth() + 1)}-${pad(tz.getDate())}`,
    time: `${pad(tz.getHours())}:${pad(tz.getMinutes())}`,
  };
}

/**
 * A browser-local Date showing Vietnam's wall clock. Calendar widgets lay events out in the
 * browser's zone; feeding them these keeps an 08:00 session at 08:00 for a reader anywhere.
 */
export function toBrowserWallClock(instant: Date): Date {
  const tz = new TZDate(instant.getTime(), APP_TIME_ZONE);
  return new Date(tz.getFullYear(), tz.getMonth(), tz.getDate(), tz.getHours(), tz.getMinutes());
}

/** The inverse of toBrowserWallClock: a browser-local wall-clock Date back to the real instant. */
export function fromBrowserWallClock(local: Date): Date {
  return new Date(
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), 0, APP_TIME_ZONE).getTime(),
  );
}
