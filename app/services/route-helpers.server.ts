import { parseId } from "~/domain/ids";
import { notFound } from "./http-errors.server";

/** The id in a URL segment; a malformed id is answered like a missing object. */
export function requireIdParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === null) throw notFound();
  return id;
}
