import { sql } from "kysely";
import { database } from "~/services/db.server";

const TIMEOUT_MS = 2000;

export async function loader() {
  const handle = database();
  try {
    await Promise.race([
      sql`select 1`.execute(handle.db),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS).unref()),
    ]);
    return Response.json({ ok: true, db: handle.dialect }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ ok: false, db: handle.dialect }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
