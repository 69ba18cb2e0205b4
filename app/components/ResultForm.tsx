import { Form, useNavigation } from "@remix-run/react";
import type { ActivityResult, ChannelCode } from "@db/schema";
import { EVIDENCE_TYPES, MAX_EVIDENCE_FILES, REACH_SOURCES } from "~/domain/result-schemas";
import type { FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, InputField, SelectField, TextAreaField, valueOf } from "./forms";

/** The saved figures the form shows again (a row of activity_result). */
export type SavedResult = Omit<ActivityResult, "activity_id" | "reported_at" | "reported_by">;

interface Props {
  channel: ChannelCode;
  saved: SavedResult | null;
  defaults: { presenter: string | null; quantityUnit: string | null };
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
  canAddPhotos: boolean;
}

/** The result form; its fields follow the channel, as union reports count (DOMAIN.md). */
export function ResultForm({ channel, saved, defaults, errors, values, canAddPhotos }: Props) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const v = (name: string, fallback: unknown) => valueOf(values, name, fallback);
  const count = (name: string, label: string, fallback: number | null | undefined, required = false, hint?: string) => (
    <InputField name={name} label={label} inputMode="numeric" required={required} optional={!required} hint={hint} defaultValue={v(name, fallback)} error={errors?.[name]} />
  );
  return (
    <Form method="post" encType="multipart/form-data" noValidate className="panel result-form">
      <ErrorSummary errors={errors} />
      <div className="form-grid">
        {channel === "spoken" ? (
          <>
            {count("attendance", t("results.attendance"), saved?.attendance, true, t("results.attendanceHint"))}
            {count("membersAttending", t("results.membersAttending"), saved?.members_attending)}
            {count("womenAttending", t("results.womenAttending"), saved?.women_attending)}
            <InputField name="presenter" label={t("activities.presenter")} optional defaultValue={v("presenter", defaults.presenter)} error={errors?.presenter} />
          </>
        ) : null}
        {channel === "visual" ? (
          <>
            {count("quantity", t("results.quantity"), saved?.quantity, true)}
            <InputField name="quantityUnit" label={t("results.quantityUnit")} optional defaultValue={v("quantityUnit", saved?.quantity_unit ?? defaults.quantityUnit)} error={errors?.quantityUnit} />
            <InputField name="displayPlace" label={t("results.displayPlace")} optional defaultValue={v("displayPlace", saved?.display_place)} error={errors?.displayPlace} />
            {count("displayDays", t("results.displayDays"), saved?.display_days)}
          </>
        ) : null}
        {channel === "media" ? (
          <>
            {count("items", t("results.items"), saved?.items, true, t("results.itemsHint"))}
            <InputField name="outlet" label={t("results.outlet")} optional defaultValue={v("outlet", saved?.outlet)} error={errors?.outlet} />
          </>
        ) : null}
        {channel === "facebook" ? (
          <>
            {count("posts", t("results.posts"), saved?.posts ?? 1, true)}
            {count("reach", t("results.reach"), saved?.reach)}
            <SelectField
              name="reachSource"
              label={t("results.reachSource")}
              hint={t("results.reachSourceHint")}
              defaultValue={v("reachSource", saved?.reach_source ?? "")}
              options={[{ value: "", label: t("results.reachSource.none") }, ...REACH_SOURCES.map((s) => ({ value: s, label: t(`results.reachSource.${s}`) }))]}
              error={errors?.reachSource}
            />
            {count("views", t("results.views"), saved?.views)}
            {count("engagements", t("results.engagements"), saved?.engagements, false, t("results.engagementsHint"))}
            {count("shares", t("results.shares"), saved?.shares)}
          </>
        ) : null}
      </div>
      <TextAreaField
        name="links"
        label={channel === "facebook" ? t("results.permalinks") : t("results.links")}
        hint={t("results.linksHint")}
        optional
        rows={3}
        defaultValue={v("links", saved?.links)}
        error={errors?.links}
      />
      <TextAreaField name="notes" label={t("results.notes")} optional rows={3} defaultValue={v("notes", saved?.notes)} error={errors?.notes} />
      {canAddPhotos ? (
        <InputField
          name="photos"
          type="file"
          multiple
          accept={EVIDENCE_TYPES.join(",")}
          label={t("results.photos")}
          hint={t("results.photosHint", { max: MAX_EVIDENCE_FILES })}
          optional
          error={errors?.photos}
        />
      ) : null}
      <div className="form-actions">
        <button type="submit" name="intent" value="save" disabled={busy}>
          {saved ? t("results.saveChanges") : t("results.save")}
        </button>
      </div>
    </Form>
  );
}
