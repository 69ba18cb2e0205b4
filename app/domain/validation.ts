import { z } from "zod";
import type { MessageKey } from "~/i18n";

/** One field's problem, as a message key the UI translates into the user's language. */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

/** What an action returns when input is refused: the errors and what the user typed. */
export interface FormFailure {
  ok: false;
  errors: FieldErrors;
  values: Record<string, string | string[]>;
}

export type FormResult<T> = { ok: true; data: T } | FormFailure;

const isMessageKey = (message: string): message is MessageKey => /^[a-z]+\.[A-Za-z.]+$/.test(message);

function errorFor(issue: z.core.$ZodIssue): FieldError {
  if (issue.message && isMessageKey(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return { key: "validation.required" };
      return issue.expected === "number" || issue.expected === "int"
        ? { key: "validation.notNumber" }
        : { key: "validation.invalid" };
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? { key: "validation.required" } : { key: "validation.tooShort", params: { min } };
      if (issue.origin === "array" || issue.origin === "set") return { key: "validation.required" };
      return { key: "validation.tooSmall", params: { min } };
    }
    case "too_big": {
      const max = Number(issue.maximum);
      return issue.origin === "string" ? { key: "validation.tooLong", params: { max } } : { key: "validation.tooBig", params: { max } };
    }
    case "invalid_value":
      return { key: "validation.invalidChoice" };
    case "invalid_format":
      return issue.format === "url" ? { key: "validation.invalidUrl" } : { key: "validation.invalid" };
    default:
      return { key: "validation.invalid" };
  }
}

/** Field path -> first error, for rendering next to each input. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_form";
    errors[path] ??= errorFor(issue);
  }
  return errors;
}

/** Every submitted field, as typed, so a refused form can be shown again unchanged. */
export function submittedValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

/** Parses submitted form data with a schema; on failure keeps what was typed. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, shape?: (values: Record<string, string | string[]>) => unknown): FormResult<z.output<S>> {
  const values = submittedValues(formData);
  const parsed = schema.safeParse(shape ? shape(values) : values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: fieldErrorsOf(parsed.error), values };
}

// Reusable field schemas for HTML form inputs (which always send strings).

/** Empty input -> undefined, so optional fields stay optional. */
export const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const requiredText = (max = 500) => z.string().trim().min(1, "validation.required").max(max);
export const optionalText = (max = 2000) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max).optional()).transform((v) => v ?? null);

/** A non-negative whole number typed in a form ("1.200" and "1 200" accepted as 1200). */
export const countField = (max = 100_000_000) =>
  z.preprocess(
    // A blank required count is "required", not 0 (z.coerce.number("") would give 0).
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.replace(/[\s.]/g, "")) : v),
    // The custom message only for "not a number": range checks keep their own (min, max) messages.
    z.coerce
      .number({ error: (issue) => (issue.code === "invalid_type" ? "validation.notNumber" : undefined) })
      .int("validation.notInteger")
      .min(0)
      .max(max),
  );

export const optionalCount = (max = 100_000_000) =>
  z.preprocess(blankToUndefined, countField(max).optional()).transform((v) => v ?? null);

/** An http(s) link; other schemes (javascript:, data:) are refused. */
export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "validation.invalidUrl");

export const optionalHttpUrl = z.preprocess(blankToUndefined, httpUrl.optional()).transform((v) => v ?? null);

/**
 * A calendar date typed as dd/mm/yyyy (what users type) or yyyy-mm-dd (what <input type=date>
 * sends), returned as "yyyy-MM-dd".
 */
export const dateField = z.string().trim().transform((value, ctx) => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  if (!y) {
    ctx.addIssue({ code: "custom", message: value ? "validation.invalidDate" : "validation.required" });
    return z.NEVER;
  }
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d) || Number(y) < 1900 || Number(y) > 2100) {
    ctx.addIssue({ code: "custom", message: "validation.invalidDate" });
    return z.NEVER;
  }
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
});

export const optionalDate = z.preprocess(blankToUndefined, dateField.optional()).transform((v) => v ?? null);
