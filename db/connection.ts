import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type Dialect, type Driver } from "kysely";
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

export interface OpenOptions {
  /**
   * Turns an error of the driver (acquiring a connection, running a statement) into the error
   * to throw; the web app uses it to answer database outages with a 503 (db-errors.server.ts).
   */
  mapError?: (error: unknown) => unknown;
}

export function openDatabase(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL, options: OpenOptions = {}): DatabaseHandle {
  return dialectOf(url) === "postgres" ? openPostgres(url, options) : openSqlite(url, options);
}

/** Wraps a dialect so every connection and statement error passes through `mapError`. */
function mappingErrors(dialect: Dialect, mapError: OpenOptions["mapError"]): Dialect {
  if (!mapError) return dialect;
  const rethrow = (error: unknown): never => {
    throw mapError(error);
  };
  const wrapConnection = (connection: DatabaseConnection): DatabaseConnection =>
    new Proxy(connection, {
      get(target, prop) {
        if (prop === "executeQuery") return (query: Parameters<DatabaseConnection["executeQuery"]>[0]) => target.executeQuery(query).catch(rethrow);
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return new Proxy(driver, {
        get(target, prop) {
          if (prop === "acquireConnection") return () => target.acquireConnection().then(wrapConnection, rethrow);
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
  };
}

function sqliteFilePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/^sqlite:/, "");
  return path === ":memory:" ? path : resolve(path);
}

function openSqlite(url: string, options: OpenOptions): DatabaseHandle {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  connection.pragma("busy_timeout = 5000");
  connection.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({
    dialect: mappingErrors(new SqliteDialect({ database: connection }), options.mapError),
    plugins: [new SqliteTypesPlugin()],
  });
  return { db, dialect: "sqlite", description: file, close: () => db.destroy() };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_DATE = 1082;

/** Milliseconds from the environment, or the default. */
const millis = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

function openPostgres(url: string, options: OpenOptions): DatabaseHandle {
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
    // Fail fast when the server is down or unreachable: a bounded wait for a connection, a
    // server-side statement timeout, and a client-side timeout for a server that stopped answering.
    connectionTimeoutMillis: millis("PG_CONNECT_TIMEOUT_MS", 3000),
    statement_timeout: millis("PG_STATEMENT_TIMEOUT_MS", 15_000),
    query_timeout: millis("PG_STATEMENT_TIMEOUT_MS", 15_000) + 5000,
    keepAlive: true,
    types: types as pg.CustomTypesConfig,
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
  const db = new Kysely<Database>({ dialect: mappingErrors(new PostgresDialect({ pool }), options.mapError) });
  const safe = new URL(url);
  return {
    db,
    dialect: "postgres",
    description: `${safe.host}${safe.pathname}`,
    close: () => db.destroy(),
  };
}
