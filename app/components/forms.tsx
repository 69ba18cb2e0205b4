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
