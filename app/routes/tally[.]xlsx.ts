import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domain/report-text";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { scopeFromUrl } from "~/services/export-csv.server";
import { heavyWork } from "~/services/heavy-work.server";

/** GET /tally.xlsx?campaign=&unit=&from=&to=: the tally workbook, scoped like the page (out of scope: 404). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const scope = await scopeFromUrl(db(), actor, new URL(request.url));
  const file = await heavyWork("tallyXlsx", actor, scope);
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
