/**
 * npm run load [-- --clients 200 --seconds 60 --db sqlite|postgres --sabotage]
 *
 * Starts the built server on a fresh database (demo data), signs in, and runs `clients`
 * concurrent clients on loopback for `seconds`: 80 % reads (dashboard, calendar, tally) and
 * 20 % writes (result logging). Each client owns one activity and logs increasing figures on it,
 * so afterwards the database must hold exactly the last figure each client saw acknowledged.
 * Prints the request rate and latency percentiles; exits 1 on any 5xx or lost write.
 * Run `npm run build` first. Not part of CI (it runs for a minute).
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../../db/connection";
import { createScratchDatabase } from "../support/postgres";
import { signIn, startApp } from "../support/server";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    db: { type: "string", default: "sqlite" },
    // Deletes one acknowledged result before the check, to see the check catch a lost write.
    sabotage: { type: "boolean", default: false },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

let url: string;
let cleanup: () => Promise<void>;
if (values.db === "postgres") {
  const scratch = await createScratchDatabase("load");
  url = scratch.url;
  cleanup = scratch.drop;
} else {
  const dir = mkdtempSync(join(tmpdir(), "tt-load-"));
  url = `file:${join(dir, "app.db")}`;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const app = await startApp(url);
const PASSWORD = "Demo@2022";
const readers = await Promise.all(["tinh.quanly", "huyen.quanly", "coso.bientap", "xem"].map((l) => signIn(app, l, PASSWORD)));
const writer = await signIn(app, "admin", PASSWORD);
const post = (path: string, fields: Record<string, string>) =>
  fetch(`${app.baseUrl}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Origin: app.baseUrl, Cookie: writer }, redirect: "manual" });

// One spoken activity per client, created over HTTP, on which that client logs attendance.
const handle = openDatabase(url);
const campaign = await handle.db.selectFrom("campaign").select(["id", "starts_on"]).orderBy("id").executeTakeFirstOrThrow();
const owned: number[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const response = await post("/activities/new", {
    campaignId: String(campaign.id), unitId: "1", channel: "spoken", title: `Tải thử ${i}`, allDay: "on",
    startDate: campaign.starts_on, endDate: campaign.starts_on, repeat: "none", acknowledgeWarnings: "1",
  });
  const id = /\/activities\/(\d+)/.exec(response.headers.get("location") ?? "")?.[1];
  await response.arrayBuffer();
  if (response.status !== 302 || !id) throw new Error(`setup: could not create activity ${i}: HTTP ${response.status}`);
  owned.push(Number(id));
}

const READS = ["/", "/calendar", `/tally?campaign=${campaign.id}`];
type Kind = "read" | "write";
const latencies: Record<Kind, number[]> = { read: [], write: [] };
const statuses = new Map<string, number>();
const errors: string[] = [];
const acked = new Map<number, number>();
let sequence = 0;
const deadline = Date.now() + SECONDS * 1000;

async function client(index: number) {
  const activity = owned[index];
  const cookie = readers[index % readers.length];
  while (Date.now() < deadline) {
    const kind: Kind = Math.random() < 0.2 ? "write" : "read";
    const started = performance.now();
    let status = 0;
    let value = 0;
    try {
      if (kind === "read") {
        const response = await fetch(`${app.baseUrl}${READS[Math.floor(Math.random() * READS.length)]}`, { headers: { Cookie: cookie }, redirect: "manual" });
        await response.arrayBuffer();
        status = response.status;
      } else {
        value = ++sequence;
        const response = await post("/results/pending", { activityId: String(activity), attendance: String(value) });
        await response.arrayBuffer();
        status = response.status;
        if (status === 302) acked.set(activity, value);
      }
    } catch (error) {
      errors.push(`${kind}: ${(error as Error).message}`);
    }
    latencies[kind].push(performance.now() - started);
    const key = `${kind} ${status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
const elapsed = (Date.now() - started) / 1000;

// Every acknowledged write must be there, with the last value its client saw acknowledged.
if (values.sabotage && acked.size) {
  await handle.db.deleteFrom("activity_result").where("activity_id", "=", [...acked.keys()][0]).execute();
}
const lost: string[] = [];
for (const [activity, value] of acked) {
  const row = await handle.db.selectFrom("activity_result").select("attendance").where("activity_id", "=", activity).executeTakeFirst();
  if (row?.attendance !== value) lost.push(`activity ${activity}: ${row?.attendance ?? "no result"} in the database, ${value} acknowledged`);
}
await handle.close();
await app.stop();
await cleanup();

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
};
const line = (kind: Kind) => {
  const xs = latencies[kind];
  return `${kind.padEnd(5)} ${String(xs.length).padStart(7)} requests  p50 ${pct(xs, 50).toFixed(0)} ms  p95 ${pct(xs, 95).toFixed(0)} ms  p99 ${pct(xs, 99).toFixed(0)} ms  max ${Math.max(...xs).toFixed(0)} ms`;
};
const total = latencies.read.length + latencies.write.length;
const fivexx = [...statuses].filter(([k]) => / 5\d\d$/.test(k)).reduce((s, [, n]) => s + n, 0);
console.log(`\nLoad: ${CLIENTS} clients, ${elapsed.toFixed(1)} s, ${values.db}, loopback`);
console.log(`total ${total} requests, ${(total / elapsed).toFixed(0)} req/s`);
console.log(line("read"));
console.log(line("write"));
console.log(`all   p99 ${pct([...latencies.read, ...latencies.write], 99).toFixed(0)} ms`);
console.log(`statuses: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(", ")}`);
console.log(`network errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ""}`);
console.log(`5xx: ${fivexx}; acknowledged writes: ${[...statuses].filter(([k]) => k === "write 302").reduce((s, [, n]) => s + n, 0)} on ${acked.size} activities; lost: ${lost.length}${lost.length ? ` (${lost.slice(0, 3).join("; ")})` : ""}`);
process.exit(fivexx || lost.length || errors.length ? 1 : 0);
