import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { PointTree } from "~/components/PointTree";
import { TargetText } from "~/components/TargetText";
import type { DocumentKind } from "~/domain/campaign-schemas";
import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { buildTree } from "~/domain/tree";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { campaignDetail } from "~/services/campaigns.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import styles from "~/styles/campaigns.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return campaignDetail(db(), actor, requireIdParam(params.id));
}

/** The campaign as a page that reads like the guidance letter it came from. */
export default function CampaignPage() {
  const { campaign, documents, points, forms, reportingKinds, targets, canManage, progress } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const base = `/campaigns/${campaign.id}`;
  return (
    <article className="guidance">
      <PageHeader title={campaign.title}>
        {canManage ? (
          <nav className="manage-links no-print" aria-label={t("campaigns.manage")}>
            <Link to={`${base}/edit`}>{t("campaigns.edit")}</Link>
            <Link to={`${base}/documents`}>{t("campaigns.documents")}</Link>
            <Link to={`${base}/points`}>{t("campaigns.points")}</Link>
            <Link to={`${base}/channels`}>{t("campaigns.channelsAndTargets")}</Link>
          </nav>
        ) : null}
      </PageHeader>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      {campaign.summary ? <p className="lead">{campaign.summary}</p> : null}
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
          <dt>{t("campaigns.progress")}</dt>
          <dd>
            {t("campaigns.progressValue", { reported: formatNumber(progress.reported, locale), expected: formatNumber(progress.expected, locale) })}
          </dd>
        </dl>
      </section>

      <section className="panel">
        <h2>{t("campaigns.basedOn")}</h2>
        {documents.length === 0 ? (
          <p className="empty">{t("campaigns.noDocuments")}</p>
        ) : (
          <ul className="documents">
            {documents.map((d) => (
              <li key={d.id}>
                <strong>
                  {t(`campaigns.docKind.${d.kind as DocumentKind}`)} {t("campaigns.numberAbbrev")} {d.number}
                </strong>
                {d.issued_on ? ` ${t("campaigns.dated", { date: formatDateOnly(d.issued_on) })}` : ""} {t("campaigns.of")} {d.issuer}
                {d.title ? <> — {d.title}</> : null}
                {d.url ? (
                  <>
                    {" "}
                    <a href={d.url} rel="noopener noreferrer nofollow" target="_blank">
                      {t("campaigns.link")}
                    </a>
                  </>
                ) : null}
                {d.attachment_id ? (
                  <>
                    {" "}
                    <a href={`/attachments/${d.attachment_id}`}>{t("campaigns.pdf")}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel">
        <h2>1. {t("campaigns.points")}</h2>
        {points.length === 0 ? <p className="empty">{t("campaigns.noPoints")}</p> : <PointTree nodes={buildTree(points)} showDetails />}
      </section>

      <section className="panel">
        <h2>2. {t("campaigns.channels")}</h2>
        {forms.length === 0 ? (
          <p className="empty">{t("campaigns.noChannels")}</p>
        ) : (
          <ul className="channel-list">
            {CHANNEL_CODES.map((channel) => {
              const names = forms.filter((f) => f.channel === channel).map((f) => f.name);
              return names.length ? (
                <li key={channel}>
                  <span aria-hidden="true" style={{ color: CHANNELS[channel].color }}>
                    {CHANNELS[channel].icon}
                  </span>{" "}
                  <strong>{t(`channel.${channel}`)}</strong>: {names.join("; ")}.
                </li>
              ) : null;
            })}
          </ul>
        )}
      </section>

      <section className="panel">
        <h2>3. {t("campaigns.reportingAndTargets")}</h2>
        {reportingKinds.length === 0 ? (
          <p className="empty">{t("campaigns.noReportingKinds")}</p>
        ) : (
          <ul>
            {reportingKinds.map((k) => (
              <li key={k.unit_kind_id}>{t("campaigns.kindReportsBy", { kind: k.name, date: formatDateOnly(k.due_on) })}</li>
            ))}
          </ul>
        )}
        {targets.length > 0 ? (
          <>
            <h3>{t("campaigns.targets")}</h3>
            <ul>
              {targets.map((target) => (
                <li key={target.id}>
                  <TargetText target={target} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </article>
  );
}
