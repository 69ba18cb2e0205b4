import { Form, useNavigation } from "@remix-run/react";
import { CAMPAIGN_STATUSES } from "~/domain/campaign-schemas";
import type { FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { DateField, ErrorSummary, InputField, SelectField, TextAreaField, valueOf } from "./forms";

export interface CampaignFormValues {
  title: string;
  summary: string | null;
  issuer_unit_id: number;
  starts_on: string;
  ends_on: string;
  report_due_on: string;
  status: string;
  reportingKinds: { unit_kind_id: number; due_on: string }[];
}

interface Props {
  saved?: CampaignFormValues;
  issuers: { id: number; name: string; depth: number }[];
  kinds: { id: number; name: string; level: number }[];
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
  submitLabel: string;
}

/** Create and edit share one form; it posts plain fields so it works without JavaScript. */
export function CampaignForm({ saved, issuers, kinds, errors, values, submitLabel }: Props) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const v = (name: string, fallback: unknown) => valueOf(values, name, fallback);
  const kindChecked = (kindId: number) =>
    values ? values[`kind_${kindId}`] !== undefined : saved?.reportingKinds.some((k) => k.unit_kind_id === kindId) ?? false;
  const kindDue = (kindId: number) =>
    v(`due_${kindId}`, saved?.reportingKinds.find((k) => k.unit_kind_id === kindId)?.due_on ?? "");

  return (
    <Form method="post" noValidate className="panel">
      <ErrorSummary errors={errors} />
      <InputField name="title" label={t("campaigns.field.title")} required defaultValue={v("title", saved?.title)} error={errors?.title} />
      <TextAreaField name="summary" label={t("campaigns.field.summary")} optional rows={2} defaultValue={v("summary", saved?.summary)} error={errors?.summary} />
      <div className="form-grid">
        <SelectField
          name="issuerUnitId"
          label={t("campaigns.issuer")}
          defaultValue={v("issuerUnitId", saved?.issuer_unit_id ?? issuers[0]?.id)}
          options={issuers.map((u) => ({ value: u.id, label: `${"— ".repeat(u.depth)}${u.name}` }))}
          error={errors?.issuerUnitId}
        />
        <SelectField
          name="status"
          label={t("campaigns.status")}
          defaultValue={v("status", saved?.status ?? "active")}
          options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaign.status.${s}`) }))}
          error={errors?.status}
        />
        <DateField name="startsOn" label={t("campaigns.field.startsOn")} required defaultValue={v("startsOn", saved?.starts_on)} error={errors?.startsOn} />
        <DateField name="endsOn" label={t("campaigns.field.endsOn")} required defaultValue={v("endsOn", saved?.ends_on)} error={errors?.endsOn} />
        <DateField name="reportDueOn" label={t("dashboard.deadline")} required defaultValue={v("reportDueOn", saved?.report_due_on)} error={errors?.reportDueOn} />
      </div>
      <fieldset className="reporting-kinds">
        <legend>{t("campaigns.field.reportingKinds")}</legend>
        <p className="hint">{t("campaigns.field.reportingKindsHint")}</p>
        {kinds.map((kind) => (
          <div className="reporting-kind" key={kind.id}>
            <label className="checkbox">
              <input type="checkbox" name={`kind_${kind.id}`} defaultChecked={kindChecked(kind.id)} /> {kind.name}
            </label>
            <DateField
              id={`due_${kind.id}`}
              name={`due_${kind.id}`}
              label={t("campaigns.field.levelDue", { kind: kind.name })}
              defaultValue={kindDue(kind.id)}
              error={errors?.[`due_${kind.id}`]}
            />
          </div>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
