import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type Dialect, type Driver, type SqliteDatabase, type SqliteStatement } from "kysely";
import pg from "pg";
import type { DialectName } from "./dialect-name";
import type { Database } from "./schema";
import { SqliteTypesPlugin, toSqliteValue } from "./sqlite-types";

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
  /**
   * PostgreSQL: the longest a statement may run, in ms (default PG_STATEMENT_TIMEOUT_MS or 15 s);
   * 0 for none, for bulk tools (a national roll-up rebuild runs for minutes).
   */
  statementTimeoutMs?: number;
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

/** How many distinct SQL texts keep their compiled statement (least recently used go first). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver calls `prepare(sql)` for every query, and compiling a statement costs
 * more than running most of the app's small queries. This keeps the compiled statements of the
 * last `capacity` SQL texts and hands the same one back for the same text. Safe because
 * the driver only ever calls `all`/`run`/`iterate` with the parameters (better-sqlite3 binds them
 * per call and clears them after), never `bind`, `pluck`, `raw` or `safeIntegers`, which would
 * stick to a shared statement. A statement with an open `iterate()` (`busy`) cannot run again
 * until the iterator ends, so a fresh one is compiled for that caller and cached instead.
 * Parameters go in through `toSqliteValue` (Date and boolean, which better-sqlite3 cannot bind).
 */
export function cachingStatements(database: SQLite.Database, capacity = STATEMENT_CACHE_SIZE): SqliteDatabase & { readonly cachedStatements: number } {
  const cache = new Map<string, { statement: SQLite.Statement; bound: SqliteStatement }>();
  return {
    get cachedStatements() {
      return cache.size;
    },
    prepare(query: string) {
      // Kysely begins transactions with a deferred `begin`. Immediate takes the write lock at
      // once (waiting out busy_timeout): a deferred transaction that read first cannot wait for
      // it and fails (SQLITE_BUSY_SNAPSHOT) when another connection (the heavy-work thread,
      // folding the roll-up) committed meanwhile.
      const text = query === "begin" ? "begin immediate" : query;
      const cached = cache.get(text);
      if (cached !== undefined) {
        cache.delete(text); // re-inserted below as the most recently used
        if (!cached.statement.busy) {
          cache.set(text, cached);
          return cached.bound;
        }
      }
      const statement = database.prepare(text);
      const entry = { statement, bound: bindingSqliteValues(statement) };
      cache.set(text, entry);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return entry.bound;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}

function bindingSqliteValues(statement: SQLite.Statement): SqliteStatement {
  const values = (parameters: readonly unknown[]) => parameters.map(toSqliteValue);
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(values(parameters)),
    run: (parameters) => statement.run(values(parameters)),
    iterate: (parameters) => statement.iterate(values(parameters)),
  };
}

function openSqlite(url: string, options: OpenOptions): DatabaseHandle {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma("journal_mode = WAL");
  // WAL + NORMAL: a commit is durable once written to the WAL (a process crash loses nothing);
  // only a power loss or OS crash may roll back the last commits. The file is never corrupted.
  connection.pragma("synchronous = NORMAL");
  connection.pragma("busy_timeout = 5000");
  connection.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({
    dialect: mappingErrors(new SqliteDialect({ database: cachingStatements(connection) }), options.mapError),
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

/** Distinct statement texts each PostgreSQL connection keeps prepared. */
const PREPARED_PER_CONNECTION = 200;
/**
 * Longer statements are id lists of every length (`in ($1, …, $n)`), each length a new text that
 * would take a place the same few writes should keep. (Saving a result has 39.)
 */
const PREPARED_MAX_PARAMETERS = 64;

/**
 * PostgreSQL parses and plans every statement it is sent. A write transaction sends the same few
 * texts again and again (logging a result: about ten), and planning them cost more than running
 * them (result logging ran at 229 requests/s unprepared, 313 prepared). So a statement with
 * parameters sent inside a transaction goes as a named prepared statement, the first
 * PREPARED_PER_CONNECTION distinct texts per connection (later ones run unnamed): PostgreSQL
 * reuses its plan once it has seen that a generic plan does as well. Reads outside transactions
 * stay unprepared: a tally's best plan depends on the unit (one union or a whole country).
 * Kysely sends transactions as `begin` / `start transaction …` and `commit` / `rollback`.
 * A prepared `select *` cannot survive its table changing: processes restart after a migration.
 */
export function preparingWrites(client: pg.PoolClient, capacity = PREPARED_PER_CONNECTION): void {
  const names = new Map<string, string>();
  let inTransaction = false;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const preparing = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text === "string") {
      if (/^(begin|start transaction)\b/i.test(text)) inTransaction = true;
      else if (/^(commit|rollback)$/i.test(text)) inTransaction = false;
      else if (inTransaction && Array.isArray(values) && values.length > 0 && values.length <= PREPARED_MAX_PARAMETERS) {
        let name = names.get(text);
        if (name === undefined && names.size < capacity) names.set(text, (name = `tt_${names.size + 1}`));
        if (name !== undefined) return query({ name, text, values }, ...rest);
      }
    }
    return query(text, values, ...rest);
  };
  client.query = preparing as typeof client.query;
}

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
  const statementTimeout = options.statementTimeoutMs ?? millis("PG_STATEMENT_TIMEOUT_MS", 15_000);
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.PG_POOL_SIZE ?? 10),
    // Fail fast when the server is down or unreachable: a bounded wait for a connection, a
    // server-side statement timeout, and a client-side timeout for a server that stopped answering.
    connectionTimeoutMillis: millis("PG_CONNECT_TIMEOUT_MS", 3000),
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout ? statementTimeout + 5000 : undefined,
    keepAlive: true,
    types: types as pg.CustomTypesConfig,
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
  pool.on("connect", (client) => {
    // A connection that dies while its client is checked out between two statements (a
    // transaction waiting on JavaScript) is reported as the client's 'error' event, which pg-pool
    // listens to only while the client is idle: unheard, it would end the process. The client's
    // next statement fails instead, and the pool drops it when it is released.
    client.on("error", (error) => console.error("[db] PostgreSQL client error:", error.message));
    preparingWrites(client);
  });
  const db = new Kysely<Database>({ dialect: mappingErrors(new PostgresDialect({ pool }), options.mapError) });
  const safe = new URL(url);
  return {
    db,
    dialect: "postgres",
    description: `${safe.host}${safe.pathname}`,
    close: () => db.destroy(),
  };
}
