/**
 * Crash safety (issue 8): start the built server on a SQLite file, drive a burst of writes from
 * concurrent clients (result logging and activity creation), kill the server with SIGKILL at a
 * random moment, restart it, and check that `PRAGMA integrity_check` says "ok" and that every
 * write a client saw acknowledged (HTTP 302) is in the database.
 *
 * Used by `npm run reliability` (test/reliability/crash.ts, 20 rounds or --rounds N) and by
 * test/e2e/crash.test.ts (3 rounds in CI).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { signIn, startApp, type RunningApp } from "../support/server";

export interface CrashOptions {
  rounds: number;
  /** Concurrent clients per round (half log results, half create activities). */
  clients?: number;
  /** Kill after a random delay in [minKillMs, maxKillMs). */
  minKillMs?: number;
  maxKillMs?: number;
  /** For showing the check can fail: forget one acknowledged write after the restart. */
  sabotage?: boolean;
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  killedAfterMs: number;
  acknowledged: number;
  failedInFlight: number;
  integrity: string;
  missing: string[];
  restartMs: number;
}

const PASSWORD = "Demo@2022";
const MAIN_FIELD = { spoken: "attendance", visual: "quantity", media: "items", facebook: "posts" } as const;
const MAIN_COLUMN = { spoken: "attendance", visual: "quantity", media: "items", facebook: "posts" } as const;
type Channel = keyof typeof MAIN_FIELD;

async function post(app: RunningApp, cookie: string, path: string, fields: Record<string, string>): Promise<number> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: app.baseUrl, Cookie: cookie },
    redirect: "manual",
    signal: AbortSignal.timeout(20_000),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function crashRounds(options: CrashOptions): Promise<RoundReport[]> {
  const log = options.log ?? (() => undefined);
  const clients = options.clients ?? 16;
  const minKill = options.minKillMs ?? 300;
  const maxKill = options.maxKillMs ?? 1500;
  const dir = mkdtempSync(join(tmpdir(), "tt-crash-"));
  const file = join(dir, "app.db");
  const url = `file:${file}`;
  const reports: RoundReport[] = [];
  // Every acknowledged write of every round, checked again after each restart.
  const createdTitles = new Set<string>();
  const lastResult = new Map<number, { acked: number; inFlight: number | null }>();
  let app = await startApp(url);
  try {
    const setup = new SQLite(file, { readonly: true });
    const campaign = setup.prepare("select id, starts_on, ends_on from campaign order by id limit 1").get() as { id: number; starts_on: string; ends_on: string };
    setup.close();
    let sequence = 1000;
    for (let round = 1; round <= options.rounds; round++) {
      const cookie = await signIn(app, "admin", PASSWORD);
      const pendingPage = await (await fetch(`${app.baseUrl}/results/pending`, { headers: { Cookie: cookie } })).text();
      const pendingIds = [...pendingPage.matchAll(/name="activityId" value="(\d+)"/g)].map((m) => Number(m[1]));
      const db = new SQLite(file, { readonly: true });
      const targets = [...new Set([...lastResult.keys(), ...pendingIds])]
        .map((id) => db.prepare("select id, channel from activity where id = ?").get(id) as { id: number; channel: Channel } | undefined)
        .filter((a): a is { id: number; channel: Channel } => Boolean(a));
      db.close();
      let stop = false;
      let acknowledged = 0;
      let failedInFlight = 0;
      const resultClient = async (target: { id: number; channel: Channel }) => {
        const state = lastResult.get(target.id) ?? { acked: -1, inFlight: null };
        lastResult.set(target.id, state);
        while (!stop) {
          const value = ++sequence;
          state.inFlight = value;
          try {
            const status = await post(app, cookie, "/results/pending", { activityId: String(target.id), [MAIN_FIELD[target.channel]]: String(value), reachSource: "headcount" });
            if (status === 302) {
              state.acked = value;
              state.inFlight = null;
              acknowledged++;
            } else if (status >= 500) throw new Error(`HTTP ${status} while logging a result`);
            else state.inFlight = null; // refused: nothing written, nothing acknowledged
          } catch (error) {
            if (String(error).includes("HTTP 5")) throw error;
            failedInFlight++;
            return; // the server died mid-request: the write may or may not be there
          }
        }
      };
      const createClient = async (client: number) => {
        let n = 0;
        while (!stop) {
          const title = `Crash r${round} c${client} n${++n}`;
          try {
            const status = await post(app, cookie, "/activities/new", {
              campaignId: String(campaign.id),
              unitId: "1",
              channel: "spoken",
              title,
              allDay: "on",
              startDate: campaign.starts_on,
              endDate: campaign.starts_on,
              repeat: "none",
              acknowledgeWarnings: "1",
            });
            if (status === 302) {
              createdTitles.add(title);
              acknowledged++;
            } else if (status >= 500) throw new Error(`HTTP ${status} while creating an activity`);
          } catch (error) {
            if (String(error).includes("HTTP 5")) throw error;
            failedInFlight++;
            return;
          }
        }
      };
      const resultTargets = targets.slice(0, Math.ceil(clients / 2));
      const workers = [
        ...resultTargets.map((t) => resultClient(t)),
        ...Array.from({ length: clients - resultTargets.length }, (_, i) => createClient(i)),
      ];
      const killedAfterMs = Math.round(minKill + Math.random() * (maxKill - minKill));
      await new Promise((r) => setTimeout(r, killedAfterMs));
      await app.stop("SIGKILL");
      stop = true;
      await Promise.all(workers);

      const restartStarted = Date.now();
      app = await startApp(url);
      const restartMs = Date.now() - restartStarted;

      const check = new SQLite(file);
      if (options.sabotage && round === 1 && createdTitles.size) {
        // Deliberately lose one acknowledged write, to see the check catch it.
        const victim = [...createdTitles][0];
        check.prepare("delete from activity_point where activity_id in (select id from activity where title = ?)").run(victim);
        check.prepare("delete from activity where title = ?").run(victim);
      }
      const integrity = (check.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
      const missing: string[] = [];
      const hasTitle = check.prepare("select 1 from activity where title = ?");
      for (const title of createdTitles) if (!hasTitle.get(title)) missing.push(`activity "${title}"`);
      const resultOf = check.prepare("select * from activity_result where activity_id = ?");
      for (const [activityId, state] of lastResult) {
        if (state.acked < 0) continue;
        const channel = targets.find((t) => t.id === activityId)?.channel;
        if (!channel) continue;
        const row = resultOf.get(activityId) as Record<string, unknown> | undefined;
        const value = row ? Number(row[MAIN_COLUMN[channel]]) : null;
        // The last acknowledged value, or the one in flight when the server died.
        if (value !== state.acked && (state.inFlight === null || value !== state.inFlight)) {
          missing.push(`result of activity ${activityId}: ${value} in the database, ${state.acked} acknowledged`);
        }
        if (value !== null && value !== state.acked) state.acked = value;
        state.inFlight = null;
      }
      check.close();
      const report = { round, killedAfterMs, acknowledged, failedInFlight, integrity, missing, restartMs };
      reports.push(report);
      log(
        `round ${round}: killed after ${killedAfterMs} ms, ${acknowledged} writes acknowledged, ${failedInFlight} cut off in flight, ` +
          `restart ${restartMs} ms, integrity_check ${integrity}, ${missing.length ? `MISSING ${missing.length}: ${missing.slice(0, 3).join("; ")}` : "nothing lost"}`,
      );
    }
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return reports;
}
