import { Form } from "@remix-run/react";
import { COMMENT_MAX } from "~/domain/report-schemas";
import type { FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { TextAreaField, valueOf } from "./forms";

/** Return with a comment (required) or accept (comment optional): managers of a unit above. */
export function ReportReviewForm(props: { version: number; errors?: FieldErrors; values?: Record<string, string | string[]>; busy?: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="report-review" noValidate>
      <input type="hidden" name="version" value={props.version} />
      <TextAreaField
        name="comment"
        label={t("reports.review.comment")}
        hint={t("reports.review.commentHint")}
        rows={4}
        maxLength={COMMENT_MAX}
        defaultValue={valueOf(props.values, "comment", "")}
        error={props.errors?.comment}
      />
      <div className="form-actions">
        <button type="submit" name="intent" value="accept" disabled={props.busy}>
          {t("reports.accept")}
        </button>
        <button type="submit" name="intent" value="return" className="button-quiet report-return" disabled={props.busy}>
          {t("reports.return")}
        </button>
      </div>
    </Form>
  );
}
