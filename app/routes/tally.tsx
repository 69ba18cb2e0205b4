import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { PageHeader } from "~/components/PageHeader";
import { TallyGaps } from "~/components/TallyGaps";
import { TallyByUnit, TallyMatrix } from "~/components/TallyTables";
import type { TallyChartsProps } from "~/components/TallyCharts.client";
import { DateField } from "~/components/forms";
import { formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { periodPresets } from "~/domain/periods";
import { LOW_COVERAGE } from "~/domain/tally";
import { parseTallyQuery, tallyQueryString } from "~/domain/tally-query";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { visibleCampaignRows } from "~/services/campaigns.server";
import { db } from "~/services/db.server";
import { heavyWork } from "~/services/heavy-work.server";
import { resolveTallyScope } from "~/services/tally.server";
import { unitTree } from "~/services/units.server";
import styles from "~/styles/tally.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const query = parseTallyQuery(new URL(request.url).searchParams);
  const scope = await resolveTallyScope(db(), actor, query);
  if (!scope) return { tally: null, monthly: [], campaigns: [], units: [], parentId: null };
  const [{ tally, monthly }, campaigns, tree] = await Promise.all([
    heavyWork("tallyPage", actor, scope),
    visibleCampaignRows(db(), actor),
    unitTree(db(), actor, 1),
  ]);
  const flat = tree.flatMap((n) => [n.item, ...n.children.map((c) => c.item)]);
  const parent = scope.unitId === actor.unitId ? null : await db().selectFrom("unit").select("parent_id").where("id", "=", scope.unitId).executeTakeFirst();
  return {
    tally,
    monthly,
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title, starts_on: c.starts_on, ends_on: c.ends_on })),
    units: flat.map((u) => ({ id: u.id, name: u.name })),
    parentId: parent?.parent_id ?? null,
  };
}

type ChartsComponent = (props: TallyChartsProps) => JSX.Element;

export default function TallyPage() {
  const { tally, monthly, campaigns, units, parentId } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [Charts, setCharts] = useState<ChartsComponent | null>(null);
  useEffect(() => {
    // Charts draw in the browser only; the tables above them carry every figure.
    import("~/components/TallyCharts.client").then((m) => setCharts(() => m.TallyCharts));
  }, []);
  if (!tally) {
    return (
      <>
        <PageHeader title={t("tally.title")} />
        <p className="empty">{t("tally.noCampaign")}</p>
      </>
    );
  }
  const scope = tally.scope;
  const qs = (extra: Record<string, string | number | undefined> = {}) => tallyQueryString(scope, extra);
  const campaign = campaigns.find((c) => c.id === scope.campaignId);
  const pct = (v: number | null) => (v === null ? "–" : `${formatNumber(Math.round(v * 1000) / 10, locale)}%`);
  const n = (v: number) => formatNumber(v, locale);
  const covered = tally.points.filter((p) => p.activities > 0).length;
  const unitOptions = units.some((u) => u.id === scope.unitId) ? units : [{ id: scope.unitId, name: scope.unitName }, ...units];
  return (
    <>
      <PageHeader title={`${t("tally.title")}: ${scope.unitName}`}>
        <div className="tally-actions no-print">
          <a className="button" href={`/tally.xlsx?${qs()}`}>
            {t("tally.export.xlsx")}
          </a>
          <Link className="button button-quiet" to={`/tally/report?${qs()}`}>
            {t("tally.export.docx")}
          </Link>
          <a className="button button-quiet" href={`/activities.csv?${qs()}`}>
            {t("tally.export.csv")}
          </a>
          <button type="button" className="button-quiet" onClick={() => window.print()}>
            {t("tally.print")}
          </button>
        </div>
      </PageHeader>
      <p className="print-only">
        {scope.campaignTitle} · {formatDateOnly(scope.from)} – {formatDateOnly(scope.to)}
      </p>
      <Form method="get" className="tally-filters no-print" key={qs()}>
        <label className="filter">
          <span>{t("tally.campaign")}</span>
          <select name="campaign" defaultValue={scope.campaignId}>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t("tally.scope")}</span>
          <select name="unit" defaultValue={scope.unitId}>
            {unitOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <DateField name="from" label={t("tally.from")} defaultValue={scope.from} />
        <DateField name="to" label={t("tally.to")} defaultValue={scope.to} />
        <div className="filter-actions">
          <button type="submit">{t("tally.apply")}</button>
        </div>
        {campaign ? (
          <nav className="period-presets" aria-label={t("tally.preset")}>
            {periodPresets(campaign.starts_on, campaign.ends_on).map((p) => (
              <Link key={p.key} to={`?${tallyQueryString({ ...scope, from: p.from, to: p.to })}`} aria-current={p.from === scope.from && p.to === scope.to ? "true" : undefined}>
                {t(p.label, p.params)}
              </Link>
            ))}
          </nav>
        ) : null}
      </Form>
      {parentId ? (
        <p className="no-print">
          <Link to={`?${tallyQueryString({ ...scope, unitId: parentId })}`}>↑ {t("tally.drillUp")}</Link>
        </p>
      ) : null}

      <div className="cards">
        <Figure value={n(tally.totalActivities)} caption={t("tally.summary.activities")} />
        <Figure value={n(tally.total.spoken.attendance)} caption={t("tally.summary.attendance")} />
        <Figure value={n(tally.total.facebook.reach)} caption={t("tally.summary.reach")} />
        <Figure value={`${covered}/${tally.points.length}`} caption={t("tally.summary.pointsCovered")} />
        <Figure value={pct(tally.completeness)} caption={t("tally.summary.completeness")} />
        <Figure value={pct(tally.timeliness)} caption={t("tally.summary.timeliness")} />
        <Figure value={pct(tally.memberCoverage)} caption={t("tally.summary.memberCoverage")} />
      </div>

      <section className="panel">
        <TallyMatrix points={tally.points} total={tally.total} cellHref={(f) => `/tally/activities?${qs({ point: f.point, channel: f.channel })}`} />
      </section>
      <section className="panel">
        <TallyByUnit
          rows={tally.byUnit}
          ownRow={tally.ownRow}
          pointCount={tally.points.length}
          drillHref={(unitId) => `?${tallyQueryString({ ...scope, unitId })}`}
          cellHref={(unitId, channel) => `/tally/activities?${qs({ subunit: unitId, channel })}`}
        />
      </section>
      <TallyGaps gaps={tally.gaps} lowCoveragePct={LOW_COVERAGE * 100} unitsListed={tally.unitListsShown} />
      <section className="panel charts-panel">
        <h2>{t("tally.charts")}</h2>
        {Charts ? <Charts monthly={monthly} points={tally.points} submissionsPerDay={tally.submissionsPerDay} expectedCount={tally.expectedCount} from={scope.from} to={scope.to} /> : null}
      </section>
    </>
  );
}

function Figure({ value, caption }: { value: string; caption: string }) {
  return (
    <div className="card">
      <span className="figure">{value}</span>
      <span className="caption">{caption}</span>
    </div>
  );
}
