import type { ActivityStatus, ChannelCode } from "@db/schema";
import { CHANNELS } from "~/domain/channels";
import { formatDate, formatDateTime, formatTime } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";

interface Props {
  activity: {
    channel: ChannelCode;
    status: ActivityStatus;
    starts_at: Date;
    ends_at: Date;
    is_all_day: boolean;
    unit_name: string;
    campaign_title: string;
    form_name: string | null;
    location: string | null;
    presenter: string | null;
    audience: string | null;
    planned_attendance: number | null;
    planned_quantity: number | null;
    quantity_unit: string | null;
    cancel_reason: string | null;
  };
  points: { id: number; code: string; title: string }[];
  result: { attendance: number | null; quantity: number | null; items: number | null; posts: number | null; reach: number | null; engagements: number | null } | null;
}

/** When, who, where and what an activity is, in Vietnamese wall-clock time. */
export function ActivitySummary({ activity, points, result }: Props) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const start = new Date(activity.starts_at);
  const end = new Date(activity.ends_at);
  const when = activity.is_all_day
    ? `${formatDate(start)}${end.getTime() - start.getTime() > 24 * 3600 * 1000 ? ` – ${formatDate(new Date(end.getTime() - 1))}` : ""} (${t("activities.allDay").toLowerCase()})`
    : `${formatDateTime(start)} – ${formatDate(start) === formatDate(end) ? formatTime(end) : formatDateTime(end)}`;
  const channel = CHANNELS[activity.channel];
  return (
    <section className={`panel activity-summary status-${activity.status}`}>
      <p className="activity-badges">
        <span className="badge channel-badge" style={{ borderColor: channel.color, color: channel.color }}>
          <span aria-hidden="true">{channel.icon}</span> {t(`channel.${activity.channel}`)}
          {activity.form_name ? ` · ${activity.form_name}` : ""}
        </span>{" "}
        <span className={`badge status-badge-${activity.status}`}>
          {activity.status === "done" ? "✓ " : ""}
          {t(`status.${activity.status}`)}
        </span>
      </p>
      <dl className="facts">
        <dt>{t("activities.when")}</dt>
        <dd>{when}</dd>
        <dt>{t("activities.unit")}</dt>
        <dd>{activity.unit_name}</dd>
        <dt>{t("activities.campaign")}</dt>
        <dd>{activity.campaign_title}</dd>
        {activity.location ? (
          <>
            <dt>{t("activities.location")}</dt>
            <dd>{activity.location}</dd>
          </>
        ) : null}
        {activity.presenter ? (
          <>
            <dt>{t("activities.presenter")}</dt>
            <dd>{activity.presenter}</dd>
          </>
        ) : null}
        {activity.audience ? (
          <>
            <dt>{t("activities.audience")}</dt>
            <dd>{activity.audience}</dd>
          </>
        ) : null}
        {activity.planned_attendance !== null ? (
          <>
            <dt>{t("activities.plannedAttendance")}</dt>
            <dd>{n(activity.planned_attendance)}</dd>
          </>
        ) : null}
        {activity.planned_quantity !== null ? (
          <>
            <dt>{t("activities.plannedQuantity")}</dt>
            <dd>
              {n(activity.planned_quantity)} {activity.quantity_unit ?? ""}
            </dd>
          </>
        ) : null}
        {activity.cancel_reason ? (
          <>
            <dt>{t("activities.cancelReason")}</dt>
            <dd>{activity.cancel_reason}</dd>
          </>
        ) : null}
        {result ? (
          <>
            <dt>{t("activities.result")}</dt>
            <dd>
              {[
                result.attendance !== null ? t("activities.figure.attendance", { n: n(result.attendance) }) : null,
                result.quantity !== null ? `${n(result.quantity)} ${activity.quantity_unit ?? ""}` : null,
                result.items !== null ? t("activities.figure.items", { n: n(result.items) }) : null,
                result.posts !== null ? t("activities.figure.posts", { n: n(result.posts) }) : null,
                result.reach !== null ? t("activities.figure.reach", { n: n(result.reach) }) : null,
                result.engagements !== null ? t("activities.figure.engagements", { n: n(result.engagements) }) : null,
              ]
                .filter(Boolean)
                .join("; ")}
            </dd>
          </>
        ) : null}
      </dl>
      <h2 className="points-heading">{t("activities.points")}</h2>
      {points.length ? (
        <ul className="point-list">
          {points.map((p) => (
            <li key={p.id}>
              <strong>{p.code}.</strong> {p.title}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("activities.noPoints")}</p>
      )}
    </section>
  );
}
