import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { UnitStatus } from "~/components/UnitStatus";
import { formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { unitDetail } from "~/services/units.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return unitDetail(db(), actor, requireIdParam(params.id));
}

export default function UnitPage() {
  const { unit, parent, children, subtreeMembers, subtreeUnits } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  return (
    <>
      <PageHeader title={unit.name}>
        <UnitStatus closedOn={unit.closed_on} />
      </PageHeader>
      <section className="panel">
        <dl className="facts">
          <dt>{t("units.kind")}</dt>
          <dd>{unit.kind_name}</dd>
          {unit.code ? (
            <>
              <dt>{t("units.code")}</dt>
              <dd>{unit.code}</dd>
            </>
          ) : null}
          <dt>{t("units.members")}</dt>
          <dd>
            {n(unit.members)}
            {subtreeUnits > 1 ? (
              <span className="muted">
                {" "}
                ({n(subtreeMembers)} / {n(subtreeUnits)} {t("nav.units").toLowerCase()})
              </span>
            ) : null}
          </dd>
          {unit.opened_on ? (
            <>
              <dt>{t("units.openedOn")}</dt>
              <dd>{formatDateOnly(unit.opened_on)}</dd>
            </>
          ) : null}
          {parent ? (
            <>
              <dt>{t("units.parent")}</dt>
              <dd>
                <Link to={`/units/${parent.id}`}>{parent.name}</Link>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="panel">
        <h2>{t("units.children")}</h2>
        {children.length === 0 ? (
          <p className="empty">{t("units.noChildren")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("units.title")}</th>
                  <th>{t("units.kind")}</th>
                  <th className="num">{t("units.members")}</th>
                  <th>{t("units.status")}</th>
                </tr>
              </thead>
              <tbody>
                {children.map((child) => (
                  <tr key={child.id}>
                    <td>
                      <Link to={`/units/${child.id}`}>{child.name}</Link>
                    </td>
                    <td>{child.kind_name}</td>
                    <td className="num">{n(child.members)}</td>
                    <td>
                      <UnitStatus closedOn={child.closed_on} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
