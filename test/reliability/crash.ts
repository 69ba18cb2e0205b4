/**
 * npm run reliability [-- --rounds N --clients C --sabotage]
 * Kills the built server with SIGKILL during a burst of writes, N times (default 20), and checks
 * the database after every restart (see crash-rounds.ts). Run `npm run build` first.
 */
import { parseArgs } from "node:util";
import { crashRounds } from "./crash-rounds";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "20" },
    clients: { type: "string", default: "16" },
    sabotage: { type: "boolean", default: false },
  },
});
const started = Date.now();
const reports = await crashRounds({
  rounds: Number(values.rounds),
  clients: Number(values.clients),
  sabotage: values.sabotage,
  log: (line) => console.log(line),
});
const acked = reports.reduce((s, r) => s + r.acknowledged, 0);
const lost = reports.reduce((s, r) => s + r.missing.length, 0);
const bad = reports.filter((r) => r.integrity !== "ok").length;
console.log(
  `\n${reports.length} rounds in ${Math.round((Date.now() - started) / 1000)} s: ${acked} acknowledged writes, ${lost} lost, ` +
    `${bad} failed integrity checks; kill after ${Math.min(...reports.map((r) => r.killedAfterMs))}–${Math.max(...reports.map((r) => r.killedAfterMs))} ms; ` +
    `restart ${Math.min(...reports.map((r) => r.restartMs))}–${Math.max(...reports.map((r) => r.restartMs))} ms.`,
);
process.exit(lost || bad ? 1 : 0);
