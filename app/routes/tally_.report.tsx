import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { DateField, ErrorSummary, InputField, TextAreaField } from "~/components/forms";
import { formatDateOnly } from "~/domain/dates";
import { hasReportFields, parseTallyQuery, REPORT_FIELDS, reportOptionsSchema, tallyQueryString } from "~/domain/tally-query";
import { fieldErrorsOf, type FieldErrors } from "~/domain/validation";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { reportFormDefaults } from "~/services/export-docx.server";
import { resolveTallyScope } from "~/services/tally.server";

export const meta: MetaFunction = () => [{ title: `${translator("vi")("exports.form.title")} · ${translator("vi")("app.name")}` }];

/**
 * GET /tally/report?campaign=&unit=&from=&to=: the report's number, place, date, signer and
 * recipients, editable before download; the form submits (GET) to /tally.docx with the same scope.
 * When /tally.docx refuses a field it sends the user back here with what was typed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const scope = await resolveTallyScope(db(), actor, parseTallyQuery(url.searchParams));
  if (!scope) return data({ form: null }, 200);
  const { defaults, unitName, campaignTitle } = await reportFormDefaults(db(), actor, scope);
  let values: Record<string, string> = Object.fromEntries(REPORT_FIELDS.map((f) => [f, defaults[f] ?? ""]));
  let errors: FieldErrors | null = null;
  if (hasReportFields(url.searchParams)) {
    values = Object.fromEntries(REPORT_FIELDS.map((f) => [f, url.searchParams.get(f) ?? ""]));
    const parsed = reportOptionsSchema.safeParse(values);
    if (!parsed.success) errors = { _form: { key: "exports.form.errorSummary" }, ...fieldErrorsOf(parsed.error) };
  }
  return data({ form: { scope, unitName, campaignTitle, values, errors } }, errors ? 400 : 200);
}

export default function ReportFormPage() {
  const { form } = useLoaderData<typeof loader>();
  const t = useT();
  if (!form) {
    return (
      <>
        <PageHeader title={t("exports.form.title")} />
        <p className="empty">{t("exports.noCampaign")}</p>
      </>
    );
  }
  const { scope, values } = form;
  const errors = form.errors ?? undefined;
  const qs = tallyQueryString(scope);
  return (
    <>
      <PageHeader title={t("exports.form.title")}>
        <Link to={`/tally?${qs}`} className="button button-quiet">
          {t("exports.form.back")}
        </Link>
      </PageHeader>
      <p>{t("exports.form.intro")}</p>
      <p className="hint">
        {t("exports.form.scope", { unit: form.unitName, campaign: form.campaignTitle, from: formatDateOnly(scope.from), to: formatDateOnly(scope.to) })}
      </p>
      <ErrorSummary errors={errors} />
      {/* A plain GET form: the browser downloads the file, no JavaScript needed. */}
      <form method="get" action="/tally.docx" className="report-form" noValidate>
        <input type="hidden" name="campaign" value={scope.campaignId} />
        <input type="hidden" name="unit" value={scope.unitId} />
        <input type="hidden" name="from" value={scope.from} />
        <input type="hidden" name="to" value={scope.to} />
        <section className="panel">
          <h2>{t("exports.form.header")}</h2>
          <div className="form-grid">
            <InputField name="parentBody" label={t("exports.form.parentBody")} hint={t("exports.form.parentBodyHint")} optional defaultValue={values.parentBody} error={errors?.parentBody} maxLength={200} />
            <InputField name="issuingBody" label={t("exports.form.issuingBody")} hint={t("exports.form.issuingBodyHint")} defaultValue={values.issuingBody} error={errors?.issuingBody} maxLength={200} required />
            <InputField name="number" label={t("exports.form.number")} hint={t("exports.form.numberHint")} defaultValue={values.number} error={errors?.number} maxLength={60} required />
            <InputField name="place" label={t("exports.form.place")} hint={t("exports.form.placeHint")} defaultValue={values.place} error={errors?.place} maxLength={100} required />
            <DateField name="date" label={t("exports.form.date")} defaultValue={values.date} error={errors?.date} required />
          </div>
        </section>
        <section className="panel">
          <h2>{t("exports.form.signature")}</h2>
          <div className="form-grid">
            <InputField name="authority" label={t("exports.form.authority")} hint={t("exports.form.authorityHint")} optional defaultValue={values.authority} error={errors?.authority} maxLength={100} />
            <InputField name="signerPosition" label={t("exports.form.signerPosition")} defaultValue={values.signerPosition} error={errors?.signerPosition} maxLength={100} required />
            <InputField name="signerName" label={t("exports.form.signerName")} optional defaultValue={values.signerName} error={errors?.signerName} maxLength={100} />
          </div>
          <TextAreaField name="recipients" label={t("exports.form.recipients")} hint={t("exports.form.recipientsHint")} rows={6} defaultValue={values.recipients} error={errors?.recipients} />
        </section>
        <div className="form-actions">
          <button type="submit">{t("exports.form.submit")}</button>
          <Link to={`/tally?${qs}`} className="button button-quiet">
            {t("form.cancel")}
          </Link>
        </div>
      </form>
      <p className="hint" style={{ marginTop: "1rem" }}>
        {t("exports.form.otherFiles")} <a href={`/tally.xlsx?${qs}`}>{t("exports.xlsx")}</a> · <a href={`/activities.csv?${qs}`}>{t("exports.csv")}</a>
      </p>
    </>
  );
}
