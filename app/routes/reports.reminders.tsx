import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ReportStateBadge } from "~/components/ReportBadges";
import { formatDateOnly, todayInAppZone } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { reportListQuerySchema } from "~/domain/report-schemas";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { reminderList } from "~/services/unit-reports.server";
import styles from "~/styles/reports.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("reports.reminders.title")} · ${translator("vi")("app.name")}` }];

/** /reports/reminders?campaign=: the units that have not sent their report, laid out for printing. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const { campaign } = reportListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await reminderList(db(), actor, campaign);
  return { ...list, today: todayInAppZone() };
}

/** Printing needs JavaScript; without it the browser's own Print command does the same. */
function PrintButton({ label }: { label: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" onClick={() => window.print()}>
      {label}
    </button>
  );
}

export default function RemindersPage() {
  const { campaign, expected, rows, today } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article className="reminders">
      <div className="reminders-actions no-print">
        <Link to={`/reports?campaign=${campaign.id}&status=missing`}>{t("reports.backToList")}</Link>
        <a href={`/reports/reminders.csv?campaign=${campaign.id}`} download>
          {t("reports.remindersCsv")}
        </a>
        <PrintButton label={t("reports.reminders.print")} />
      </div>
      <h1>{t("reports.reminders.title")}</h1>
      <p>{t("reports.reminders.issuedBy", { issuer: campaign.issuer_name })}</p>
      <p>
        {t("reports.reminders.intro", {
          missing: formatNumber(rows.length, locale),
          expected: formatNumber(expected, locale),
          campaign: campaign.title,
          date: formatDateOnly(today),
        })}
      </p>
      {rows.length === 0 ? (
        <p className="empty">{t("reports.reminders.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="reminders-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("reports.col.number")}
                </th>
                <th scope="col">{t("reports.col.unit")}</th>
                <th scope="col">{t("reports.col.parent")}</th>
                <th scope="col">{t("reports.col.dueOn")}</th>
                <th scope="col">{t("reports.col.state")}</th>
                <th scope="col">{t("reports.col.contacts")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.unitId}>
                  <td className="num">{i + 1}</td>
                  <th scope="row">
                    <Link to={`/reports/${campaign.id}/${r.unitId}`}>{r.unitName}</Link>
                  </th>
                  <td>{r.parentName ?? ""}</td>
                  <td>
                    {formatDateOnly(r.dueOn)}
                    {r.daysOverdue > 0 ? <span className="report-overdue-text"> · {t("reports.timeliness.overdue", { n: r.daysOverdue })}</span> : null}
                  </td>
                  <td>
                    <ReportStateBadge state={r.state} />
                  </td>
                  <td>{r.contacts.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
