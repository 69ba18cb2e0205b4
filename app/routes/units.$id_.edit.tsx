import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { UnitFields } from "~/components/UnitForm";
import { unitFieldsSchema } from "~/domain/unit-schemas";
import { parseForm, submittedValues } from "~/domain/validation";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { unitForChange, unitKindOptions, updateUnit } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("units.edit")} · ${translator("vi")("app.name")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { unit } = await unitForChange(db(), actor, requireIdParam(params.id));
  return { unit, kinds: await unitKindOptions(db()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  // Scope and role first: a unit outside the subtree is a 404 whatever the form says.
  await unitForChange(db(), actor, id);
  const formData = await request.formData();
  const form = parseForm(unitFieldsSchema, formData);
  const result = form.ok ? await updateUnit(db(), actor, id, form.data) : form;
  if (!result.ok) return data({ errors: result.errors, values: submittedValues(formData) }, 400);
  return redirect(`/units/${id}?done=updated`);
}

export default function EditUnitPage() {
  const { unit, kinds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <>
      <PageHeader title={t("units.editTitle", { name: unit.name })} />
      <Form method="post" className="panel unit-form" noValidate>
        <ErrorSummary errors={result?.errors} />
        <UnitFields saved={unit} kinds={kinds} errors={result?.errors} values={result?.values} />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t("form.save")}
          </button>
          <Link to={`/units/${unit.id}`} className="button button-quiet">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
