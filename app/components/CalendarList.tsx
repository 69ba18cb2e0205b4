import { Link } from "@remix-run/react";
import type { ActivityStatus, ChannelCode } from "@db/schema";
import { CHANNELS } from "~/domain/channels";
import { formatDate, formatDateOnly, formatTime } from "~/domain/dates";
import { useT } from "~/i18n/use-t";

interface Data {
  mode: "events" | "summary";
  events?: { id: number; title: string; channel: ChannelCode; status: ActivityStatus; starts_at: Date | string; ends_at: Date | string; is_all_day: boolean; unit_name: string }[];
  buckets?: { date: string; channel: ChannelCode; count: number }[];
}

/** The visible range as a plain list: what readers without JavaScript (and screen readers) get. */
export function CalendarList({ data }: { data: Data }) {
  const t = useT();
  if (data.mode === "summary") {
    const buckets = [...(data.buckets ?? [])].sort((a, b) => a.date.localeCompare(b.date));
    return (
      <ul className="calendar-list">
        {buckets.map((b) => (
          <li key={`${b.date}-${b.channel}`}>
            {formatDateOnly(b.date)} · {CHANNELS[b.channel].icon} {t("calendar.summaryItem", { n: b.count, channel: t(`channel.${b.channel}`) })}
          </li>
        ))}
      </ul>
    );
  }
  const events = data.events ?? [];
  if (!events.length) return <p className="empty">{t("calendar.empty")}</p>;
  return (
    <ul className="calendar-list">
      {events.map((e) => {
        const start = new Date(e.starts_at);
        return (
          <li key={e.id} className={`status-${e.status}`}>
            <span className="when">
              {formatDate(start)} {e.is_all_day ? t("activities.allDay") : formatTime(start)}
            </span>{" "}
            <span aria-hidden="true">{CHANNELS[e.channel].icon}</span> {e.status === "done" ? "✓ " : ""}
            <Link to={`/activities/${e.id}`}>{e.status === "cancelled" ? <s>{e.title}</s> : e.title}</Link> <span className="muted">· {e.unit_name}</span>
          </li>
        );
      })}
    </ul>
  );
}
