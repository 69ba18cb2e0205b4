import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachingStatements, preparingWrites } from "@db/connection";
import type { Database } from "@db/schema";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";

// db/connection.ts keeps better-sqlite3's compiled statements per SQL text (Kysely prepares every
// query). These check that sharing a statement never changes an answer; on PostgreSQL the same
// queries run as a control.
describe.each(testDialects())("repeated statements on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dialect, "stmtcache");
    const { db } = database.handle;
    await db
      .insertInto("unit_kind")
      .values(Array.from({ length: 30 }, (_, i) => ({ code: `k${i}`, name: `Loại ${i}`, level: 1 + (i % 4), is_grassroots: i % 2 === 0 })))
      .execute();
  });
  afterAll(() => database?.dispose());

  const kindsAtLevel = (level: number) =>
    database.handle.db.selectFrom("unit_kind").select(["code", "level", "is_grassroots"]).where("level", "=", level).orderBy("code").execute();

  it("answers the same SQL with different parameters correctly, again and again", async () => {
    const first = await Promise.all([1, 2, 3, 4].map(kindsAtLevel));
    for (let round = 0; round < 5; round++) {
      for (const level of [4, 2, 1, 3]) {
        const rows = await kindsAtLevel(level);
        expect(rows).toEqual(first[level - 1]);
        expect(rows.every((r) => r.level === level)).toBe(true);
        expect(rows.every((r) => typeof r.is_grassroots === "boolean")).toBe(true);
      }
    }
    expect(first.flat()).toHaveLength(30);
  });

  it("keeps working after a statement failed on a constraint", async () => {
    const { db } = database.handle;
    const insert = (code: string) => db.insertInto("unit_kind").values({ code, name: code, level: 1, is_grassroots: false }).execute();
    await insert("dup");
    await expect(insert("dup")).rejects.toThrow();
    await insert("dup2");
    const codes = await db.selectFrom("unit_kind").select("code").where("code", "in", ["dup", "dup2"]).orderBy("code").execute();
    expect(codes.map((r) => r.code)).toEqual(["dup", "dup2"]);
    await db.deleteFrom("unit_kind").where("code", "in", ["dup", "dup2"]).execute();
  });

  it.runIf(dialect === "sqlite")("streams a query (iterate()) while the same query waits, and after a stream left early", async () => {
    const { db } = database.handle;
    const query = () => db.selectFrom("unit_kind").select(["code", "level"]).where("level", "=", 2).orderBy("code");
    const expected = await query().execute();
    expect(expected.length).toBeGreaterThan(2);
    // Kysely holds the one connection for the whole stream, so the concurrent execute() of the
    // same SQL runs after it; both must get every row, each from a statement of its own use.
    const streamed: string[] = [];
    const [, concurrent] = await Promise.all([
      (async () => {
        for await (const row of query().stream()) {
          streamed.push(row.code);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      query().execute(),
    ]);
    expect(streamed).toEqual(expected.map((r) => r.code));
    expect(concurrent).toEqual(expected);
    // A stream left early ends its iterate(); the statement is usable afterwards.
    for await (const row of query().stream()) {
      expect(row.level).toBe(2);
      break;
    }
    expect(await query().execute()).toEqual(expected);
    const count = await sql<{ n: number }>`select count(*) as n from unit_kind where level = ${2}`.execute(db);
    expect(Number(count.rows[0].n)).toBe(expected.length);
  });
});

describe("SQLite transactions and a second connection (the heavy-work thread's)", () => {
  it("a transaction holds the write lock from its start, so a write after a read cannot find its snapshot stale", async () => {
    const database = await freshDatabase("sqlite", "immediate");
    const other = new SQLite(database.url.slice("file:".length), { timeout: 50 });
    try {
      const { db } = database.handle;
      const kind = (code: string) => ({ code, name: code, level: 1, is_grassroots: false });
      let otherWrite: unknown = null;
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom("unit_kind").select("code").execute();
        // Another connection writes between this transaction's read and its write. Under a
        // deferred `begin` it would commit, and the write below would fail (SQLITE_BUSY_SNAPSHOT).
        try {
          other.prepare("insert into unit_kind (code, name, level, is_grassroots) values ('other', 'other', 1, 0)").run();
        } catch (error) {
          otherWrite = error;
        }
        await trx.insertInto("unit_kind").values(kind("mine")).execute();
      });
      expect(String((otherWrite as { code?: string } | null)?.code)).toMatch(/^SQLITE_BUSY/);
      expect((await db.selectFrom("unit_kind").select("code").execute()).map((r) => r.code)).toEqual(["mine"]);
    } finally {
      other.close();
      await database.dispose();
    }
  });
});

describe("cachingStatements (better-sqlite3)", () => {
  it("hands back the compiled statement, a fresh one while it is busy, and stays bounded", () => {
    const raw = new SQLite(":memory:");
    raw.exec("create table t (x integer); insert into t values (1), (2), (3)");
    const cached = cachingStatements(raw, 3);
    const a = cached.prepare("select x from t order by x");
    expect(cached.prepare("select x from t order by x")).toBe(a);

    const iterator = a.iterate([])[Symbol.iterator]();
    expect(iterator.next().value).toEqual({ x: 1 });
    // Kysely never nests a query inside a stream (it holds the connection), but if anything did,
    // the busy statement must not be handed out: better-sqlite3 would refuse to run it.
    const b = cached.prepare("select x from t order by x");
    expect(b).not.toBe(a);
    expect(b.all([])).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect(iterator.next().value).toEqual({ x: 2 });
    iterator.return?.();
    expect(cached.prepare("select x from t order by x")).toBe(b);

    for (let i = 0; i < 10; i++) expect(cached.prepare(`select x + ${i} as y from t where x = ?`).all([2])).toEqual([{ y: 2 + i }]);
    expect(cached.cachedStatements).toBe(3);
    // Least recently used goes first: the last three texts are still the same objects.
    const last = cached.prepare("select x + 9 as y from t where x = ?");
    expect(cached.prepare("select x + 9 as y from t where x = ?")).toBe(last);
    cached.close();
    expect(raw.open).toBe(false);
  });

  it("binds dates as ISO-8601 text and booleans as 1/0, which better-sqlite3 cannot bind itself", () => {
    const raw = new SQLite(":memory:");
    raw.exec("create table t (at text, flag integer)");
    const cached = cachingStatements(raw);
    cached.prepare("insert into t values (?, ?)").run([new Date(Date.UTC(2025, 6, 11, 1, 30)), true]);
    expect(cached.prepare("select at, flag from t where flag = ?").all([true])).toEqual([{ at: "2025-07-11T01:30:00.000Z", flag: 1 }]);
    expect(cached.prepare("select count(*) as n from t where flag = ?").all([false])).toEqual([{ n: 0 }]);
    cached.close();
  });
});

describe("preparingWrites (PostgreSQL)", () => {
  /** A stand-in for a pg client that records what it was asked to run. */
  const recordingClient = () => {
    const sent: unknown[] = [];
    const client = { query: (config: unknown, values?: unknown) => sent.push(values === undefined ? config : [config, values]) };
    preparingWrites(client as unknown as pg.PoolClient, 2);
    const run = (text: string, values?: unknown[]) => (client.query as (t: string, v?: unknown[]) => unknown)(text, values);
    return { sent, run };
  };

  it("names a transaction's statements with parameters, up to its capacity; leaves everything else unnamed", () => {
    const { sent, run } = recordingClient();
    run("select 1 where $1 = 1", [1]); // outside a transaction
    run("begin");
    run("select a from t where a = $1", [1]);
    run("savepoint sp");
    run("rollback to savepoint sp"); // not the end of the transaction
    run("update t set a = $1", [2]);
    run("select a from t where a = $1", [3]); // the same text: the same name
    run("delete from t where a = $1", [4]); // past the capacity of 2
    run("lock table t in access exclusive mode", []); // no parameters
    run("commit");
    run("update t set a = $1", [5]); // after the transaction
    expect(sent).toEqual([
      ["select 1 where $1 = 1", [1]],
      "begin",
      { name: "tt_1", text: "select a from t where a = $1", values: [1] },
      "savepoint sp",
      "rollback to savepoint sp",
      { name: "tt_2", text: "update t set a = $1", values: [2] },
      { name: "tt_1", text: "select a from t where a = $1", values: [3] },
      ["delete from t where a = $1", [4]],
      ["lock table t in access exclusive mode", []],
      "commit",
      ["update t set a = $1", [5]],
    ]);
  });

  it.runIf(testDialects().includes("postgres"))("runs a transaction's statements prepared on a real server, again after a failed transaction", async () => {
    const database = await freshDatabase("postgres", "prepared");
    try {
      const { db } = database.handle;
      const insert = (trx: Kysely<Database>, code: string) => trx.insertInto("unit_kind").values({ code, name: code, level: 1, is_grassroots: false }).execute();
      const prepared = await db.connection().execute(async (conn) => {
        await conn.transaction().execute(async (trx) => {
          await insert(trx, "p1");
          await insert(trx, "p2");
        });
        await expect(conn.transaction().execute((trx) => insert(trx, "p1"))).rejects.toThrow();
        await conn.transaction().execute((trx) => insert(trx, "p3"));
        return sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn);
      });
      expect(prepared.rows.some((r) => r.statement.startsWith('insert into "unit_kind"'))).toBe(true);
      const codes = await db.selectFrom("unit_kind").select("code").where("code", "like", "p%").orderBy("code").execute();
      expect(codes.map((r) => r.code)).toEqual(["p1", "p2", "p3"]);
    } finally {
      await database.dispose();
    }
  });
});

describe.runIf(testDialects().includes("postgres"))("a PostgreSQL connection that dies inside a transaction (PostgreSQL)", () => {
  it("fails that transaction only: the process and the pool go on", async () => {
    const database = await freshDatabase("postgres", "dying");
    const other = await freshDatabase("postgres", "dying-admin");
    try {
      const { db } = database.handle;
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.on("uncaughtException", onUncaught);
      try {
        const failed = await db
          .transaction()
          .execute(async (trx) => {
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
            // Killed while the transaction waits on JavaScript, between two statements: pg reports it
            // as the checked-out client's 'error' event.
            await sql`select pg_terminate_backend(${rows[0].pid})`.execute(other.handle.db);
            await new Promise((resolve) => setTimeout(resolve, 300));
            await sql`select 1`.execute(trx);
          })
          .then(
            () => false,
            () => true,
          );
        expect(failed).toBe(true);
      } finally {
        process.off("uncaughtException", onUncaught);
      }
      // Unheard, that event is an uncaught exception, which ends the server.
      expect(uncaught).toEqual([]);
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0].one).toBe(1);
    } finally {
      await other.dispose();
      await database.dispose();
    }
  });
});
