import { Form, Link, useNavigation } from "@remix-run/react";
import type { FlatPoint } from "~/domain/guidance-parser";
import type { FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, InputField, SelectField, TextAreaField, valueOf } from "./forms";

/** The pieces of the content-point editor page (campaigns/:id/points). */

export const MAX_POINT_LEVEL = 6;

export type BlockedOutcome = { pointId: number; reason: "in_use" | "has_children" | "cycle"; usage?: number };

export function StatusNotice({ params }: { params: URLSearchParams }) {
  const t = useT();
  const imported = params.get("imported");
  const message = imported
    ? t("campaigns.points.imported", { n: imported })
    : params.get("created")
      ? t("campaigns.createdNext")
      : params.get("merged")
        ? t("campaigns.points.merged")
        : params.get("removed")
          ? t("campaigns.points.removed")
          : params.get("saved")
            ? t("form.saved")
            : null;
  return message ? (
    <p className="notice" role="status">
      {message}
    </p>
  ) : null;
}

export function InlineAction({ intent, pointId, label, title, extra = {} }: { intent: string; pointId: number; label: string; title?: string; extra?: Record<string, string> }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="pointId" value={pointId} />
      {Object.entries(extra).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="button-quiet button-small" title={title} aria-label={title}>
        {label}
      </button>
    </Form>
  );
}

export function BlockedPanel({ blocked, points }: { blocked: BlockedOutcome; points: { id: number; code: string; title: string }[] }) {
  const t = useT();
  const point = points.find((p) => p.id === blocked.pointId);
  if (blocked.reason !== "in_use") {
    return (
      <p className="form-error" role="alert">
        {t(blocked.reason === "cycle" ? "campaigns.points.cycle" : "campaigns.points.hasChildren")}
      </p>
    );
  }
  return (
    <div className="form-error" role="alert">
      <p>{t("campaigns.points.inUse", { title: point?.title ?? "", n: blocked.usage ?? 0 })}</p>
      <Form method="post" className="merge-form">
        <input type="hidden" name="intent" value="merge" />
        <input type="hidden" name="pointId" value={blocked.pointId} />
        <SelectField
          name="intoId"
          label={t("campaigns.points.mergeInto")}
          options={points.filter((p) => p.id !== blocked.pointId).map((p) => ({ value: p.id, label: `${p.code}. ${p.title}` }))}
        />
        <div className="form-actions">
          <button type="submit">{t("campaigns.points.merge")}</button>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="archive" />
        <input type="hidden" name="pointId" value={blocked.pointId} />
        <p className="hint">{t("campaigns.points.archiveHint")}</p>
        <button type="submit" className="button-quiet">
          {t("campaigns.points.archive")}
        </button>
      </Form>
    </div>
  );
}

export function PointForm({
  point,
  points,
  errors,
  values,
}: {
  point?: { id: number; parent_id: number | null; title: string; details: string | null };
  points: { id: number; code: string; title: string }[];
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" noValidate action="?#edit">
      <ErrorSummary errors={errors} />
      <input type="hidden" name="intent" value={point ? "update" : "add"} />
      {point ? <input type="hidden" name="pointId" value={point.id} /> : null}
      <SelectField
        name="parentId"
        label={t("campaigns.points.parent")}
        defaultValue={valueOf(values, "parentId", point?.parent_id ?? "")}
        options={[
          { value: "", label: t("campaigns.points.topLevel") },
          ...points.filter((p) => p.id !== point?.id).map((p) => ({ value: p.id, label: `${p.code}. ${p.title}` })),
        ]}
        error={errors?.parentId}
      />
      <InputField name="title" label={t("campaigns.points.titleField")} required defaultValue={valueOf(values, "title", point?.title)} error={errors?.title} />
      <TextAreaField name="details" label={t("campaigns.points.detailsField")} optional rows={3} defaultValue={valueOf(values, "details", point?.details)} error={errors?.details} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {point ? t("form.save") : t("campaigns.points.addButton")}
        </button>
        {point ? (
          <Link to="." className="button button-quiet">
            {t("form.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** What the app understood, as editable rows: keep or drop, change the level, fix the title. */
export function PreviewForm({ rows, errors }: { rows: FlatPoint[]; errors?: FieldErrors }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} />
      <p>{t("campaigns.paste.previewHint", { n: rows.length })}</p>
      <input type="hidden" name="intent" value="import" />
      <input type="hidden" name="rows" value={rows.length} />
      <ol className="preview-rows">
        {rows.map((row, i) => (
          <li key={i} className={`preview-row level-${Math.min(row.level, MAX_POINT_LEVEL)}`}>
            <label className="checkbox">
              <input type="checkbox" name={`keep_${i}`} defaultChecked aria-label={t("campaigns.paste.keep")} />
            </label>
            <select name={`level_${i}`} defaultValue={row.level} aria-label={t("campaigns.paste.level")}>
              {Array.from({ length: MAX_POINT_LEVEL }, (_, level) => (
                <option key={level} value={level + 1}>
                  {t("campaigns.paste.levelN", { n: level + 1 })}
                </option>
              ))}
            </select>
            <input
              name={`title_${i}`}
              defaultValue={row.title}
              aria-label={t("campaigns.points.titleField")}
              aria-invalid={errors?.[`title_${i}`] ? true : undefined}
            />
            <input type="hidden" name={`details_${i}`} value={row.details ?? ""} />
            {errors?.[`title_${i}`] ? <span className="field-error">{t(errors[`title_${i}`].key)}</span> : null}
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {t("campaigns.paste.save")}
        </button>
        <Link to="." className="button button-quiet">
          {t("form.cancel")}
        </Link>
      </div>
    </Form>
  );
}
