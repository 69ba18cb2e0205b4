import { Form } from "@remix-run/react";
import { NARRATIVE_FIELDS, NARRATIVE_MAX, type Narrative, type NarrativeField } from "~/domain/report-schemas";
import type { FieldErrors } from "~/domain/validation";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, TextAreaField, valueOf } from "./forms";

const HINTS: Partial<Record<NarrativeField, MessageKey>> = {
  highlights: "reports.field.highlightsHint",
  assessment: "reports.field.assessmentHint",
};

/** The narrative form: save as draft or send. Works without JavaScript; a refused post keeps what was typed. */
export function ReportNarrativeForm(props: {
  saved: Narrative | null;
  version: number;
  isReturned: boolean;
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
  busy?: boolean;
}) {
  const t = useT();
  return (
    <Form method="post" className="report-form" noValidate>
      <ErrorSummary errors={props.errors} />
      <input type="hidden" name="version" value={props.version} />
      {NARRATIVE_FIELDS.map((field) => (
        <TextAreaField
          key={field}
          name={field}
          label={t(`reports.field.${field}` as MessageKey)}
          hint={HINTS[field] ? t(HINTS[field]!) : undefined}
          optional={!HINTS[field]}
          rows={field === "highlights" ? 8 : 5}
          maxLength={NARRATIVE_MAX}
          defaultValue={valueOf(props.values, field, props.saved?.[field])}
          error={props.errors?.[field]}
        />
      ))}
      <p className="hint">{t("reports.submitHint")}</p>
      <div className="form-actions">
        <button type="submit" name="intent" value="submit" disabled={props.busy}>
          {props.isReturned ? t("reports.resubmit") : t("reports.submit")}
        </button>
        <button type="submit" name="intent" value="save" className="button-quiet" disabled={props.busy}>
          {t("reports.saveDraft")}
        </button>
      </div>
    </Form>
  );
}

/** The narrative as text, for readers and for a report with the level above. */
export function ReportNarrativeView({ narrative }: { narrative: Narrative | null }) {
  const t = useT();
  return (
    <div className="report-narrative">
      {NARRATIVE_FIELDS.map((field) => (
        <section key={field} aria-labelledby={`narrative-${field}`}>
          <h3 id={`narrative-${field}`}>{t(`reports.field.${field}` as MessageKey)}</h3>
          {narrative?.[field] ? <p className="report-text">{narrative[field]}</p> : <p className="empty">{t("reports.emptySection")}</p>}
        </section>
      ))}
    </div>
  );
}

/** What a user typed when the save was refused and the form is no longer offered (a conflict). */
export function ReportTypedText({ values }: { values: Record<string, string | string[]> }) {
  const t = useT();
  const typed = NARRATIVE_FIELDS.map((f) => [f, valueOf(values, f, "")] as const).filter(([, v]) => v.trim() !== "");
  const comment = valueOf(values, "comment", "");
  if (!typed.length && !comment.trim()) return null;
  return (
    <details className="panel report-typed" open>
      <summary>{t("reports.typedText")}</summary>
      {typed.map(([field, value]) => (
        <div key={field}>
          <h3>{t(`reports.field.${field}` as MessageKey)}</h3>
          <p className="report-text">{value}</p>
        </div>
      ))}
      {comment.trim() ? (
        <div>
          <h3>{t("reports.review.comment")}</h3>
          <p className="report-text">{comment}</p>
        </div>
      ) : null}
    </details>
  );
}
