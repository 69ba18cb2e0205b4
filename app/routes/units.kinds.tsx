import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, InputField, valueOf } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { idSchema } from "~/domain/ids";
import { formatNumber } from "~/domain/numbers";
import { unitKindSchema } from "~/domain/unit-schemas";
import { parseForm, submittedValues, type FieldErrors } from "~/domain/validation";
import { translator, type MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { canManageKinds, createUnitKind, deleteUnitKind, listUnitKinds, updateUnitKind, type UnitKindRow } from "~/services/units.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("unitKinds.title")} · ${translator("vi")("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { kinds: await listUnitKinds(db()), canEdit: canManageKinds(actor) };
}

const targetSchema = z.object({ intent: z.enum(["create", "update", "delete"]), id: z.preprocess((v) => (v === "" ? undefined : v), idSchema.optional()) });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "admin");
  const formData = await request.formData();
  const target = parseForm(targetSchema, formData);
  if (!target.ok) return data({ form: "new", errors: target.errors, values: target.values }, 400);
  const { intent, id } = target.data;
  const formId = id ? `kind-${id}` : "new";
  if (intent === "delete") {
    const result = await deleteUnitKind(db(), actor, id ?? 0);
    if (!result.ok) return data({ form: formId, errors: result.errors, values: submittedValues(formData) }, 409);
    return redirect("/units/kinds?done=deleted");
  }
  const form = parseForm(unitKindSchema, formData);
  const result = !form.ok ? form : intent === "create" ? await createUnitKind(db(), actor, form.data) : await updateUnitKind(db(), actor, id ?? 0, form.data);
  if (!result.ok) return data({ form: formId, errors: result.errors, values: submittedValues(formData) }, 400);
  return redirect(`/units/kinds?done=${intent === "create" ? "created" : "updated"}#kind-${result.id}`);
}

const NOTICES: Record<string, MessageKey> = { created: "unitKinds.created", updated: "unitKinds.updated", deleted: "unitKinds.deleted" };

export default function UnitKindsPage() {
  const { kinds, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const notice = NOTICES[params.get("done") ?? ""];
  const errorsFor = (formId: string) => (result?.form === formId ? result : undefined);
  return (
    <>
      <PageHeader title={t("unitKinds.title")}>
        <Link to="/units">{t("units.title")}</Link>
      </PageHeader>
      {notice ? (
        <p className="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      <p>{t("unitKinds.intro")}</p>
      {!canEdit ? <p className="hint">{t("unitKinds.readOnly")}</p> : null}
      {kinds.length === 0 ? <p className="empty">{t("unitKinds.empty")}</p> : null}
      {canEdit ? (
        <div className="kind-list">
          {kinds.map((kind) => (
            <KindForm key={kind.id} kind={kind} failure={errorsFor(`kind-${kind.id}`)} />
          ))}
          {/* Keyed by the count, so the empty form comes back empty after an addition (with JavaScript too). */}
          <KindForm key={`new-${kinds.length}`} kind={null} failure={errorsFor("new")} />
        </div>
      ) : (
        <KindTable kinds={kinds} />
      )}
    </>
  );
}

function KindTable({ kinds }: { kinds: UnitKindRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap panel">
      <table className="kind-table">
        <thead>
          <tr>
            <th>{t("unitKinds.name")}</th>
            <th>{t("unitKinds.code")}</th>
            <th className="num">{t("unitKinds.level")}</th>
            <th>{t("unitKinds.isGrassroots")}</th>
            <th>{t("unitKinds.usage")}</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => (
            <tr key={kind.id}>
              <td>{kind.name}</td>
              <td>
                <code>{kind.code}</code>
              </td>
              <td className="num">{kind.level}</td>
              <td>{kind.is_grassroots ? t("common.yes") : t("common.no")}</td>
              <td>{t("unitKinds.usageText", { units: formatNumber(kind.units, locale), campaigns: formatNumber(kind.campaignUses, locale) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One kind as a small form (or the form for a new kind); each works without JavaScript. */
function KindForm({ kind, failure }: { kind: UnitKindRow | null; failure?: { errors: FieldErrors; values: Record<string, string | string[]> } }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const formId = kind ? `kind-${kind.id}` : "kind-new";
  const errors = failure?.errors;
  const values = failure?.values;
  const checked = values ? values.isGrassroots === "on" : (kind?.is_grassroots ?? false);
  return (
    <Form method="post" className="panel kind-form" id={formId} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{kind ? kind.name : t("unitKinds.add")}</h2>
      <ErrorSummary errors={errors} />
      {kind ? <input type="hidden" name="id" value={kind.id} /> : null}
      <div className="form-grid">
        <InputField id={`${formId}-name`} name="name" label={t("unitKinds.name")} defaultValue={valueOf(values, "name", kind?.name)} error={errors?.name} required maxLength={200} />
        <InputField
          id={`${formId}-code`}
          name="code"
          label={t("unitKinds.code")}
          defaultValue={valueOf(values, "code", kind?.code)}
          error={errors?.code}
          required
          maxLength={40}
          autoCapitalize="none"
          spellCheck={false}
        />
        <InputField
          id={`${formId}-level`}
          name="level"
          label={t("unitKinds.level")}
          hint={t("unitKinds.levelHint")}
          inputMode="numeric"
          defaultValue={valueOf(values, "level", kind?.level)}
          error={errors?.level}
          required
        />
      </div>
      <div className="field kind-check">
        <input type="checkbox" id={`${formId}-grassroots`} name="isGrassroots" defaultChecked={checked} />
        <label htmlFor={`${formId}-grassroots`}>{t("unitKinds.isGrassroots")}</label>
      </div>
      {kind ? <p className="hint">{t("unitKinds.usageText", { units: formatNumber(kind.units, locale), campaigns: formatNumber(kind.campaignUses, locale) })}</p> : null}
      <div className="form-actions">
        <button type="submit" name="intent" value={kind ? "update" : "create"} disabled={busy}>
          {kind ? t("unitKinds.save") : t("unitKinds.add")}
        </button>
        {kind && kind.units === 0 && kind.campaignUses === 0 ? (
          <button type="submit" name="intent" value="delete" className="button-quiet" disabled={busy}>
            {t("unitKinds.delete")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
