import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import type { FieldError, FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";

/** The value to show in a field: what the user typed on a refused submit, else the saved value. */
export function valueOf(values: Record<string, string | string[]> | undefined, name: string, saved: unknown): string {
  const typed = values?.[name];
  if (typed !== undefined) return Array.isArray(typed) ? typed[0] ?? "" : typed;
  return saved === null || saved === undefined ? "" : String(saved);
}

export function ErrorSummary({ errors }: { errors?: FieldErrors }) {
  const t = useT();
  if (!errors || Object.keys(errors).length === 0) return null;
  const formError = errors._form;
  return (
    <div className="form-error" role="alert" tabIndex={-1}>
      <p>{formError ? t(formError.key, formError.params) : t("form.errorSummary")}</p>
    </div>
  );
}

function FieldShell(props: { id: string; label: string; hint?: string; optional?: boolean; error?: FieldError; children: ReactNode }) {
  const t = useT();
  return (
    <div className={props.error ? "field field-invalid" : "field"}>
      <label htmlFor={props.id}>
        {props.label}
        {props.optional ? <span className="muted"> ({t("form.optional")})</span> : null}
      </label>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p className="field-error" id={`${props.id}-error`}>
          {t(props.error.key, props.error.params)}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint?: string, error?: FieldError) {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

type Common = { name: string; label: string; hint?: string; optional?: boolean; error?: FieldError; id?: string };

export function InputField({ name, label, hint, optional, error, id = name, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell id={id} label={label} hint={hint} optional={optional} error={error}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldShell>
  );
}

export function TextAreaField({ name, label, hint, optional, error, id = name, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell id={id} label={label} hint={hint} optional={optional} error={error}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldShell>
  );
}

export function SelectField({
  name, label, hint, optional, error, id = name, options, ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string | number; label: string }[] }) {
  return (
    <FieldShell id={id} label={label} hint={hint} optional={optional} error={error}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** "2022-11-21" -> "21/11/2022"; anything else (what the user typed) is shown as typed. */
function asVietnameseDate(value: unknown): string | undefined {
  if (typeof value !== "string") return value === undefined || value === null ? undefined : String(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value;
}

/**
 * A date typed as dd/mm/yyyy. Not <input type="date">: browsers show that in their own
 * locale's order (often mm/dd/yyyy), and users must always see dd/MM/yyyy.
 */
export function DateField({ defaultValue, hint, ...props }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const t = useT();
  return (
    <InputField
      {...props}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={t("form.datePlaceholder")}
      pattern="\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
      maxLength={10}
      hint={hint}
      defaultValue={asVietnameseDate(defaultValue)}
    />
  );
}

/** A 24-hour time typed as HH:mm (a native time input shows AM/PM in many browsers). */
export function TimeField(props: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  return <InputField {...props} type="text" inputMode="numeric" autoComplete="off" placeholder="HH:mm" pattern="\d{1,2}:\d{2}" maxLength={5} />;
}
