import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, valueOf } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { moveUnitSchema } from "~/domain/unit-schemas";
import { parseForm, submittedValues } from "~/domain/validation";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { moveTargets, moveUnit, unitForChange } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("units.move")} · ${translator("vi")("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const [detail, targets] = await Promise.all([unitForChange(db(), actor, id), moveTargets(db(), actor, id, q)]);
  return { unit: detail.unit, parent: detail.parent, isScopeRoot: detail.isScopeRoot, q, targets: targets.results };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  // Scope and role first: a unit outside the subtree is a 404 whatever the form says.
  await unitForChange(db(), actor, id);
  const formData = await request.formData();
  const form = parseForm(moveUnitSchema, formData);
  const result = form.ok ? await moveUnit(db(), actor, id, form.data.parentId) : form;
  if (!result.ok) return data({ errors: result.errors, values: submittedValues(formData) }, 400);
  return redirect(`/units/${id}?done=${result.moved ? "moved" : "notMoved"}`);
}

export default function MoveUnitPage() {
  const { unit, parent, isScopeRoot, q, targets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const chosen = valueOf(result?.values, "parentId", "");
  const error = result?.errors.parentId ?? result?.errors._form;
  return (
    <>
      <PageHeader title={t("units.moveTitle", { name: unit.name })} />
      <section className="panel unit-form">
        <p>{t("units.moveExplain")}</p>
        {parent ? (
          <p>
            {t("units.currentParent")}: <Link to={`/units/${parent.id}`}>{parent.name}</Link>
          </p>
        ) : null}
        {isScopeRoot ? <p className="form-error">{t("units.moveScopeRoot")}</p> : null}
        <Form method="get" role="search" className="unit-search">
          <label htmlFor="move-q">{t("units.moveSearch")}</label>
          <p className="hint" id="move-q-hint">
            {t("units.searchHint")}
          </p>
          <div className="unit-search-row">
            <input key={q} id="move-q" type="search" name="q" defaultValue={q} aria-describedby="move-q-hint" maxLength={200} autoComplete="off" />
            <button type="submit" className="button-quiet">
              {t("units.searchButton")}
            </button>
          </div>
        </Form>
      </section>
      <Form method="post" className="panel unit-form" noValidate>
        <ErrorSummary errors={result?.errors} />
        <fieldset className={error ? "unit-choices field-invalid" : "unit-choices"} aria-describedby={error ? "move-error" : undefined}>
          <legend>{q ? t("units.moveChoose") : `${t("units.moveChoose")} · ${t("units.moveSuggestions")}`}</legend>
          {error ? (
            <p className="field-error" id="move-error">
              {t(error.key, error.params)}
            </p>
          ) : null}
          {targets.length === 0 ? (
            <p className="empty">{t("units.moveNoTarget")}</p>
          ) : (
            <ul>
              {targets.map((target) => {
                const current = target.id === unit.parent_id;
                return (
                  <li key={target.id}>
                    <label className="unit-choice">
                      <input type="radio" name="parentId" value={target.id} defaultChecked={chosen === String(target.id)} disabled={current} />
                      <span>
                        <span className="unit-name">{target.name}</span>
                        {current ? <span className="muted"> ({t("units.currentParent").toLowerCase()})</span> : null}
                        <span className="unit-meta">
                          <span className="unit-kind">{target.kind_name}</span>
                          {target.path.length > 0 ? <span>{t("units.path")}: {target.path.join(" › ")}</span> : null}
                        </span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" disabled={busy || targets.length === 0 || isScopeRoot}>
            {t("units.moveSubmit")}
          </button>
          <Link to={`/units/${unit.id}`} className="button button-quiet">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
