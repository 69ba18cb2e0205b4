import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../dialect-name";

/**
 * Failed sign-ins per login (known or not, so the answer does not tell which logins exist),
 * kept in the database so every app process sees the same count.
 */
export function loginThrottle(dialect: DialectName): Migration {
  const timestamp = dialect === "postgres" ? "timestamptz" : "text";
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("login_throttle")
        .addColumn("login", "text", (c) => c.primaryKey())
        .addColumn("failures", "integer", (c) => c.notNull())
        .addColumn("last_failed_at", timestamp, (c) => c.notNull())
        .addColumn("retry_at", timestamp)
        .execute();
      await db.schema.createIndex("login_throttle_last_failed_idx").on("login_throttle").column("last_failed_at").execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable("login_throttle").execute();
    },
  };
}
