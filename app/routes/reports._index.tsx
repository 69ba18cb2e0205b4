import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { ReportStateBadge, TimelinessBadge } from "~/components/ReportBadges";
import { formatDate, formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { REPORT_LIST_FILTERS, reportListQuerySchema } from "~/domain/report-schemas";
import { roleAtLeast } from "~/domain/roles";
import { translator, type MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { reportList } from "~/services/unit-reports.server";
import styles from "~/styles/reports.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("reports.title")} · ${translator("vi")("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const query = reportListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await reportList(db(), actor, query);
  return { ...list, canRemind: roleAtLeast(actor.role, "manager") };
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

export default function ReportsPage() {
  const { campaigns, campaign, rows, summary, filter, canRemind } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("reports.title")}>
        {campaign && canRemind ? (
          <span className="report-links no-print">
            <Link to={`/reports/reminders?campaign=${campaign.id}`}>{t("reports.reminders")}</Link>
            <a href={`/reports/reminders.csv?campaign=${campaign.id}`} download>
              {t("reports.remindersCsv")}
            </a>
          </span>
        ) : null}
      </PageHeader>
      {!campaign ? (
        <p className="empty">{t("reports.noCampaign")}</p>
      ) : (
        <>
          <p className="muted">{t("reports.intro")}</p>
          <Form method="get" className="report-filters no-print">
            <div className="field">
              <label htmlFor="campaign">{t("reports.campaign")}</label>
              <select id="campaign" name="campaign" defaultValue={campaign.id}>
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="status">{t("reports.filterStatus")}</label>
              <select id="status" name="status" defaultValue={filter}>
                {REPORT_LIST_FILTERS.map((f) => (
                  <option key={f} value={f}>
                    {t(`reports.filter.${f}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t("reports.show")}</button>
          </Form>

          <div className="cards report-summary">
            <div className="card">
              <span className="figure">{formatNumber(summary.expected, locale)}</span>
              <span className="caption">{t("reports.summary.expected")}</span>
            </div>
            <div className="card">
              <span className="figure">{formatNumber(summary.submitted, locale)}</span>
              <span className="caption">{t("reports.summary.submitted", { pct: formatNumber(pct(summary.submitted, summary.expected), locale) })}</span>
            </div>
            <div className="card">
              <span className="figure">{formatNumber(summary.onTime, locale)}</span>
              <span className="caption">{t("reports.summary.onTime", { pct: formatNumber(pct(summary.onTime, summary.expected), locale) })}</span>
            </div>
            <div className="card">
              <span className="figure">{formatNumber(summary.missing, locale)}</span>
              <span className="caption">
                {t("reports.summary.missing")}
                {summary.overdue ? <> · {t("reports.summary.overdue", { n: formatNumber(summary.overdue, locale) })}</> : null}
              </span>
            </div>
          </div>

          {rows.length === 0 ? (
            <p className="empty">{t("reports.noRows")}</p>
          ) : (
            <div className="table-wrap">
              <table className="report-list">
                <thead>
                  <tr>
                    <th scope="col">{t("reports.col.unit")}</th>
                    <th scope="col" className="report-col-parent">
                      {t("reports.col.parent")}
                    </th>
                    <th scope="col">{t("reports.col.dueOn")}</th>
                    <th scope="col">{t("reports.col.state")}</th>
                    <th scope="col">{t("reports.col.submittedAt")}</th>
                    <th scope="col">{t("reports.col.timeliness")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.unitId} className={r.isOwnUnit ? "report-own" : undefined}>
                      <th scope="row">
                        <Link to={`/reports/${campaign.id}/${r.unitId}`}>{r.unitName}</Link>
                        {r.isOwnUnit ? <span className="muted"> ({t("reports.ownUnit")})</span> : null}
                      </th>
                      <td className="report-col-parent">{r.parentName ?? ""}</td>
                      <td>{formatDateOnly(r.dueOn)}</td>
                      <td>
                        <ReportStateBadge state={r.state} />
                      </td>
                      <td>{r.submittedAt && (r.state === "submitted" || r.state === "accepted") ? formatDate(new Date(r.submittedAt)) : "—"}</td>
                      <td>
                        <TimelinessBadge timeliness={r.timeliness} daysOverdue={r.daysOverdue} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
