import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domain/report-text";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { scopeFromUrl } from "~/services/export-csv.server";
import { heavyWork } from "~/services/heavy-work.server";

/** GET /activities.csv?campaign=&unit=&from=&to=: every counted activity, UTF-8 with a BOM for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const scope = await scopeFromUrl(db(), actor, new URL(request.url));
  const file = await heavyWork("activitiesCsv", actor, scope);
  return new Response(file.body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
