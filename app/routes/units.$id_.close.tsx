import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateField, ErrorSummary, valueOf } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { todayInAppZone } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { closeUnitSchema } from "~/domain/unit-schemas";
import { parseForm, submittedValues } from "~/domain/validation";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { closeUnit, unitForChange } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("units.close")} · ${translator("vi")("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const detail = await unitForChange(db(), actor, requireIdParam(params.id));
  return { unit: detail.unit, openDescendants: detail.openDescendants, isScopeRoot: detail.isScopeRoot, today: todayInAppZone() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  // Scope and role first: a unit outside the subtree is a 404 whatever the form says.
  await unitForChange(db(), actor, id);
  const formData = await request.formData();
  const form = parseForm(closeUnitSchema, formData);
  const result = form.ok ? await closeUnit(db(), actor, id, form.data.closedOn) : form;
  if (!result.ok) return data({ errors: result.errors, values: submittedValues(formData) }, 400);
  return redirect(`/units/${id}?done=closed`);
}

export default function CloseUnitPage() {
  const { unit, openDescendants, isScopeRoot, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const blocked = openDescendants > 0 || isScopeRoot || unit.closed_on !== null;
  return (
    <>
      <PageHeader title={t("units.closeTitle", { name: unit.name })} />
      <Form method="post" className="panel unit-form" noValidate>
        <ErrorSummary errors={result?.errors} />
        <p>{t("units.closeExplain")}</p>
        {unit.closed_on ? <p className="form-error">{t("units.alreadyClosed")}</p> : null}
        {isScopeRoot ? <p className="form-error">{t("units.closeScopeRoot")}</p> : null}
        {openDescendants > 0 ? (
          <p className="form-error">
            {t("units.closeBlocked", { n: formatNumber(openDescendants, locale) })} <Link to={`/units/${unit.id}`}>{t("units.children")}</Link>
          </p>
        ) : null}
        {blocked ? null : (
          <DateField
            name="closedOn"
            label={t("units.closedOnLabel")}
            defaultValue={valueOf(result?.values, "closedOn", today)}
            error={result?.errors.closedOn}
            required
          />
        )}
        <div className="form-actions">
          {blocked ? null : (
            <button type="submit" disabled={busy}>
              {t("units.closeSubmit")}
            </button>
          )}
          <Link to={`/units/${unit.id}`} className="button button-quiet">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
