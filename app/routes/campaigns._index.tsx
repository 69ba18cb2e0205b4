import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { formatDateOnly } from "~/domain/dates";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { listCampaigns } from "~/services/campaigns.server";
import { db } from "~/services/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { campaigns: await listCampaigns(db(), actor) };
}

export default function CampaignsPage() {
  const { campaigns } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("campaigns.title")} />
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
