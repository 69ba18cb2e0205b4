import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { CHANNELS } from "~/domain/channels";
import { formatDate, formatDateOnly, formatDateTime } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { dashboard } from "~/services/dashboard.server";
import { db } from "~/services/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { actor, summary: await dashboard(db(), actor) };
}

export default function Dashboard() {
  const { actor, summary } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  const pct = (v: number | null) => (v === null ? "–" : `${formatNumber(Math.round(v * 1000) / 10, locale)}%`);
  return (
    <>
      <PageHeader title={t("dashboard.title")}>
        <span className="muted">
          {t("dashboard.scope")}: <Link to={`/units/${actor.unitId}`}>{actor.unitName}</Link> · {n(summary.unitCount)} {t("dashboard.units").toLowerCase()} ·{" "}
          {n(summary.members)} {t("dashboard.members").toLowerCase()}
        </span>
      </PageHeader>

      {summary.campaigns.length === 0 ? (
        <section className="panel">
          <p className="empty">{t("dashboard.noCampaign")}</p>
        </section>
      ) : (
        summary.campaigns.map((c) => (
          <section className="panel campaign-card" key={c.id}>
            <h2>
              <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
            </h2>
            <p>
              {t("dashboard.deadline")}: <strong>{formatDateOnly(c.deadline)}</strong>{" "}
              <span className={`badge ${c.daysToDeadline < 0 ? "badge-warn" : "badge-ok"}`}>
                {c.daysToDeadline > 0
                  ? t("dashboard.daysLeft", { n: c.daysToDeadline })
                  : c.daysToDeadline === 0
                    ? t("dashboard.dueToday")
                    : t("dashboard.overdue", { n: -c.daysToDeadline })}
              </span>
            </p>
            <div className="cards">
              <div className="card">
                <span className="figure">{n(c.activities)}</span>
                <span className="caption">{t("dashboard.activitiesDone")}</span>
              </div>
              <div className="card">
                <span className="figure">{n(c.attendance)}</span>
                <span className="caption">{t("dashboard.attendance")}</span>
              </div>
              <div className="card">
                <span className="figure">
                  {c.reported}/{c.expected}
                </span>
                <span className="caption">
                  {t("dashboard.completeness")} ({pct(c.completeness)})
                </span>
              </div>
              <div className="card">
                <span className="figure">
                  {c.pointsCovered}/{c.points}
                </span>
                <span className="caption">{t("dashboard.pointsCovered")}</span>
              </div>
            </div>
            {c.uncoveredPoints.length ? (
              <details>
                <summary>{t("dashboard.uncovered", { n: c.uncoveredPoints.length })}</summary>
                <ul>
                  {c.uncoveredPoints.map((p) => (
                    <li key={p.id}>
                      <strong>{p.code}.</strong> {p.title}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            <p>
              <Link to={`/tally?campaign=${c.id}`}>{t("dashboard.openTally")}</Link> · <Link to={`/reports?campaign=${c.id}`}>{t("dashboard.openReports")}</Link>
            </p>
          </section>
        ))
      )}

      <div className="dashboard-columns">
        <section className="panel">
          <h2>
            {t("results.pending.title")} ({n(summary.pendingCount)})
          </h2>
          {summary.overdueCount ? <p className="badge badge-warn">{t("dashboard.overdueResults", { n: summary.overdueCount })}</p> : null}
          {summary.pending.length === 0 ? (
            <p className="empty">{t("results.pending.empty")}</p>
          ) : (
            <ul>
              {summary.pending.map((p) => (
                <li key={p.id}>
                  <span aria-hidden="true">{CHANNELS[p.channel].icon}</span> {formatDate(new Date(p.starts_at))} ·{" "}
                  <Link to={`/activities/${p.id}/result`}>{p.title}</Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/results/pending">{t("dashboard.allPending")}</Link>
          </p>
        </section>
        <section className="panel">
          <h2>{t("dashboard.upcoming")}</h2>
          {summary.upcoming.length === 0 ? (
            <p className="empty">{t("dashboard.noUpcoming")}</p>
          ) : (
            <ul>
              {summary.upcoming.map((a) => (
                <li key={a.id}>
                  <span aria-hidden="true">{CHANNELS[a.channel].icon}</span> {a.is_all_day ? formatDate(new Date(a.starts_at)) : formatDateTime(new Date(a.starts_at))} ·{" "}
                  <Link to={`/activities/${a.id}`}>{a.title}</Link> <span className="muted">({a.unit_name})</span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/calendar?view=week">{t("dashboard.openCalendar")}</Link>
          </p>
        </section>
        {summary.toReview.length ? (
          <section className="panel">
            <h2>
              {t("dashboard.toReview")} ({summary.toReview.length})
            </h2>
            <ul>
              {summary.toReview.map((r) => (
                <li key={`${r.campaign_id}-${r.unit_id}`}>
                  <Link to={`/reports/${r.campaign_id}/${r.unit_id}`}>{r.unit_name}</Link>{" "}
                  <span className="muted">{r.submitted_at ? `· ${formatDateTime(new Date(r.submitted_at))}` : ""}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </>
  );
}
