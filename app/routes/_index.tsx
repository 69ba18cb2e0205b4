import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { formatDateOnly, formatDateTime } from "~/domain/dates";
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
  const figures = [
    { label: t("dashboard.units"), value: summary.unitCount },
    { label: t("dashboard.members"), value: summary.members },
    { label: t("dashboard.activitiesDone"), value: summary.activitiesDone },
    { label: t("dashboard.activitiesPlanned"), value: summary.activitiesPlanned },
    { label: t("dashboard.attendance"), value: summary.attendance },
  ];
  return (
    <>
      <PageHeader title={t("dashboard.title")}>
        <span className="muted">
          {t("dashboard.scope")}: <Link to={`/units/${actor.unitId}`}>{actor.unitName}</Link>
        </span>
      </PageHeader>
      <div className="cards">
        {figures.map((f) => (
          <div className="card" key={f.label}>
            <span className="figure">{n(f.value)}</span>
            <span className="caption">{f.label}</span>
          </div>
        ))}
      </div>
      <section className="panel">
        <h2>{t("dashboard.campaigns")}</h2>
        {summary.campaigns.length === 0 ? (
          <p className="empty">{t("dashboard.noCampaign")}</p>
        ) : (
          <ul>
            {summary.campaigns.map((c) => (
              <li key={c.id}>
                <Link to={`/campaigns/${c.id}`}>{c.title}</Link> — {t("dashboard.deadline")}{" "}
                {formatDateOnly(c.report_due_on)}{" "}
                <span className={`badge ${c.daysToDeadline < 0 ? "badge-warn" : "badge-ok"}`}>
                  {c.daysToDeadline > 0
                    ? t("dashboard.daysLeft", { n: c.daysToDeadline })
                    : c.daysToDeadline === 0
                      ? t("dashboard.dueToday")
                      : t("dashboard.overdue", { n: -c.daysToDeadline })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel">
        <h2>{t("dashboard.upcoming")}</h2>
        {summary.upcoming.length === 0 ? (
          <p className="empty">{t("dashboard.noUpcoming")}</p>
        ) : (
          <ul>
            {summary.upcoming.map((a) => (
              <li key={a.id}>
                {formatDateTime(new Date(a.starts_at))} · {t(`channel.${a.channel}`)} · {a.title} ({a.unit_name})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
