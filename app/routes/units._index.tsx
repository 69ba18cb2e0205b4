import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { ChildPager, UnitLine, UnitNotice, UnitTreeView } from "~/components/UnitTree";
import { formatNumber } from "~/domain/numbers";
import { pageOffset, ROOT_PAGE } from "~/domain/unit-tree";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { canManageUnits, searchUnits, unitBranch } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("units.title")} · ${translator("vi")("app.name")}` }];

const SEARCH_LIMIT = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 200);
  const offset = pageOffset(params);
  const [tree, search] = await Promise.all([
    q ? Promise.resolve(null) : unitBranch(db(), actor, actor.unitId, { offset, rootLimit: ROOT_PAGE }),
    q ? searchUnits(db(), actor, q, { limit: SEARCH_LIMIT }) : Promise.resolve(null),
  ]);
  return { q, tree, search, offset, canManage: canManageUnits(actor), rootId: actor.unitId };
}

export default function UnitsPage() {
  const { q, tree, search, offset, canManage, rootId } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  return (
    <>
      <PageHeader title={t("units.title")}>
        <div className="unit-actions">
          {canManage ? (
            <>
              <Link to={`/units/new?parent=${rootId}`} className="button">
                {t("units.add")}
              </Link>
              <Link to="/units/import" className="button button-quiet">
                {t("units.import")}
              </Link>
            </>
          ) : null}
          <Link to="/units/kinds" className="button button-quiet">
            {t("units.kinds")}
          </Link>
        </div>
      </PageHeader>
      <UnitNotice />
      <Form method="get" role="search" className="panel unit-search">
        <label htmlFor="unit-q">{t("units.searchLabel")}</label>
        <p className="hint" id="unit-q-hint">
          {t("units.searchHint")}
        </p>
        <div className="unit-search-row">
          <input key={q} id="unit-q" type="search" name="q" defaultValue={q} aria-describedby="unit-q-hint" maxLength={200} autoComplete="off" />
          <button type="submit">{t("units.searchButton")}</button>
        </div>
        {q ? (
          <p>
            <Link to="/units">{t("units.searchClear")}</Link>
          </p>
        ) : null}
      </Form>
      {search ? (
        <section className="panel" aria-live="polite">
          {search.total === 0 ? (
            <p className="empty">{t("units.searchNone", { q })}</p>
          ) : (
            <>
              <h2>{t("units.searchResults", { n: n(search.total), q })}</h2>
              {search.total > search.results.length ? <p className="hint">{t("units.searchResultsMore", { shown: n(search.results.length), n: n(search.total) })}</p> : null}
              <ol className="unit-results">
                {search.results.map((unit) => (
                  <li key={unit.id}>
                    <Link to={`/units/${unit.id}`} className="unit-name">
                      {unit.name}
                    </Link>
                    <span className="unit-meta">
                      <span className="unit-kind">{unit.kind_name}</span>
                      {unit.code ? <span>{unit.code}</span> : null}
                      <span>{t("units.membersCount", { n: n(unit.members) })}</span>
                      {unit.closed_on ? <span className="badge badge-closed">{t("units.closedBadge")}</span> : null}
                    </span>
                    {unit.path.length > 0 ? (
                      <span className="unit-path">
                        {t("units.path")}: {unit.path.join(" › ")}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      ) : null}
      {tree ? (
        <section className="panel" aria-labelledby="unit-tree-title">
          <h2 id="unit-tree-title" className="unit-root">
            <UnitLine node={tree} />
          </h2>
          <UnitTreeView root={tree} label={t("units.treeLabel")} />
          <ChildPager total={tree.childCount} offset={offset} limit={ROOT_PAGE} basePath="/units" />
        </section>
      ) : null}
    </>
  );
}

