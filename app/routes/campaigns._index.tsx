import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { roleAtLeast } from "~/domain/roles";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { listCampaigns } from "~/services/campaigns.server";
import { db } from "~/services/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { campaigns: await listCampaigns(db(), actor), canCreate: roleAtLeast(actor.role, "manager") };
}

export default function CampaignsPage() {
  const { campaigns, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("campaigns.title")}>
        {canCreate ? (
          <Link to="/campaigns/new" className="button">
            {t("campaigns.newButton")}
          </Link>
        ) : null}
      </PageHeader>
      {campaigns.length === 0 ? (
        <p className="empty">{t("campaigns.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("campaigns.title")}</th>
                <th>{t("campaigns.issuer")}</th>
                <th>{t("campaigns.period")}</th>
                <th>{t("dashboard.deadline")}</th>
                <th>{t("campaigns.status")}</th>
                <th className="num">{t("campaigns.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{c.issuer_name}</td>
                  <td>
                    {formatDateOnly(c.starts_on)} – {formatDateOnly(c.ends_on)}
                  </td>
                  <td>{formatDateOnly(c.report_due_on)}</td>
                  <td>{t(`campaign.status.${c.status}`)}</td>
                  <td className="num">
                    {formatNumber(c.progress.reported, locale)}/{formatNumber(c.progress.expected, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
