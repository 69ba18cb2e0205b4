import type { ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { commitUnitImport, previewUnitImport, readImportRequest } from "~/services/unit-import.server";

/**
 * POST /units/import/run: the import page's JavaScript path. Same input as the page's own
 * form (a file to check, or `uploadId` to import), answered as a stream of JSON lines:
 * progress events while the server reads, checks and writes, then one final line
 * (`preview`, `done` or `error`). Without JavaScript the page posts to /units/import instead.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const input = await readImportRequest(request);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (message: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
      const progress = (p: object) => send({ type: "progress", ...p });
      try {
        if (!input.ok) send({ type: "error", error: input.error });
        else if (input.intent === "preview") send({ type: "preview", preview: await previewUnitImport(db(), actor, input.file, progress) });
        else {
          const result = await commitUnitImport(db(), actor, input.uploadId, progress);
          send(result.ok ? { type: "done", created: result.created } : { type: "preview", preview: result.preview });
        }
      } catch (error) {
        if (error instanceof Response) {
          const payload = (await error.json().catch(() => ({}))) as { messageKey?: string };
          send({ type: "error", error: { key: payload.messageKey ?? "error.unexpected" } });
        } else {
          console.error(error);
          send({ type: "error", error: { key: "error.unexpected" } });
        }
      }
      controller.close();
    },
  });
  return new Response(body, {
    status: input.ok ? 200 : input.status,
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // no-transform keeps the compression middleware from buffering the progress lines.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
