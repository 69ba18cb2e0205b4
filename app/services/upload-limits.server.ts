import { MaxPartSizeExceededError, type UploadHandler } from "@remix-run/node";

/** Most parts (fields and files) one multipart request may carry; server.mjs caps the bytes. */
export const MAX_MULTIPART_PARTS = 200;

/** Refused like an oversized part, so every route's existing 413 answer covers it too. */
export class TooManyPartsError extends MaxPartSizeExceededError {
  constructor(maxParts: number) {
    super("*", maxParts);
    this.name = "TooManyPartsError";
  }
}

/** Wraps an upload handler so a request with thousands of tiny parts is cut off early. */
export function limitParts(handler: UploadHandler, maxParts = MAX_MULTIPART_PARTS): UploadHandler {
  let parts = 0;
  return (part) => {
    if (++parts > maxParts) throw new TooManyPartsError(maxParts);
    return handler(part);
  };
}
