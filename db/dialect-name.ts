import { PostgresAdapter } from "kysely";

export type DialectName = "sqlite" | "postgres";

/** The engine behind a Kysely instance (or transaction), for the few statements the engines spell differently. */
export function dialectOfDb(db: { getExecutor(): { readonly adapter: unknown } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}
