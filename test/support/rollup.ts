import { expect } from "vitest";
import type { Kysely, Transaction } from "kysely";
import type { Database, TallyUnitTable } from "@db/schema";
import { wallClockParts } from "~/domain/wall-clock";
import { FIGURE_KEYS, type ChannelFigures } from "~/domain/tally";
import { ALL_MONTHS, catchUp, foldRollups } from "~/services/tally-rollup.server";
import { rebuildStatuses } from "~/services/tally-status.server";

type Sums = ChannelFigures;

/**
 * The roll-up worked out from the raw tables in plain code, independently of the SQL that keeps
 * it: every done activity with a result, for each ancestor unit (itself included), for point 0
 * and each point it is tagged with or lies under (once), for its month and for all months.
 */
export async function rollupFromScratch(db: Kysely<Database>) {
  const [activities, links, points, tree] = await Promise.all([
    db
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.id", "a.campaign_id", "a.unit_id", "a.channel", "a.starts_at", "r.attendance", "r.quantity", "r.items", "r.posts", "r.reach", "r.engagements", "r.shares"])
      .where("a.status", "=", "done")
      .execute(),
    db.selectFrom("activity_point").select(["activity_id", "content_point_id"]).execute(),
    db.selectFrom("content_point").select(["id", "parent_id"]).execute(),
    db.selectFrom("unit_tree").select(["ancestor_id", "descendant_id"]).execute(),
  ]);
  const parentOf = new Map(points.map((p) => [p.id, p.parent_id]));
  const pointsOf = new Map<number, Set<number>>();
  for (const link of links) {
    const set = pointsOf.get(link.activity_id) ?? new Set<number>();
    for (let p: number | null | undefined = link.content_point_id; p != null; p = parentOf.get(p)) set.add(p);
    pointsOf.set(link.activity_id, set);
  }
  const ancestorsOf = new Map<number, number[]>();
  for (const t of tree) ancestorsOf.set(t.descendant_id, [...(ancestorsOf.get(t.descendant_id) ?? []), t.ancestor_id]);
  const rollup = new Map<string, Sums>();
  const coverage = new Map<string, number>();
  const units = new Map<string, UnitRow>();
  const unitRow = (key: string) => units.get(key) ?? units.set(key, { spoken: 0, visual: 0, media: 0, facebook: 0, spoken_attendance: 0, subtree_activities: 0, covered: [] }).get(key)!;
  for (const a of activities) {
    const month = wallClockParts(a.starts_at).date.slice(0, 7);
    const figures: Sums = {
      activities: 1,
      attendance: a.attendance ?? 0, quantity: a.quantity ?? 0, items: a.items ?? 0, posts: a.posts ?? 0,
      reach: a.reach ?? 0, engagements: a.engagements ?? 0, shares: a.shares ?? 0,
    };
    const tagged = [...(pointsOf.get(a.id) ?? [])];
    const own = unitRow(`${a.campaign_id}|${a.unit_id}`);
    own[a.channel] += 1;
    if (a.channel === "spoken") own.spoken_attendance += a.attendance ?? 0;
    for (const unit of ancestorsOf.get(a.unit_id) ?? []) {
      const row = unitRow(`${a.campaign_id}|${unit}`);
      row.subtree_activities += 1;
      row.covered = [...new Set([...row.covered, ...tagged])].sort((x, y) => x - y);
      for (const point of [0, ...tagged]) {
        for (const m of [month, ALL_MONTHS]) {
          const key = `${a.campaign_id}|${unit}|${point}|${m}|${a.channel}`;
          const into = rollup.get(key) ?? (Object.fromEntries(FIGURE_KEYS.map((s) => [s, 0])) as Sums);
          for (const s of FIGURE_KEYS) into[s] += figures[s];
          rollup.set(key, into);
        }
        if (point !== 0) coverage.set(`${a.campaign_id}|${unit}|${point}`, (coverage.get(`${a.campaign_id}|${unit}|${point}`) ?? 0) + 1);
      }
    }
  }
  return { rollup, coverage, units };
}

/** A tally_unit row as compared: the covered points as a sorted list. */
type UnitRow = Omit<TallyUnitTable, "campaign_id" | "unit_id" | "covered_points"> & { covered: number[] };

export async function rollupAsStored(db: Kysely<Database>) {
  const [rows, coverageRows, unitRows] = await Promise.all([
    db.selectFrom("tally_rollup").selectAll().execute(),
    db.selectFrom("tally_coverage").selectAll().execute(),
    db.selectFrom("tally_unit").selectAll().execute(),
  ]);
  const rollup = new Map<string, Sums>();
  const leftovers: string[] = [];
  for (const r of rows) {
    const sums = Object.fromEntries(FIGURE_KEYS.map((s) => [s, Number(r[s])])) as Sums;
    const key = `${r.campaign_id}|${r.unit_id}|${r.point_id}|${r.month}|${r.channel}`;
    // A row whose activities went back to zero may stay, but only as all zeros.
    if (sums.activities === 0) {
      if (FIGURE_KEYS.some((s) => sums[s] !== 0)) leftovers.push(key);
      continue;
    }
    rollup.set(key, sums);
  }
  const coverage = new Map<string, number>();
  for (const c of coverageRows) if (Number(c.activities) !== 0) coverage.set(`${c.campaign_id}|${c.unit_id}|${c.point_id}`, Number(c.activities));
  const units = new Map<string, UnitRow>();
  for (const u of unitRows) {
    const row: UnitRow = {
      spoken: Number(u.spoken), visual: Number(u.visual), media: Number(u.media), facebook: Number(u.facebook),
      spoken_attendance: Number(u.spoken_attendance), subtree_activities: Number(u.subtree_activities),
      covered: u.covered_points ? u.covered_points.split(",").map(Number).sort((x, y) => x - y) : [],
    };
    const key = `${u.campaign_id}|${u.unit_id}`;
    if (row.subtree_activities === 0) {
      if (Object.values(row).some((v) => (Array.isArray(v) ? v.length : v) !== 0)) leftovers.push(`unit ${key}`);
      continue;
    }
    units.set(key, row);
  }
  return { rollup, coverage, units, leftovers };
}

export const sorted = <V,>(map: Map<string, V>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));

/** The stored roll-up, once the pending changes are folded in, equals one worked out from the raw tables, row for row. */
export async function expectRollupExact(db: Kysely<Database>): Promise<void> {
  await foldRollups(db);
  const stored = await rollupAsStored(db);
  const expected = await rollupFromScratch(db);
  expect(stored.leftovers).toEqual([]);
  expect(sorted(stored.rollup)).toEqual(sorted(expected.rollup));
  expect(sorted(stored.coverage)).toEqual(sorted(expected.coverage));
  expect(sorted(stored.units)).toEqual(sorted(expected.units));
}

/** The three tables as stored, rows of zeros left out (a sum that went back to 0 may stay). */
async function statusTables(db: Kysely<Database>) {
  const [statuses, sums, counts] = await Promise.all([
    db.selectFrom("tally_status").selectAll().execute(),
    db.selectFrom("tally_status_sum").selectAll().execute(),
    db.selectFrom("tally_status_count").selectAll().where("units", "<>", 0).execute(),
  ]);
  const points = (list: string) => (list ? list.split(",").map(Number).sort((a, b) => a - b).join(",") : "");
  // Covered points in any order; counts as plain numbers on both engines.
  const norm = <T extends object>(rows: T[]) =>
    rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === "covered_points" ? points(String(v)) : typeof v === "bigint" ? Number(v) : v])))).sort();
  return {
    statuses: norm(statuses),
    sums: norm(sums.filter((s) => Object.entries(s).some(([k, v]) => k !== "campaign_id" && k !== "unit_id" && Number(v) !== 0))),
    counts: norm(counts),
  };
}

/** Catches up, then checks the stored unit statuses and sums against a rebuild (inside a transaction rolled back). */
export async function expectStatusesExact(db: Kysely<Database>) {
  await catchUp(db);
  const stored = await statusTables(db);
  expect(stored.statuses.length).toBeGreaterThan(0);
  const rebuilt = await db
    .transaction()
    .execute(async (trx) => {
      await rebuildStatuses(trx);
      const tables = await statusTables(trx);
      throw Object.assign(new Error("rollback"), { tables });
    })
    .catch((error: { tables?: Awaited<ReturnType<typeof statusTables>> }) => {
      if (!error.tables) throw error;
      return error.tables;
    });
  expect(stored.sums).toEqual(rebuilt.sums);
  expect(stored.counts).toEqual(rebuilt.counts);
  expect(stored.statuses).toEqual(rebuilt.statuses);
}

/** Runs `work` in a transaction and keeps that transaction open, uncommitted, until `release()`. */
export function heldOpen(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<unknown>) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let done!: () => void;
  const worked = new Promise<void>((resolve) => (done = resolve));
  const finished = db
    .transaction()
    .execute(async (trx) => {
      await work(trx);
      done();
      await held;
    });
  return { started: Promise.race([worked, finished.then(() => undefined)]), release, finished };
}
