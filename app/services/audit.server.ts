import type { Kysely, Transaction } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";

export interface AuditEntry {
  action: "create" | "update" | "delete" | "move" | "close" | "reopen" | "import" | "submit" | "return" | "accept" | (string & {});
  entity: string;
  entityId: number | null;
  /** The unit the change belongs to, so audit pages can be scoped like everything else. */
  unitId: number | null;
  before?: unknown;
  after?: unknown;
}

/** Records one change; call it inside the same transaction as the write it describes. */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      created_at: new Date(),
      user_id: actor?.id ?? null,
      unit_id: entry.unitId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before_data: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_data: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
