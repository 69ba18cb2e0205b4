import { z } from "zod";
import { idSchema } from "./ids";
import { blankToUndefined, dateField, optionalDate, optionalText, requiredText, type FieldError } from "./validation";

/** Unit codes: letters without diacritics, digits and . _ - / (e.g. "LC-TD-001"). */
export const UNIT_CODE_PATTERN = /^[A-Za-z0-9._/-]{1,50}$/;
export const KIND_CODE_PATTERN = /^[a-z0-9_-]{1,40}$/;

export const MAX_UNIT_MEMBERS = 10_000_000;

/**
 * A member count as typed in a form or a spreadsheet: blank is 0; "1.200", "1 200" and
 * "1,200" read as 1200. Negative, fractional and non-numeric values are refused with a
 * reason the user can act on.
 */
export function parseMemberCount(value: unknown): { ok: true; value: number } | { ok: false; error: FieldError } {
  if (value === null || value === undefined) return { ok: true, value: 0 };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, error: { key: "validation.notNumber" } };
    if (value < 0) return { ok: false, error: { key: "units.membersNegative" } };
    if (!Number.isInteger(value)) return { ok: false, error: { key: "validation.notInteger" } };
    if (value > MAX_UNIT_MEMBERS) return { ok: false, error: { key: "units.membersTooBig" } };
    return { ok: true, value };
  }
  const text = String(value).trim();
  if (text === "") return { ok: true, value: 0 };
  const grouped = /^-?\d{1,3}([.,\s]\d{3})+$/.test(text);
  const plain = grouped ? text.replace(/[.,\s]/g, "") : text;
  if (/^-\s*\d/.test(plain)) return { ok: false, error: { key: "units.membersNegative" } };
  if (/^\d+[.,]\d+$/.test(plain)) return { ok: false, error: { key: "validation.notInteger" } };
  if (!/^\d+$/.test(plain)) return { ok: false, error: { key: "validation.notNumber" } };
  return parseMemberCount(Number(plain));
}

/** A member count form field (see parseMemberCount). */
export const membersField = z.unknown().transform((value, ctx) => {
  const parsed = parseMemberCount(value);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.error.key, params: parsed.error.params });
  return z.NEVER;
});

/** A required whole number in [min, max] typed in a form. */
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^-?\d+$/, "validation.notInteger")
      .transform(Number)
      .pipe(z.number().min(min).max(max)),
  );

/** A unit code typed in a form: optional, trimmed, as typed otherwise. */
export const unitCodeField = z
  .preprocess(blankToUndefined, z.string().trim().regex(UNIT_CODE_PATTERN, "units.codeFormat").optional())
  .transform((v) => v ?? null);

/** An id chosen in a <select> or radio list; nothing chosen reads as "required". */
export const chosenId = z.preprocess(blankToUndefined, idSchema);

/** What a manager types for a unit (create and edit share it). */
export const unitFieldsSchema = z.object({
  name: requiredText(300),
  shortName: optionalText(120),
  code: unitCodeField,
  kindId: chosenId,
  members: membersField,
  openedOn: optionalDate,
});
export type UnitFieldsInput = z.output<typeof unitFieldsSchema>;

export const createUnitSchema = unitFieldsSchema.extend({ parentId: chosenId });
export type CreateUnitInput = z.output<typeof createUnitSchema>;

export const moveUnitSchema = z.object({ parentId: chosenId });
export type MoveUnitInput = z.output<typeof moveUnitSchema>;

export const closeUnitSchema = z.object({ closedOn: dateField });
export type CloseUnitInput = z.output<typeof closeUnitSchema>;

/** A checkbox: present ("on") means true. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1" || v === true, z.boolean());

export const unitKindSchema = z.object({
  code: z.string().trim().toLowerCase().regex(KIND_CODE_PATTERN, "units.kindCodeFormat"),
  name: requiredText(200),
  level: wholeNumber(1, 20),
  isGrassroots: checkbox,
});
export type UnitKindInput = z.output<typeof unitKindSchema>;
