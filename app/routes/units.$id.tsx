import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { ChildPager, UnitNotice, UnitTreeView } from "~/components/UnitTree";
import { UnitStatus } from "~/components/UnitStatus";
import { formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { pageOffset, ROOT_PAGE } from "~/domain/unit-tree";
import { parseForm } from "~/domain/validation";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { reopenUnit, unitBranch, unitDetail } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.unit.name ?? translator("vi")("units.title")} · ${translator("vi")("app.name")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  const offset = pageOffset(new URL(request.url).searchParams);
  const [detail, branch] = await Promise.all([unitDetail(db(), actor, id), unitBranch(db(), actor, id, { offset, rootLimit: ROOT_PAGE })]);
  return { ...detail, branch, offset };
}

const actionSchema = z.object({ intent: z.literal("reopen") });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  const form = parseForm(actionSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors }, 400);
  const result = await reopenUnit(db(), actor, id);
  if (!result.ok) return data({ errors: result.errors }, 409);
  return redirect(`/units/${id}?done=reopened`);
}

export default function UnitPage() {
  const { unit, parent, path, subtreeMembers, openDescendants, isScopeRoot, canManage, branch, offset } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const open = unit.closed_on === null;
  return (
    <>
      {path.length > 0 ? (
        <nav className="unit-breadcrumb" aria-label={t("units.breadcrumb")}>
          <ol>
            {path.map((p) => (
              <li key={p.id}>
                <Link to={`/units/${p.id}`}>{p.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <PageHeader title={unit.name}>
        <UnitStatus closedOn={unit.closed_on} />
      </PageHeader>
      <UnitNotice />
      <ErrorSummary errors={result?.errors} />
      <section className="panel">
        <dl className="facts">
          <dt>{t("units.kind")}</dt>
          <dd>{unit.kind_name}</dd>
          {unit.short_name ? (
            <>
              <dt>{t("units.shortName")}</dt>
              <dd>{unit.short_name}</dd>
            </>
          ) : null}
          {unit.code ? (
            <>
              <dt>{t("units.code")}</dt>
              <dd>{unit.code}</dd>
            </>
          ) : null}
          <dt>{t("units.members")}</dt>
          <dd>{n(unit.members)}</dd>
          {openDescendants > 0 ? (
            <>
              <dt>{t("units.subtreeTotals")}</dt>
              <dd>{t("units.subtree", { units: n(openDescendants), members: n(subtreeMembers) })}</dd>
            </>
          ) : null}
          {unit.opened_on ? (
            <>
              <dt>{t("units.openedOn")}</dt>
              <dd>{formatDateOnly(unit.opened_on)}</dd>
            </>
          ) : null}
          {unit.closed_on ? (
            <>
              <dt>{t("units.closedOnLabel")}</dt>
              <dd>{formatDateOnly(unit.closed_on)}</dd>
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
        {canManage ? (
          <div className="unit-actions" aria-label={t("units.manage")} role="group">
            <Link to={`/units/${unit.id}/edit`} className="button button-quiet">
              {t("units.edit")}
            </Link>
            {open ? (
              <Link to={`/units/new?parent=${unit.id}`} className="button button-quiet">
                {t("units.addChild")}
              </Link>
            ) : null}
            {!isScopeRoot ? (
              <Link to={`/units/${unit.id}/move`} className="button button-quiet">
                {t("units.move")}
              </Link>
            ) : null}
            {!isScopeRoot && open ? (
              <Link to={`/units/${unit.id}/close`} className="button button-quiet">
                {t("units.close")}
              </Link>
            ) : null}
            {!open ? (
              <Form method="post" className="unit-inline-form">
                <input type="hidden" name="intent" value="reopen" />
                <button type="submit" className="button-quiet" disabled={busy}>
                  {t("units.reopen")}
                </button>
              </Form>
            ) : null}
          </div>
        ) : null}
        {canManage && isScopeRoot ? <p className="hint">{t("units.scopeRootNote")}</p> : null}
        {canManage && !open ? <p className="hint">{t("units.reopenExplain", { date: formatDateOnly(unit.closed_on!) })}</p> : null}
      </section>
      <section className="panel" aria-labelledby="unit-children-title">
        <h2 id="unit-children-title">
          {t("units.children")} {branch.childCount > 0 ? <span className="muted">({n(branch.childCount)})</span> : null}
        </h2>
        {branch.childCount === 0 ? <p className="empty">{t("units.noChildren")}</p> : <UnitTreeView root={branch} label={t("units.children")} />}
        <ChildPager total={branch.childCount} offset={offset} limit={ROOT_PAGE} basePath={`/units/${unit.id}`} />
      </section>
    </>
  );
}
