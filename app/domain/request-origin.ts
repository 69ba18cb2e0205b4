const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginHeaders {
  origin?: string | null;
  referer?: string | null;
  secFetchSite?: string | null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * True when a state-changing request did not come from this site's own pages.
 * Remix checks the origin of some requests only, so every non-GET request passes here.
 * A request with none of these headers is not from a browser page and carries no
 * ambient credentials worth forging, so it is let through.
 */
export function isCrossSiteWrite(method: string, headers: OriginHeaders, ownOrigin: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.secFetchSite?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none") return true;
  if (headers.origin) return headers.origin === "null" || originOf(headers.origin) !== ownOrigin;
  if (headers.referer) return originOf(headers.referer) !== ownOrigin;
  return false;
}
