import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { getLocale } from "~/services/locale.server";
import { unitImportTemplate } from "~/services/unit-import.server";

/** GET /units/import/template.csv: the header row, UTF-8 with a BOM so Excel reads Vietnamese correctly. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const file = await unitImportTemplate(db(), actor, "csv", await getLocale(request));
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-cache",
    },
  });
}
