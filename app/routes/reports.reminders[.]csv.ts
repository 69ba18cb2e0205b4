import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportListQuerySchema } from "~/domain/report-schemas";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { getLocale } from "~/services/locale.server";
import { remindersCsv } from "~/services/unit-reports.server";

/** GET /reports/reminders.csv?campaign=: units that have not sent their report, UTF-8 with a BOM for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const { campaign } = reportListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const file = await remindersCsv(db(), actor, campaign, await getLocale(request));
  return new Response(file.body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
