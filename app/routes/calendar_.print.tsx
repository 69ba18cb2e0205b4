import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { addMonths, format, parseISO } from "date-fns";
import { enUS, vi } from "date-fns/locale";
import { Fragment, useEffect, useState } from "react";
import { z } from "zod";
import { calendarQuerySchema } from "~/domain/calendar-range";
import { CHANNELS } from "~/domain/channels";
import { formatDateOnly, formatTime, todayInAppZone } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { wallClockParts } from "~/domain/wall-clock";
import { translator, type Translate } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { monthPlan } from "~/services/feed.server";
import styles from "~/styles/print-plan.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("monthPlan.pageTitle")} · ${translator("vi")("app.name")}` }];

/** The calendar's filters plus the month ("yyyy-MM"); a malformed month falls back to the calendar's date or today. */
const printQuerySchema = calendarQuerySchema.extend({
  month: z
    .string()
    .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const query = printQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const month = query.month ?? (query.date ?? todayInAppZone()).slice(0, 7);
  const plan = await monthPlan(db(), actor, query, month);
  return { plan, today: todayInAppZone() };
}

type Plan = ReturnType<typeof useLoaderData<typeof loader>>["plan"];
type Row = Plan["rows"][number];

function dayOf(row: Row): string {
  return wallClockParts(new Date(row.starts_at)).date;
}

/** "08:00–10:00", "Cả ngày", or the end date too when the activity runs over several days. */
function timeText(row: Row, t: Translate): string {
  const start = new Date(row.starts_at);
  const end = new Date(row.ends_at);
  if (row.is_all_day) {
    const lastDay = wallClockParts(new Date(end.getTime() - 1)).date;
    return lastDay !== dayOf(row) ? `${t("monthPlan.allDay")}, ${t("monthPlan.until", { date: formatDateOnly(lastDay) })}` : t("monthPlan.allDay");
  }
  const endParts = wallClockParts(end);
  if (endParts.date !== dayOf(row)) return `${formatTime(start)} – ${formatDateOnly(endParts.date)} ${endParts.time}`;
  return `${formatTime(start)}–${endParts.time}`;
}

export default function MonthPlanPage() {
  const { plan, today } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);

  const [year, month] = plan.month.split("-").map(Number);
  const monthLink = (delta: number) => {
    const next = new URLSearchParams(params);
    next.set("month", format(addMonths(parseISO(`${plan.month}-01`), delta), "yyyy-MM"));
    next.delete("date");
    return `?${next}`;
  };
  const calendarLink = () => {
    const next = new URLSearchParams(params);
    next.delete("month");
    next.set("view", "month");
    next.set("date", `${plan.month}-01`);
    return `/calendar?${next}`;
  };

  const days: { date: string; rows: Row[] }[] = [];
  for (const row of plan.rows) {
    const date = dayOf(row);
    const last = days[days.length - 1];
    if (last?.date === date) last.rows.push(row);
    else days.push({ date, rows: [row] });
  }

  const filterParts = [
    plan.filters.campaign,
    plan.filters.channel ? t(`channel.${plan.filters.channel}`) : null,
    plan.filters.form,
    plan.filters.point ? `${t("monthPlan.col.points")} ${plan.filters.point}` : null,
    plan.filters.status ? t(`status.${plan.filters.status}`) : null,
  ].filter((part): part is string => Boolean(part));
  const dateLocale = locale === "vi" ? vi : enUS;

  return (
    <div className="month-plan">
      <nav className="plan-toolbar no-print" aria-label={t("calendar.navigation")}>
        <Link to={monthLink(-1)}>‹ {t("monthPlan.previous")}</Link>
        <Link to={monthLink(1)}>{t("monthPlan.next")} ›</Link>
        <span className="plan-toolbar-end">
          <Link to={calendarLink()} className="button button-quiet">
            {t("monthPlan.backToCalendar")}
          </Link>
          {scripted ? (
            <button type="button" onClick={() => window.print()}>
              🖨 {t("monthPlan.print")}
            </button>
          ) : null}
        </span>
      </nav>

      <header className="plan-head">
        <div className="plan-issuer">
          {plan.unit.parentName ? <div>{plan.unit.parentName.toLocaleUpperCase("vi")}</div> : null}
          <div className="plan-unit">{plan.unit.name.toLocaleUpperCase("vi")}</div>
          <div className="plan-rule" aria-hidden="true" />
        </div>
        <div className="plan-motto">
          <div className="plan-motto-1">{t("monthPlan.motto1")}</div>
          <div className="plan-motto-2">{t("monthPlan.motto2")}</div>
          <div className="plan-date">{t("monthPlan.generated", { date: formatDateOnly(today) })}</div>
        </div>
      </header>

      <h1 className="plan-title">{t("monthPlan.heading", { month, year })}</h1>
      <p className="plan-subtitle">
        {t(plan.scope === "unit" ? "monthPlan.scopeUnit" : "monthPlan.scopeSubtree", { unit: plan.unit.name })}
        {filterParts.length ? ` ${t("monthPlan.filters", { filters: filterParts.join("; ") })}` : ""} {t("monthPlan.count", { n: formatNumber(plan.total, locale) })}
      </p>
      {plan.total > plan.rows.length ? (
        <p className="plan-truncated" role="status">
          {t("monthPlan.truncated", { total: formatNumber(plan.total, locale), shown: formatNumber(plan.rows.length, locale) })}
        </p>
      ) : null}

      {plan.rows.length === 0 ? (
        <p className="empty plan-empty">{t("monthPlan.empty")}</p>
      ) : (
        <table className="plan-table">
          <caption className="visually-hidden">{t("monthPlan.tableCaption")}</caption>
          <colgroup>
            <col className="c-date" />
            <col className="c-time" />
            <col className="c-unit" />
            <col className="c-form" />
            <col className="c-title" />
            <col className="c-points" />
            <col className="c-presenter" />
            <col className="c-status" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t("monthPlan.col.date")}</th>
              <th scope="col">{t("monthPlan.col.time")}</th>
              <th scope="col">{t("monthPlan.col.unit")}</th>
              <th scope="col">{t("monthPlan.col.form")}</th>
              <th scope="col">{t("monthPlan.col.title")}</th>
              <th scope="col">{t("monthPlan.col.points")}</th>
              <th scope="col">{t("monthPlan.col.presenter")}</th>
              <th scope="col">{t("monthPlan.col.status")}</th>
            </tr>
          </thead>
          {days.map((day) => {
            const date = parseISO(day.date);
            const weekday = format(date, "EEEE", { locale: dateLocale });
            return (
              <tbody key={day.date} className="plan-day">
                {day.rows.map((row, i) => (
                  <tr key={row.id} className={`status-${row.status}${i === 0 ? " day-first" : ""}`}>
                    <th scope="row" data-label={t("monthPlan.col.date")} className="plan-date-cell">
                      {/* The date on every row, so a page break inside a busy day never leaves rows without one. */}
                      <span className="plan-date-text">{formatDateOnly(day.date)}</span> <span className="plan-weekday">{weekday}</span>
                    </th>
                    <td data-label={t("monthPlan.col.time")} className="nowrap">
                      {timeText(row, t)}
                    </td>
                    <td data-label={t("monthPlan.col.unit")}>{row.unit_name}</td>
                    <td data-label={t("monthPlan.col.form")}>
                      <span aria-hidden="true" className="plan-swatch" style={{ backgroundColor: CHANNELS[row.channel].color }} />
                      {t(`channel.${row.channel}`)}
                      {row.form_name ? <span className="muted"> – {row.form_name}</span> : null}
                    </td>
                    <td data-label={t("monthPlan.col.title")}>
                      <Link to={`/activities/${row.id}`} className="plan-activity">
                        {row.status === "cancelled" ? <s>{row.title}</s> : row.title}
                      </Link>
                    </td>
                    <td data-label={t("monthPlan.col.points")}>
                      {row.points.map((p, j) => (
                        <Fragment key={p.code}>
                          {j > 0 ? ", " : null}
                          <abbr title={p.title}>{p.code}</abbr>
                        </Fragment>
                      ))}
                    </td>
                    <td data-label={t("monthPlan.col.presenter")}>
                      {row.presenter ? <div>{row.presenter}</div> : null}
                      {row.location ? <div className="muted">{row.location}</div> : null}
                    </td>
                    <td data-label={t("monthPlan.col.status")}>
                      {row.status === "done" ? "✓ " : null}
                      {t(`status.${row.status}`)}
                      {row.status === "cancelled" && row.cancel_reason ? <div className="muted">{row.cancel_reason}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      )}

      <footer className="plan-signatures">
        <div>
          <strong>{t("monthPlan.preparedBy")}</strong>
        </div>
        <div>
          <strong>{t("monthPlan.approvedBy")}</strong>
        </div>
      </footer>
    </div>
  );
}
