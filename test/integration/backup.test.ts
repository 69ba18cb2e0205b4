/**
 * `npm run db:backup` and its restore (README "Reliability and backups"): an online backup of a
 * SQLite database taken while another connection keeps writing is consistent (integrity_check ok,
 * no half-written transaction), restores into a new file that the app opens, and holds the data.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupSqlite } from "@db/backup";
import { openDatabase } from "@db/connection";
import { migrateToLatest } from "@db/migrate";
import { seedDemo } from "@db/demo/seed-demo";

const ROOT = resolve(import.meta.dirname, "../..");

/** Writes pairs of rows in one transaction each, as fast as it can, until told to stop. */
const WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("insert into backup_probe (pair, side) values (?, ?)");
const pair = db.transaction((n) => { insert.run(n, 0); insert.run(n, 1); });
let n = 0, stop = false;
parentPort.on("message", () => { stop = true; });
(function loop() {
  for (let i = 0; i < 50; i++) pair(++n);
  if (stop) { db.close(); parentPort.postMessage(n); } else setImmediate(loop);
})();
parentPort.postMessage("started");
`;

describe("SQLite online backup and restore", () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tt-backup-"));
    file = join(dir, "app.db");
    const handle = openDatabase(`file:${file}`);
    await migrateToLatest(handle);
    await seedDemo(handle.db);
    await sql`create table backup_probe (id integer primary key, pair integer not null, side integer not null)`.execute(handle.db);
    await handle.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies a consistent snapshot while another connection writes, and restores into a new file", async () => {
    const worker = new Worker(WRITER, { eval: true, workerData: { file, module: createRequire(import.meta.url).resolve("better-sqlite3") } });
    await new Promise<void>((done) => worker.once("message", () => done()));
    // Let the writer get going, then back up in the middle of its stream of transactions.
    await new Promise((r) => setTimeout(r, 150));
    // Everything committed before the backup starts must be in it, including what still sits in the
    // WAL (a plain file copy would miss that).
    const reader = new SQLite(file, { readonly: true });
    const committedBefore = (reader.prepare("select coalesce(max(pair), 0) as last from backup_probe").get() as { last: number }).last;
    reader.close();
    expect(committedBefore).toBeGreaterThan(0);
    const target = join(dir, "backups", "during-writes.db");
    const result = await backupSqlite(file, target);
    await new Promise((r) => setTimeout(r, 100));
    const written = await new Promise<number>((done) => {
      worker.once("message", (n: number) => done(n));
      worker.postMessage("stop");
    });
    await worker.terminate();
    expect(result.bytes).toBeGreaterThan(0);

    // Restore: a copy of the backup under a new name, opened like the app opens its database.
    const restored = join(dir, "restored.db");
    copyFileSync(target, restored);
    expect(existsSync(`${restored}-wal`)).toBe(false);
    const copy = new SQLite(restored);
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.pragma("foreign_key_check")).toEqual([]);
    const probe = copy.prepare("select count(*) as rows, count(distinct pair) as pairs, coalesce(max(pair), 0) as last from backup_probe").get() as { rows: number; pairs: number; last: number };
    // Both rows of every transaction, never one: the snapshot is a single moment.
    expect(probe.rows).toBe(probe.pairs * 2);
    expect(probe.last).toBeGreaterThanOrEqual(committedBefore);
    // Every transaction up to the snapshot's last one, without gaps.
    expect(probe.pairs).toBe(probe.last);
    // Taken mid-stream: the writer went on after the snapshot (otherwise the test proves little).
    expect(probe.last).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(probe.last);

    // The demo data came across whole.
    const original = new SQLite(file, { readonly: true });
    for (const table of ["unit", "unit_tree", "app_user", "campaign", "content_point", "activity", "activity_point", "activity_result", "unit_report"]) {
      const count = (db: SQLite.Database) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      expect(count(copy), table).toBe(count(original));
    }
    original.close();
    copy.close();

    // The app opens the restored file: migrations see an up-to-date schema and queries answer.
    const handle = openDatabase(`file:${restored}`);
    expect(await migrateToLatest(handle)).toEqual([]);
    const users = await handle.db.selectFrom("app_user").select("login").orderBy("login").execute();
    expect(users.map((u) => u.login)).toContain("tinh.quanly");
    await handle.close();
  }, 60_000);

  it("npm run db:backup writes a timestamped file under data/backups/ and refuses PostgreSQL with the pg_dump hint", () => {
    const env = { ...process.env, DATABASE_URL: `file:${file}` };
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "db/cli.ts", "backup"], { cwd: ROOT, env, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const files = readdirSync(join(dir, "backups")).filter((f) => /^app-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/.test(f));
    expect(files.length).toBe(1);
    const copy = new SQLite(join(dir, "backups", files[0]), { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();

    const pg = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "db/cli.ts", "backup"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
      encoding: "utf8",
    });
    expect(pg.status).toBe(1);
    expect(pg.stderr).toContain("pg_dump");
    expect(pg.stderr).toContain("pg_restore");
  }, 60_000);
});
