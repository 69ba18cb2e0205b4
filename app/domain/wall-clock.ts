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

const QUARTER_HOUR_MS = 15 * 60_000;
const offsetByQuarterHour = new Map<number, number>();

/**
 * Vietnam's offset from UTC at an instant, in milliseconds. A TZDate costs microseconds (the
 * zone's rules through Intl), and a national export or tally reads ~10^6 instants; time zones
 * (Vietnam's included) have changed offset only on whole quarter hours since 1970, so one
 * lookup per quarter hour is exact there. Earlier instants are computed one by one.
 */
function appZoneOffsetMs(ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const cached = ms >= 0 ? offsetByQuarterHour.get(quarter) : undefined;
  if (cached !== undefined) return cached;
  const at = ms >= 0 ? quarter * QUARTER_HOUR_MS : ms;
  const tz = new TZDate(at, APP_TIME_ZONE);
  const offset = Date.UTC(tz.getFullYear(), tz.getMonth(), tz.getDate(), tz.getHours(), tz.getMinutes(), tz.getSeconds(), tz.getMilliseconds()) - at;
  if (ms >= 0) {
    if (offsetByQuarterHour.size >= 100_000) offsetByQuarterHour.clear();
    offsetByQuarterHour.set(quarter, offset);
  }
  return offset;
}

/** The Vietnamese calendar date ("yyyy-MM-dd") and time ("HH:mm") of an instant. */
export function wallClockParts(instant: Date): { date: string; time: string } {
  // The wall clock's fields, read in UTC from the instant shifted by the offset.
  const local = new Date(instant.getTime() + appZoneOffsetMs(instant.getTime()));
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
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
