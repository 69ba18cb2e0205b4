import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { UnitFields } from "~/components/UnitForm";
import { parseId } from "~/domain/ids";
import { createUnitSchema } from "~/domain/unit-schemas";
import { parseForm, submittedValues } from "~/domain/validation";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { createUnit, newUnitContext } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("units.add")} · ${translator("vi")("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const parentId = parseId(new URL(request.url).searchParams.get("parent")) ?? actor.unitId;
  return newUnitContext(db(), actor, parentId);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const form = parseForm(createUnitSchema, formData);
  const result = form.ok ? await createUnit(db(), actor, form.data) : form;
  if (!result.ok) return data({ errors: result.errors, values: submittedValues(formData) }, 400);
  return redirect(`/units/${result.id}?done=created`);
}

export default function NewUnitPage() {
  const { parent, kinds, suggestedKindId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <>
      <PageHeader title={t("units.newTitle", { parent: parent.name })} />
      <Form method="post" className="panel unit-form" noValidate>
        <ErrorSummary errors={result?.errors} />
        <input type="hidden" name="parentId" value={parent.id} />
        <p className={result?.errors.parentId ? "field-invalid" : undefined}>
          {t("units.parent")}: <Link to={`/units/${parent.id}`}>{parent.name}</Link>
        </p>
        {result?.errors.parentId ? <p className="field-error">{t(result.errors.parentId.key, result.errors.parentId.params)}</p> : null}
        <UnitFields
          saved={{ name: "", short_name: null, code: null, kind_id: suggestedKindId, members: 0, opened_on: null }}
          kinds={kinds}
          errors={result?.errors}
          values={result?.values}
        />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t("units.create")}
          </button>
          <Link to={`/units/${parent.id}`} className="button button-quiet">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
