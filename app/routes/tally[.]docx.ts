import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { contentDisposition } from "~/domain/report-text";
import { hasReportFields, reportOptionsSchema } from "~/domain/tally-query";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { scopeFromUrl } from "~/services/export-csv.server";
import { heavyWork } from "~/services/heavy-work.server";

/**
 * GET /tally.docx?campaign=&unit=&from=&to=[&number=&place=&date=…]: the official report, scoped
 * like the page (out of scope: 404). The fields come from /tally/report; when one is wrong the
 * user goes back to that form, which shows the messages and keeps what was typed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const scope = await scopeFromUrl(db(), actor, url);
  let options = null;
  if (hasReportFields(url.searchParams)) {
    const parsed = reportOptionsSchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw redirect(`/tally/report?${url.searchParams}`, 303);
    options = parsed.data;
  }
  const file = await heavyWork("tallyDocx", actor, scope, options);
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
