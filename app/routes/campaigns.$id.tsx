import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { CHANNEL_CODES } from "~/domain/channels";
import { formatDateOnly } from "~/domain/dates";
import { buildTree, type TreeNode } from "~/domain/tree";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { campaignDetail } from "~/services/campaigns.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return campaignDetail(db(), actor, requireIdParam(params.id));
}

type Point = { id: number; parent_id: number | null; code: string; title: string };

export default function CampaignPage() {
  const { campaign, documents, points, forms } = useLoaderData<typeof loader>();
  const t = useT();
  const tree = buildTree(points);
  return (
    <>
      <PageHeader title={campaign.title} />
      <section className="panel">
        <dl className="facts">
          <dt>{t("campaigns.issuer")}</dt>
          <dd>{campaign.issuer_name}</dd>
          <dt>{t("campaigns.period")}</dt>
          <dd>
            {formatDateOnly(campaign.starts_on)} – {formatDateOnly(campaign.ends_on)}
          </dd>
          <dt>{t("dashboard.deadline")}</dt>
          <dd>{formatDateOnly(campaign.report_due_on)}</dd>
          <dt>{t("campaigns.status")}</dt>
          <dd>{t(`campaign.status.${campaign.status}`)}</dd>
        </dl>
      </section>
      <section className="panel">
        <h2>{t("campaigns.documents")}</h2>
        <ul>
          {documents.map((d) => (
            <li key={d.id}>
              <strong>{d.number}</strong>
              {d.issued_on ? ` (${formatDateOnly(d.issued_on)})` : ""} — {d.issuer}: {d.title}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2>{t("campaigns.points")}</h2>
        <PointList nodes={tree} />
      </section>
      <section className="panel">
        <h2>{t("campaigns.channels")}</h2>
        <ul>
          {CHANNEL_CODES.map((channel) => {
            const names = forms.filter((f) => f.channel === channel).map((f) => f.name);
            return names.length ? (
              <li key={channel}>
                <strong>{t(`channel.${channel}`)}</strong>: {names.join("; ")}
              </li>
            ) : null;
          })}
        </ul>
      </section>
    </>
  );
}

function PointList({ nodes }: { nodes: TreeNode<Point>[] }) {
  return (
    <ol className="tree tree-root">
      {nodes.map(({ item, children }) => (
        <li key={item.id}>
          <strong>{item.code}.</strong> {item.title}
          {children.length ? <PointList nodes={children} /> : null}
        </li>
      ))}
    </ol>
  );
}
