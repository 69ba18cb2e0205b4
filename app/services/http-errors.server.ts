import type { MessageKey } from "~/i18n";

/** Thrown from loaders and actions; the error boundary renders the message in the user's language. */
export function httpError(status: 400 | 403 | 404 | 409 | 413 | 503, messageKey: MessageKey): Response {
  return Response.json({ messageKey }, { status });
}

export const notFound = () => httpError(404, "error.notFound");
export const forbidden = () => httpError(403, "error.forbidden");
