import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { getLocale } from "~/services/locale.server";
import { unitImportTemplate } from "~/services/unit-import.server";

/** GET /units/import/template.xlsx: the units sheet (kind list as a drop-down), instructions and the kinds. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const file = await unitImportTemplate(db(), actor, "xlsx", await getLocale(request));
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-cache",
    },
  });
}
