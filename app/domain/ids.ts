import { z } from "zod";

export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** A positive integer id from a URL segment or form field, or null. */
export function parseId(value: unknown): number | null {
  const parsed = idSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
