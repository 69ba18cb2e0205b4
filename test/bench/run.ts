/**
 * `npm run bench` (province scale, SQLite and PostgreSQL), `npm run bench:quick` (tiny, for CI).
 *
 *   npx tsx test/bench/run.ts [--quick] [--scale quick|province|national] [--dialect sqlite|postgres|both]
 *                             [--db URL (reuse a generated database; not dropped)] [--skip-http] [--skip-exports] [--json FILE]
 *
 * Prints one line per figure: median and p95 over repeated runs, peak RSS, and for the tally and
 * the calendar the ratio to a floor (one hand-written SQL statement over the raw tables, same
 * engine, same process). It asserts no timings: it exits non-zero only when something crashes.
 * The tally floor's figures are also compared with computeTally's, so a fast wrong tally shows.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";
import { sql, type Kysely } from "kysely";
import { dialectOf, openDatabase, type DatabaseHandle } from "@db/connection";
import type { DialectName } from "@db/dialect-name";
import { migrateToLatest } from "@db/migrate";
import type { ChannelCode, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { visibleInstants } from "~/domain/calendar-range";
import { CHANNEL_CODES } from "~/domain/channels";
import { instantAt } from "~/domain/wall-clock";
import { calendarData } from "~/services/calendar.server";
import { tallyXlsx } from "~/services/export-xlsx.server";
import { HEAVY_WORKER_HEAP_MB } from "~/services/heavy-work.server";
import { computeTally, pageTally, tallyForPage, type TallyScope } from "~/services/tally.server";
import { createScratchDatabase } from "../support/postgres";
import { signIn, startApp } from "../support/server";
import { BENCH_EDITORS, BENCH_PASSWORD, generate, SCALES, YEAR, type ScaleName } from "./generate";

// ---------------------------------------------------------------------------------------------
// Arguments

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

const MB = 1024 * 1024;
const rssMb = () => process.memoryUsage.rss() / MB;

// ---------------------------------------------------------------------------------------------
// Child mode: one export in a fresh process, so its peak RSS is its own.

if (flag("child-export")) {
  const url = arg("db")!;
  const unitId = Number(arg("unit"));
  const campaignId = Number(arg("campaign"));
  const runs = Number(arg("runs") ?? 1);
  const handle = openDatabase(url);
  const actor = await benchActor(handle.db);
  const scope: TallyScope = { campaignId, unitId, from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
  const times: number[] = [];
  const tallyTimes: number[] = [];
  // CPU time (user + system) of each export: on a shared machine the wall time depends on the load.
  const cpuTimes: number[] = [];
  let bytes = 0;
  // How long the export holds the event loop: every other request of a server waits that long.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    loop.enable();
    const file = await tallyXlsx(handle.db, actor, scope);
    bytes = 0;
    // Streamed to nowhere (/dev/null): only the byte count is kept.
    const reader = file.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    loop.disable();
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    // The tally alone (the export computes it first), to tell the export's own cost from it.
    const t1 = performance.now();
    await computeTally(handle.db, actor, scope);
    tallyTimes.push(performance.now() - t1);
  }
  await handle.close();
  const ms = (ns: number) => ns / 1e6;
  console.log(
    JSON.stringify({ times, tallyTimes, cpuTimes, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, loopP99Ms: ms(loop.percentile(99)), loopMaxMs: ms(loop.max) }),
  );
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Figures

interface Figure {
  dialect: DialectName;
  name: string;
  median?: number;
  p95?: number;
  runs?: number;
  rssMb?: number;
  floorMedian?: number;
  ratio?: number;
  extra?: Record<string, unknown>;
  note?: string;
}
const figures: Figure[] = [];

function quantile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const fmt = (ms: number | undefined) => (ms === undefined ? "-" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);

function report(f: Figure) {
  figures.push(f);
  const parts = [`[${f.dialect}] ${f.name.padEnd(38)}`];
  if (f.median !== undefined) parts.push(`median ${fmt(f.median).padStart(9)}  p95 ${fmt(f.p95).padStart(9)}  (n=${f.runs})`);
  if (f.rssMb !== undefined) parts.push(`peak RSS ${f.rssMb.toFixed(0)} MB`);
  if (f.floorMedian !== undefined) parts.push(`floor ${fmt(f.floorMedian)}  ratio ${f.ratio!.toFixed(2)}x`);
  if (f.extra) parts.push(Object.entries(f.extra).map(([k, v]) => `${k} ${v}`).join("  "));
  if (f.note) parts.push(`(${f.note})`);
  console.log(parts.join("  "));
}

/** Runs `fn` once to warm up, then `runs` times; RSS is sampled during the runs. */
async function measure(runs: number, fn: () => Promise<unknown>) {
  await fn();
  let peak = rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
      peak = Math.max(peak, rssMb());
    }
  } finally {
    clearInterval(sampler);
  }
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95), runs, rssMb: peak };
}

async function benchActor(db: Kysely<Database>): Promise<Actor> {
  const row = await db
    .selectFrom("app_user as u")
    .innerJoin("unit", "unit.id", "u.unit_id")
    .select(["u.id", "u.login", "u.display_name", "u.unit_id", "unit.name"])
    .where("u.login", "=", "bench.admin")
    .executeTakeFirstOrThrow();
  return { id: row.id, login: row.login, displayName: row.display_name, role: "admin", unitId: row.unit_id, unitName: row.name, isPasswordChangeRequired: false };
}

// ---------------------------------------------------------------------------------------------
// The floor: the tally's core figures by one hand-written statement

interface FloorRow {
  kind: string;
  grp: number;
  channel: ChannelCode;
  n: number;
  attendance: number;
}

function floorQuery(scope: TallyScope) {
  const from = instantAt(scope.from, "00:00");
  const to = new Date(instantAt(scope.to, "00:00").getTime() + 24 * 3600 * 1000);
  const c = scope.campaignId;
  // The generated point trees are two levels deep: a point rolls up into itself and its parent.
  return sql<FloorRow>`with c as (
      select a.id, a.unit_id, a.channel, coalesce(r.attendance, 0) as attendance
      from activity a
      join unit_tree t on t.descendant_id = a.unit_id and t.ancestor_id = ${scope.unitId}
      join activity_result r on r.activity_id = a.id
      where a.campaign_id = ${c} and a.status = 'done' and a.starts_at >= ${from} and a.starts_at < ${to}
    )
    select 'point' as kind, x.grp, x.channel, count(*) as n, sum(x.attendance) as attendance from (
      select distinct p.grp, c.id, c.channel, c.attendance
      from c join activity_point ap on ap.activity_id = c.id
      join (select id as point_id, id as grp from content_point where campaign_id = ${c}
            union all select id, parent_id from content_point where campaign_id = ${c} and parent_id is not null) p on p.point_id = ap.content_point_id
    ) x group by x.grp, x.channel
    union all
    select 'child', t.ancestor_id, c.channel, count(*), sum(c.attendance)
    from c join unit_tree t on t.descendant_id = c.unit_id join unit u on u.id = t.ancestor_id
    where u.parent_id = ${scope.unitId} group by t.ancestor_id, c.channel
    union all
    select 'total', 0, c.channel, count(*), sum(c.attendance) from c group by c.channel`;
}

/** Differences between computeTally and the floor (activities and attendance per cell). */
function compareWithFloor(tally: Pick<Awaited<ReturnType<typeof pageTally>>, "points" | "byUnit" | "total">, rows: FloorRow[]): string[] {
  const key = (kind: string, grp: number, ch: string) => `${kind}|${grp}|${ch}`;
  const floor = new Map(rows.map((r) => [key(r.kind, Number(r.grp), r.channel), { n: Number(r.n), att: Number(r.attendance ?? 0) }]));
  const mine = new Map<string, { n: number; att: number }>();
  const put = (kind: string, grp: number, figures: Record<ChannelCode, { activities: number; attendance: number }>) => {
    for (const ch of CHANNEL_CODES) if (figures[ch].activities) mine.set(key(kind, grp, ch), { n: figures[ch].activities, att: figures[ch].attendance });
  };
  for (const p of tally.points) put("point", p.id, p.figures);
  for (const u of tally.byUnit) put("child", u.unitId, u.figures);
  put("total", 0, tally.total);
  const diffs: string[] = [];
  for (const k of new Set([...floor.keys(), ...mine.keys()])) {
    const a = mine.get(k);
    const b = floor.get(k);
    if (a?.n !== b?.n || a?.att !== b?.att) diffs.push(`${k}: tally ${JSON.stringify(a)} floor ${JSON.stringify(b)}`);
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------
// One dialect

interface Ids {
  root: number;
  province: number;
  district: number;
  grassroots: number;
  campaign: number;
  national: boolean;
}

async function pickUnits(db: Kysely<Database>): Promise<Ids> {
  const root = await db.selectFrom("unit").select("id").where("parent_id", "is", null).orderBy("id").executeTakeFirstOrThrow();
  const rootKind = await db.selectFrom("unit").innerJoin("unit_kind as k", "k.id", "unit.kind_id").select("k.code").where("unit.id", "=", root.id).executeTakeFirstOrThrow();
  const national = rootKind.code === "national";
  const province = national
    ? (await db.selectFrom("unit").select("id").where("parent_id", "=", root.id).orderBy("id").executeTakeFirstOrThrow()).id
    : root.id;
  // The worst cases: the district with the most units, the grassroots union with the most activities.
  const district = await db
    .selectFrom("unit_tree as t")
    .innerJoin("unit as u", "u.id", "t.ancestor_id")
    .select(["t.ancestor_id as id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("u.parent_id", "=", province)
    .groupBy("t.ancestor_id")
    .orderBy("n", "desc")
    .orderBy("t.ancestor_id")
    .executeTakeFirstOrThrow();
  const grassroots = await db
    .selectFrom("activity as a")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .innerJoin("unit_kind as k", "k.id", "u.kind_id")
    .select(["a.unit_id as id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("k.is_grassroots", "=", true)
    .where("a.campaign_id", "=", 1)
    .where("a.unit_id", "<", 5000)
    .groupBy("a.unit_id")
    .orderBy("n", "desc")
    .orderBy("a.unit_id")
    .executeTakeFirstOrThrow();
  return { root: root.id, province, district: district.id, grassroots: grassroots.id, campaign: 1, national };
}

async function inProcessFigures(dialect: DialectName, url: string, quick: boolean) {
  // No per-statement limit: the floor over a national dataset runs longer than the app's 15 s.
  const handle: DatabaseHandle = openDatabase(url, { statementTimeoutMs: 0 });
  const { db } = handle;
  try {
    const actor = await benchActor(db);
    const ids = await pickUnits(db);
    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const tallies: [string, number, number][] = [
      ["tally grassroots union", ids.grassroots, quick ? 5 : 20],
      ["tally province", ids.province, quick ? 3 : 10],
    ];
    if (ids.national) tallies.push(["tally national root", ids.root, 3]);
    for (const [name, unitId, runs] of tallies) {
      const scope: TallyScope = { campaignId: ids.campaign, unitId, ...period };
      // The tally page's tally (matrix, by-unit table, completeness): summed statuses for large scopes.
      const m = await measure(runs, () => pageTally(db, actor, scope));
      const floor = await measure(runs, () => floorQuery(scope).execute(db));
      const tally = await pageTally(db, actor, scope);
      const diffs = compareWithFloor(tally, (await floorQuery(scope).execute(db)).rows);
      report({
        dialect,
        name: `${name} (unit ${unitId})`,
        ...m,
        floorMedian: floor.median,
        ratio: m.median / floor.median,
        extra: { counted: tally.totalActivities, expected: tally.expectedCount, "summed statuses": tally.unitListsShown ? "no" : "yes", "floor agrees": diffs.length ? `NO (${diffs.length} cells)` : "yes" },
      });
      if (diffs.length) console.log(`  MISMATCH with the floor, first cells:\n  ${diffs.slice(0, 5).join("\n  ")}`);
      if (!tally.unitListsShown) {
        // The same scope unit by unit (what the exports compute), for comparison.
        const unitByUnit = await measure(runs, () => computeTally(db, actor, scope));
        const same = JSON.stringify(tally.byUnit) === JSON.stringify(tallyForPage(await computeTally(db, actor, scope)).byUnit);
        report({ dialect, name: `${name}, unit by unit (as the exports)`, ...unitByUnit, extra: { "same by-unit rows as the summed tally": same ? "yes" : "NO" } });
      }
    }

    const date = `${YEAR}-06-15`;
    for (const [name, unitId] of [["calendar month, district", ids.district], ["calendar month, province", ids.province]] as const) {
      const query = { view: "month" as const, date, unit: unitId, scope: "subtree" as const };
      const m = await measure(quick ? 5 : 20, () => calendarData(db, actor, query));
      const data = await calendarData(db, actor, query);
      const range = visibleInstants("month", date);
      const floorSql =
        data.mode === "events"
          ? sql`select a.id, a.title, a.channel, a.status, a.starts_at, a.ends_at, a.is_all_day, a.version, u.name from activity a
              join unit_tree t on t.descendant_id = a.unit_id join unit u on u.id = a.unit_id
              where t.ancestor_id = ${unitId} and a.starts_at < ${range.to} and a.ends_at > ${range.from} order by a.starts_at, a.id`
          : sql`select a.starts_at, a.channel from activity a join unit_tree t on t.descendant_id = a.unit_id
              where t.ancestor_id = ${unitId} and a.starts_at < ${range.to} and a.ends_at > ${range.from}`;
      const floor = await measure(quick ? 5 : 20, () => floorSql.execute(db));
      const size = JSON.stringify(data).length;
      report({
        dialect,
        name: `${name} (unit ${unitId})`,
        ...m,
        floorMedian: floor.median,
        ratio: m.median / floor.median,
        extra: { mode: data.mode, items: data.mode === "events" ? data.events.length : `${data.buckets.length} buckets of ${data.total}`, payload: `${(size / 1024).toFixed(1)} KB` },
      });
    }
    return { ids, actor };
  } finally {
    await handle.close();
  }
}

async function exportFigure(dialect: DialectName, url: string, name: string, unitId: number, campaignId: number, runs: number) {
  const out = await new Promise<string>((resolve, reject) => {
    // Under the heap cap the export has in production, on the heavy-work thread.
    const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAVY_WORKER_HEAP_MB}`, process.argv[1], "--child-export", "--db", url, "--unit", String(unitId), "--campaign", String(campaignId), "--runs", String(runs)], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, TZ: "UTC" },
    });
    let text = "";
    child.stdout.on("data", (c) => (text += c));
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`export child exited ${code}: ${text}`))));
  });
  const r = JSON.parse(out.trim().split("\n").pop()!) as { times: number[]; tallyTimes: number[]; cpuTimes: number[]; bytes: number; maxRssMb: number; loopP99Ms: number; loopMaxMs: number };
  report({
    dialect,
    name: `${name} (unit ${unitId})`,
    median: quantile(r.times, 0.5),
    p95: quantile(r.times, 0.95),
    runs: r.times.length,
    rssMb: r.maxRssMb,
    extra: {
      size: `${(r.bytes / 1024).toFixed(0)} KB`,
      "CPU time": fmt(quantile(r.cpuTimes, 0.5)),
      "computeTally alone": fmt(quantile(r.tallyTimes, 0.5)),
      "export without it": fmt(quantile(r.times.map((t, i) => t - r.tallyTimes[i]), 0.5)),
      "event loop delay p99/max": `${r.loopP99Ms.toFixed(0)}/${r.loopMaxMs.toFixed(0)} ms`,
    },
    note: `own process, heap capped as the heavy-work thread's (${HEAVY_WORKER_HEAP_MB} MB); peak RSS = the process's maxRSS; computeTally timed again on its own after each export`,
  });
}

// ---------------------------------------------------------------------------------------------
// Over HTTP

function serverPid(): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("server.mjs")) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

function procMb(pid: number | null, field: "VmRSS" | "VmHWM"): number | undefined {
  if (pid === null) return undefined;
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) / 1024 : undefined;
}

const BOUNDARY = "----benchboundary7MA4YWxkTrZu0gW";
const FIELD: Record<ChannelCode, { form: string; column: "attendance" | "quantity" | "items" | "posts" }> = {
  spoken: { form: "attendance", column: "attendance" },
  visual: { form: "quantity", column: "quantity" },
  media: { form: "items", column: "items" },
  facebook: { form: "posts", column: "posts" },
};
function multipart(fields: Record<string, string>) {
  return Object.entries(fields)
    .map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join("") + `--${BOUNDARY}--\r\n`;
}

async function httpFigures(dialect: DialectName, url: string, ids: Ids, quick: boolean) {
  const t0 = performance.now();
  // As production runs it: React's production build, the __Host- Secure cookie, a given secret.
  // (signIn copies the cookie's name=value, which the server reads over plain http too.)
  const app = await startApp(url, { DEMO_DATA: "off", NODE_ENV: "production", SESSION_SECRET: randomBytes(32).toString("hex") });
  const coldStart = performance.now() - t0;
  const pid = serverPid();
  try {
    await fetch(`${app.baseUrl}/healthz`);
    report({ dialect, name: "server cold start / idle RSS", extra: { "cold start": fmt(coldStart), "idle RSS": `${procMb(pid, "VmRSS")?.toFixed(0) ?? "?"} MB` }, note: "startApp(): spawn to first healthy /healthz, migrations checked" });

    const editors: string[] = [];
    for (let i = 1; i <= BENCH_EDITORS; i++) editors.push(await signIn(app, `bench.editor${String(i).padStart(2, "0")}`, BENCH_PASSWORD));
    const admin = await signIn(app, "bench.admin", BENCH_PASSWORD);

    // (4) result logging: each request writes a distinct value to a distinct activity.
    const handle = openDatabase(url);
    const pool = await sql<{ id: number; channel: ChannelCode }>`select a.id, a.channel from activity a
      where a.status <> 'cancelled' and not exists (select 1 from unit_report r where r.campaign_id = a.campaign_id and r.unit_id = a.unit_id and r.status in ('submitted', 'accepted'))
      order by a.id limit 90000`.execute(handle.db);
    const activities = pool.rows.map((r) => ({ id: Number(r.id), channel: r.channel }));
    let issued = 0;
    const acked: { id: number; channel: ChannelCode; value: number; n: number }[] = [];
    // Every value sent per activity, acknowledged or not: a request still in flight when the run
    // stops may commit without its answer being read, and must not be mistaken for a lost write.
    const sent = new Map<number, { n: number; value: number }[]>();
    const failed = new Map<number, number>();
    const connections = quick ? 10 : 50;
    const duration = quick ? 3 : 30;
    const load = await autocannon({
      url: app.baseUrl,
      connections,
      duration,
      requests: [
        {
          method: "POST",
          setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
            const n = issued++;
            const a = activities[n % activities.length];
            const value = 1000 + (n % 98_000);
            context.pending = { id: a.id, channel: a.channel, value, n };
            (sent.get(a.id) ?? sent.set(a.id, []).get(a.id)!).push({ n, value });
            return {
              ...req,
              method: "POST",
              path: `/activities/${a.id}/result`,
              headers: { cookie: editors[n % editors.length], origin: app.baseUrl, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
              body: multipart({ [FIELD[a.channel].form]: String(value), notes: `bench ${n}` }),
            };
          },
          onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
            if (status >= 200 && status < 400) acked.push(context.pending as (typeof acked)[number]);
            else failed.set(status, (failed.get(status) ?? 0) + 1);
          },
        },
      ],
    } as unknown as autocannon.Options);
    // Every acknowledged write must be in the database: an activity written several times (the
    // pool wrapped) must hold the acknowledged value or one sent after it, never an older one.
    const last = new Map<number, (typeof acked)[number]>();
    for (const a of acked) if ((last.get(a.id)?.n ?? -1) < a.n) last.set(a.id, a);
    const multi = new Map<number, Set<number>>();
    for (const [id, a] of last) multi.set(id, new Set((sent.get(id) ?? []).filter((s) => s.n >= a.n).map((s) => s.value)));
    let lost = 0;
    const idList = [...last.keys()];
    for (let i = 0; i < idList.length; i += 5000) {
      const rows = await handle.db
        .selectFrom("activity_result")
        .select(["activity_id", "attendance", "quantity", "items", "posts"])
        .where("activity_id", "in", idList.slice(i, i + 5000))
        .execute();
      const stored = new Map(rows.map((r) => [r.activity_id, r]));
      for (const id of idList.slice(i, i + 5000)) {
        const want = last.get(id)!;
        const row = stored.get(id);
        const got = row ? row[FIELD[want.channel].column] : undefined;
        if (got === undefined || got === null || !multi.get(id)!.has(Number(got))) lost++;
      }
    }
    await handle.close();
    const errors = [...failed.values()].reduce((s, n) => s + n, 0) + load.errors + load.timeouts;
    report({
      dialect,
      name: `result logging, ${connections} clients, ${duration} s`,
      extra: {
        "req/s": load.requests.average.toFixed(0),
        p50: `${load.latency.p50} ms`,
        p99: `${load.latency.p99} ms`,
        acknowledged: acked.length,
        errors: `${errors}${failed.size ? ` ${JSON.stringify(Object.fromEntries(failed))}` : ""}`,
        lost,
        "distinct activities": `${last.size}${issued > activities.length ? ` (pool of ${activities.length} wrapped)` : ""}`,
      },
    });

    // (5) a plain page while the root's tally and export run in the same server process.
    const healthz = (seconds: number) => autocannon({ url: `${app.baseUrl}/healthz`, connections: 2, duration: seconds });
    const idle = await healthz(quick ? 1 : 5);
    report({ dialect, name: "plain page /healthz, idle", extra: { p50: `${idle.latency.p50} ms`, p99: `${idle.latency.p99} ms`, max: `${idle.latency.max} ms` } });
    const heavyFailures: string[] = [];
    const heavyQuery = `campaign=${ids.campaign}&unit=${ids.root}`;
    const timed = async (path: string) => {
      const s = performance.now();
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { cookie: admin } });
      const body = await response.arrayBuffer();
      if (!response.ok) heavyFailures.push(`${path.split("?")[0]} HTTP ${response.status}`);
      return { ms: performance.now() - s, bytes: body.byteLength };
    };
    const minMs = quick ? 2000 : 15_000;
    const heavy: { tally: number[]; xlsx: number[] } = { tally: [], xlsx: [] };
    let stopHeavy = false;
    const started = performance.now();
    const runHeavy = async (path: string, into: number[]) => {
      while (!stopHeavy) {
        into.push((await timed(path)).ms);
        if (performance.now() - started > minMs) break;
      }
    };
    const plain = autocannon({ url: `${app.baseUrl}/healthz`, connections: 2, duration: 3600 });
    await Promise.all([runHeavy(`/tally?${heavyQuery}`, heavy.tally), runHeavy(`/tally.xlsx?${heavyQuery}`, heavy.xlsx)]);
    stopHeavy = true;
    (plain as unknown as { stop(): void }).stop();
    const during = await plain;
    const scale = ids.national ? "national" : "root of this dataset";
    report({
      dialect,
      name: `plain page /healthz during heavy (${scale})`,
      extra: {
        p50: `${during.latency.p50} ms`,
        p99: `${during.latency.p99} ms`,
        max: `${during.latency.max} ms`,
        requests: during.requests.total,
        "root tally over HTTP": `${fmt(quantile(heavy.tally, 0.5))} x${heavy.tally.length}`,
        "root xlsx over HTTP": `${fmt(quantile(heavy.xlsx, 0.5))} x${heavy.xlsx.length}`,
        "server peak RSS": `${procMb(pid, "VmHWM")?.toFixed(0) ?? "?"} MB`,
        "heavy failures": heavyFailures.length ? [...new Set(heavyFailures)].join(", ") : 0,
      },
    });
  } finally {
    await app.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function benchDialect(dialect: DialectName, scale: ScaleName, quick: boolean, reuse: string | undefined) {
  let url = reuse;
  let cleanup = async () => {};
  if (!url) {
    if (dialect === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "tt-bench-"));
      url = `file:${join(dir, "bench.db")}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const scratch = await createScratchDatabase(`bench_${scale}`);
      url = scratch.url;
      cleanup = scratch.drop;
    }
  }
  try {
    if (!reuse) {
      const summary = await generate(url, scale);
      const rows = summary.rows;
      report({
        dialect,
        name: `generate ${scale}`,
        extra: { time: fmt(summary.seconds * 1000), units: rows.unit, activities: rows.activity, links: rows.activity_point, results: rows.activity_result, closure: rows.unit_tree },
      });
    } else {
      const handle = openDatabase(url);
      await migrateToLatest(handle);
      await handle.close();
    }
    const { ids } = await inProcessFigures(dialect, url, quick);
    if (!flag("skip-exports")) {
      await exportFigure(dialect, url, "xlsx export, province", ids.province, ids.campaign, quick ? 1 : 3);
      if (ids.national) await exportFigure(dialect, url, "xlsx export, national root", ids.root, ids.campaign, 1);
    }
    if (!flag("skip-http")) await httpFigures(dialect, url, ids, quick);
  } finally {
    await cleanup();
  }
}

const quick = flag("quick");
const scale = (quick ? "quick" : (arg("scale") ?? "province")) as ScaleName;
if (!(scale in SCALES)) throw new Error(`unknown scale ${scale}`);
const reuse = arg("db");
const dialects: DialectName[] = reuse ? [dialectOf(reuse)] : arg("dialect") && arg("dialect") !== "both" ? [arg("dialect") as DialectName] : ["sqlite", "postgres"];
console.log(`bench: ${reuse ? "a generated database (national when its root is national)" : `scale ${scale}`}, ${dialects.join(" + ")}, node ${process.version}, ${new Date().toISOString()}`);
const t0 = performance.now();
for (const dialect of dialects) await benchDialect(dialect, scale, quick, reuse);
console.log(`bench: done in ${fmt(performance.now() - t0)}`);
const json = arg("json");
if (json) writeFileSync(json, JSON.stringify({ scale, at: new Date().toISOString(), figures }, null, 2));
process.exit(0);
