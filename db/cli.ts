/**
 * Database commands: npm run db:migrate | db:seed | db:reset | db:backup [-- --out FILE] |
 * user:add -- --login L --password P --role R [--unit ID]
 */
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { ZodError } from "zod";
import { insertAccount } from "~/services/users.server";
import { insertUnitWithClosure } from "~/services/unit-tree.server";
import { ensureRollups } from "~/services/tally-rollup.server";
import { isRole } from "~/domain/roles";
import { openDatabase, type DatabaseHandle } from "./connection";
import { backupFileName, backupSqlite } from "./backup";
import { migrateToLatest } from "./migrate";
import { seedDemoIfEmpty } from "./seed";

async function migrate(handle: DatabaseHandle) {
  const applied = await migrateToLatest(handle);
  console.log(applied.length ? `Đã áp dụng: ${applied.join(", ")}` : "Cơ sở dữ liệu đã ở phiên bản mới nhất.");
  if (await ensureRollups(handle.db)) console.log("Đã tính bảng tổng hợp (tally_rollup) từ các hoạt động hiện có.");
}

async function seed(handle: DatabaseHandle) {
  await migrate(handle);
  const summary = await seedDemoIfEmpty(handle);
  console.log(summary ? `Đã nạp dữ liệu mẫu: ${JSON.stringify(summary)}` : "Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu.");
}

async function reset(handle: DatabaseHandle): Promise<DatabaseHandle> {
  if (handle.dialect === "sqlite") {
    await handle.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(handle.description + suffix, { force: true });
    handle = openDatabase(undefined, { statementTimeoutMs: 0 }); // a bulk tool: a rebuild may run for minutes
  } else {
    await sql`drop schema public cascade`.execute(handle.db);
    await sql`create schema public`.execute(handle.db);
  }
  await seed(handle);
  return handle;
}

async function backup(handle: DatabaseHandle, argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string" } } });
  if (handle.dialect !== "sqlite") {
    throw new Error(
      "db:backup sao lưu cơ sở dữ liệu SQLite. Với PostgreSQL, hãy dùng pg_dump, ví dụ:\n" +
        '  pg_dump --format=custom --file=tuyentruyen-$(date +%F).dump "$DATABASE_URL"\n' +
        "và phục hồi bằng pg_restore (xem README, mục Độ tin cậy và sao lưu).",
    );
  }
  if (handle.description === ":memory:") throw new Error("Cơ sở dữ liệu trong bộ nhớ không sao lưu được.");
  const target = resolve(values.out ?? join(dirname(handle.description), "backups", backupFileName()));
  const done = await backupSqlite(handle.description, target);
  console.log(`Đã sao lưu ${handle.description} -> ${done.file} (${done.pages} trang, ${done.bytes} byte, integrity_check: ok).`);
}

/** The root unit, created on an empty install so that the first account has a home. */
async function rootUnitId(handle: DatabaseHandle, name: string): Promise<number> {
  const root = await handle.db.selectFrom("unit").select("id").where("parent_id", "is", null).orderBy("id").executeTakeFirst();
  if (root) return root.id;
  let kind = await handle.db.selectFrom("unit_kind").select("id").orderBy("level").executeTakeFirst();
  kind ??= await handle.db
    .insertInto("unit_kind")
    .values({ code: "province", name: "Liên đoàn Lao động tỉnh, thành phố", level: 1, is_grassroots: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  return insertUnitWithClosure(handle.db, { name, kind_id: kind.id, members: 0, created_at: new Date(), parent_id: null });
}

async function addUser(handle: DatabaseHandle, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      login: { type: "string" },
      password: { type: "string" },
      role: { type: "string", default: "viewer" },
      unit: { type: "string" },
      name: { type: "string" },
      "unit-name": { type: "string", default: "Liên đoàn Lao động" },
    },
  });
  if (!values.login || !values.password) throw new Error("Cần --login và --password.");
  if (!isRole(values.role)) throw new Error("--role phải là admin, manager, editor hoặc viewer.");
  await migrate(handle);
  const unitId = values.unit ? Number(values.unit) : await rootUnitId(handle, values["unit-name"]);
  const unit = await handle.db.selectFrom("unit").select(["id", "name"]).where("id", "=", unitId).executeTakeFirst();
  if (!unit) throw new Error(`Không có đơn vị mã số ${values.unit}.`);
  const id = await insertAccount(handle.db, {
    login: values.login,
    password: values.password,
    role: values.role,
    unitId,
    displayName: values.name ?? values.login,
  });
  const created = await handle.db.selectFrom("app_user").select("login").where("id", "=", id).executeTakeFirstOrThrow();
  console.log(`Đã tạo tài khoản #${id} "${created.login}" (${values.role}) tại ${unit.name}.`);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  let handle = openDatabase(undefined, { statementTimeoutMs: 0 }); // a bulk tool: a rebuild may run for minutes
  try {
    if (command === "migrate") await migrate(handle);
    else if (command === "seed") await seed(handle);
    else if (command === "reset") handle = await reset(handle);
    else if (command === "user:add") await addUser(handle, rest);
    else if (command === "backup") await backup(handle, rest);
    else throw new Error(`Lệnh không rõ: ${command ?? "(trống)"}. Dùng migrate, seed, reset, backup hoặc user:add.`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ZodError ? error.issues.map((i) => i.message).join("\n") : String((error as Error)?.message ?? error);
  console.error(`Lỗi: ${message}`);
  process.exit(1);
});
