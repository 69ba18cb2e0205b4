import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/auth.server";
import { readAttachment } from "~/services/attachments.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const file = await readAttachment(db(), actor, requireIdParam(params.id));
  const safeName = encodeURIComponent(file.file_name);
  const wantsThumbnail = new URL(request.url).searchParams.has("thumbnail") && file.thumbnail !== null;
  return new Response(new Uint8Array(wantsThumbnail ? file.thumbnail! : file.content), {
    headers: {
      "Content-Type": wantsThumbnail ? "image/webp" : file.mime_type,
      // Stored files are never rendered inline as HTML, whatever their name says.
      "Content-Disposition": `${file.mime_type === "application/pdf" || file.mime_type.startsWith("image/") ? "inline" : "attachment"}; filename*=UTF-8''${safeName}`,
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
