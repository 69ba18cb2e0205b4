import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarQuerySchema } from "~/domain/calendar-range";
import { db } from "~/services/db.server";
import { feedForToken, feedTokenFromParam, publicOrigin } from "~/services/feed.server";

/**
 * GET /feeds/TOKEN.ics: a user's private calendar feed. No session: the token is the
 * credential. Every refusal (bad shape, unknown, regenerated, turned off, deactivated
 * account, unit filter outside the scope) is the same 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = feedTokenFromParam(params.token);
  if (!token) return notFound();
  const query = calendarQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const feed = await feedForToken(db(), token, { origin: publicOrigin(request), query });
  if (!feed) return notFound();
  const headers = {
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": 'inline; filename="lich-tuyen-truyen.ics"',
    // Private to the subscriber; revalidated on each poll (cheap with the ETag).
    "Cache-Control": "private, no-cache",
    ETag: feed.etag,
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
  };
  if (request.headers.get("If-None-Match") === feed.etag) return new Response(null, { status: 304, headers });
  return new Response(feed.ics, { headers });
}

function notFound() {
  return new Response("404 - Không tìm thấy lịch.\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" },
  });
}
