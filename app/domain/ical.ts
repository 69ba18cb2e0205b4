/**
 * The private calendar feed as RFC 5545 text, written by ical-generator (no I/O here).
 *
 * Times: every timed event carries TZID=Asia/Ho_Chi_Minh with a VTIMEZONE in the file.
 * Vietnam keeps +07:00 all year without daylight saving, so one STANDARD block describes the
 * zone exactly. ical-generator prints a date in the event's zone only when it is given a
 * zone-aware date (TZDate), never from the server's own zone, so the output is the same
 * whatever TZ the server runs in. All-day activities are DATE values (DTEND exclusive), as
 * the app stores them: midnight to the next midnight, Vietnam time.
 */
import { TZDate } from "@date-fns/tz";
import ical, { escape, ICalEventStatus } from "ical-generator";
import type { ActivityStatus, ChannelCode } from "@db/schema";
import type { Translate } from "~/i18n";
import { APP_TIME_ZONE } from "./dates";

/** Asia/Ho_Chi_Minh: +07:00 all year (ICT), no daylight saving since 1975. */
export const VIETNAM_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  `TZID:${APP_TIME_ZONE}`,
  `X-LIC-LOCATION:${APP_TIME_ZONE}`,
  "BEGIN:STANDARD",
  "DTSTART:19700101T000000",
  "TZOFFSETFROM:+0700",
  "TZOFFSETTO:+0700",
  "TZNAME:ICT",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

/** One activity as the feed shows it. */
export interface FeedActivity {
  id: number;
  title: string;
  channel: ChannelCode;
  status: ActivityStatus;
  starts_at: Date;
  ends_at: Date;
  is_all_day: boolean;
  location: string | null;
  presenter: string | null;
  audience: string | null;
  cancel_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  unit_name: string;
  form_name: string | null;
  campaign_title: string;
  points: readonly { code: string; title: string }[];
}

export interface FeedOptions {
  /** The public origin ("https://tuyentruyen.example.vn"), for links back to the app. */
  origin: string;
  /** The calendar's display name, e.g. "Lịch tuyên truyền · LĐLĐ huyện Tam Đường". */
  name: string;
  t: Translate;
}

const STATUS: Record<ActivityStatus, ICalEventStatus> = {
  planned: ICalEventStatus.TENTATIVE,
  done: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The stable UID of an activity: the same on every download, so clients update rather than duplicate. */
export function activityUid(activityId: number, origin: string): string {
  return `activity-${activityId}@${new URL(origin).hostname}`;
}

/**
 * Control characters other than tab and line breaks are not allowed in iCalendar TEXT; user
 * text loses them. Escaping of `\ ; , ` and line breaks is ical-generator's job.
 */
export function plainText(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").normalize("NFC");
}

const POINT_TITLE_MAX = 300;

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function eventSummary(activity: FeedActivity, t: Translate): string {
  const prefix = `[${t(`feed.prefix.${activity.channel}`)}]`;
  const cancelled = activity.status === "cancelled" ? `${t("feed.cancelledPrefix")} ` : "";
  return plainText(`${cancelled}${prefix} ${activity.title}`);
}

export function eventDescription(activity: FeedActivity, origin: string, t: Translate): string {
  const lines: string[] = [];
  lines.push(`${t("feed.ics.unit")}: ${activity.unit_name}`);
  const channel = t(`channel.${activity.channel}`);
  lines.push(`${t("feed.ics.channel")}: ${activity.form_name ? `${channel} – ${activity.form_name}` : channel}`);
  lines.push(`${t("feed.ics.campaign")}: ${activity.campaign_title}`);
  if (activity.points.length) {
    lines.push(`${t("feed.ics.points")}:`);
    for (const p of activity.points) lines.push(`- ${p.code}. ${shorten(p.title, POINT_TITLE_MAX)}`);
  }
  if (activity.presenter) lines.push(`${t("feed.ics.presenter")}: ${activity.presenter}`);
  if (activity.audience) lines.push(`${t("feed.ics.audience")}: ${activity.audience}`);
  const status = t(`status.${activity.status}`);
  lines.push(
    `${t("feed.ics.status")}: ${activity.status === "cancelled" && activity.cancel_reason ? `${status} (${activity.cancel_reason})` : status}`,
  );
  lines.push(`${t("feed.ics.link")}: ${activityLink(activity.id, origin)}`);
  return plainText(lines.join("\n"));
}

export function activityLink(activityId: number, origin: string): string {
  return `${origin}/activities/${activityId}`;
}

/** The whole feed as iCalendar text. */
export function buildIcs(activities: readonly FeedActivity[], options: FeedOptions): string {
  const calendar = ical({
    prodId: { company: "tuyentruyen", product: "so-tay-tuyen-truyen", language: "VI" },
    // ical-generator prints NAME/X-WR-CALNAME as given, so the text is escaped here.
    name: escape(plainText(options.name).replace(/[\r\n]+/g, " "), false),
    // No calendar-wide zone name: with one, ical-generator would print DTSTAMP and LAST-MODIFIED
    // as local times, while RFC 5545 wants them in UTC. The generator still writes the VTIMEZONE
    // of every zone the events use, and each timed event names its zone (TZID).
    timezone: { name: null, generator: (zone) => (zone === APP_TIME_ZONE ? VIETNAM_VTIMEZONE : null) },
    ttl: 60 * 60,
    x: { "X-WR-TIMEZONE": APP_TIME_ZONE },
  });
  for (const a of activities) {
    calendar.createEvent({
      id: activityUid(a.id, options.origin),
      sequence: a.version,
      // A published feed's DTSTAMP is when the information last changed, which keeps the
      // output byte-identical between downloads until something changes.
      stamp: a.updated_at,
      created: a.created_at,
      lastModified: a.updated_at,
      timezone: APP_TIME_ZONE,
      start: new TZDate(a.starts_at.getTime(), APP_TIME_ZONE),
      end: new TZDate(a.ends_at.getTime(), APP_TIME_ZONE),
      allDay: a.is_all_day,
      summary: eventSummary(a, options.t),
      location: a.location ? plainText(a.location) : null,
      description: eventDescription(a, options.origin, options.t),
      url: activityLink(a.id, options.origin),
      status: STATUS[a.status],
    });
  }
  return calendar.toString();
}
