import { DateField, InputField, SelectField, valueOf } from "~/components/forms";
import type { FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";

export interface UnitFormValues {
  name: string;
  short_name: string | null;
  code: string | null;
  kind_id: number | null;
  members: number;
  opened_on: string | null;
}

/** The fields a unit has, shared by the create and edit pages; `values` are what was typed on a refused submit. */
export function UnitFields({
  saved,
  kinds,
  errors,
  values,
}: {
  saved: UnitFormValues;
  kinds: readonly { id: number; name: string; level: number }[];
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
}) {
  const t = useT();
  return (
    <div className="form-grid">
      <InputField name="name" label={t("units.name")} defaultValue={valueOf(values, "name", saved.name)} error={errors?.name} required maxLength={300} autoComplete="off" />
      <InputField name="shortName" label={t("units.shortName")} optional defaultValue={valueOf(values, "shortName", saved.short_name)} error={errors?.shortName} maxLength={120} autoComplete="off" />
      <InputField
        name="code"
        label={t("units.code")}
        hint={t("units.codeHint")}
        optional
        defaultValue={valueOf(values, "code", saved.code)}
        error={errors?.code}
        maxLength={50}
        autoCapitalize="characters"
        spellCheck={false}
        autoComplete="off"
      />
      <SelectField
        name="kindId"
        label={t("units.kind")}
        hint={t("units.kindHint")}
        defaultValue={valueOf(values, "kindId", saved.kind_id)}
        error={errors?.kindId}
        options={[{ value: "", label: "—" }, ...kinds.map((k) => ({ value: k.id, label: `${k.name} (${t("unitKinds.level")} ${k.level})` }))]}
      />
      <InputField
        name="members"
        label={t("units.members")}
        hint={t("units.membersHint")}
        inputMode="numeric"
        defaultValue={valueOf(values, "members", saved.members)}
        error={errors?.members}
        autoComplete="off"
      />
      <DateField
        name="openedOn"
        label={t("units.openedOn")}
        optional
        defaultValue={valueOf(values, "openedOn", saved.opened_on)}
        error={errors?.openedOn}
      />
    </div>
  );
}
