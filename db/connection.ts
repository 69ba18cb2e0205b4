import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { DialectName } from "./dialect-name";
import type { Database } from "./schema";
import { SqliteTypesPlugin } from "./sqlite-types";

export const DEFAULT_DATABASE_URL = "file:data/app.db";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without credentials, for logs. */
  description: string;
  close(): Promise<void>;
}

export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

export function openDatabase(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): DatabaseHandle {
  return dialectOf(url) === "postgres" ? openPostgres(url) : openSqlite(url);
}

function sqliteFilePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/^sqlite:/, "");
  return path === ":memory:" ? path : resolve(path);
}

function openSqlite(url: string): DatabaseHandle {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  connection.pragma("busy_timeout = 5000");
  connection.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: connection }),
    plugins: [new SqliteTypesPlugin()],
  });
  return { db, dialect: "sqlite", description: file, close: () => db.destroy() };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_DATE = 1082;

function openPostgres(url: string): DatabaseHandle {
  // Counts and sums come back as bigint/numeric; the app's figures fit in a double.
  // Dates stay "yyyy-MM-dd" strings, as in SQLite, so no time zone can shift a day.
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === PG_INT8) return (v: string) => Number.parseInt(v, 10);
      if (oid === PG_NUMERIC) return (v: string) => Number.parseFloat(v);
      if (oid === PG_DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.PG_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5000,
    types: types as pg.CustomTypesConfig,
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  return {
    db,
    dialect: "postgres",
    description: `${safe.host}${safe.pathname}`,
    close: () => db.destroy(),
  };
}
