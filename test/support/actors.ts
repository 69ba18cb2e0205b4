import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { loadActor } from "~/services/auth.server";

export async function actorFor(db: Kysely<Database>, login: string): Promise<Actor> {
  const user = await db.selectFrom("app_user").select(["id", "session_epoch"]).where("login", "=", login).executeTakeFirstOrThrow();
  const actor = await loadActor(db, user.id, user.session_epoch);
  if (!actor) throw new Error(`no actor for ${login}`);
  return actor;
}

/** Expects `promise` to be refused with the given HTTP status (a thrown Response). */
export async function expectStatus(promise: Promise<unknown>, status: number): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) {
      if (error.status !== status) throw new Error(`expected HTTP ${status}, got ${error.status}`);
      return;
    }
    throw error;
  }
  throw new Error(`expected HTTP ${status}, but the call succeeded`);
}
