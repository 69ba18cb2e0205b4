import { sql, type Kysely, type RawBuilder } from "kysely";
import { dialectOfDb } from "@db/dialect-name";
import type { Database } from "@db/schema";
import { CHANNEL_CODES } from "~/domain/channels";
import { FIGURE_KEYS } from "~/domain/tally";
import { inTransactionUnlessLocked } from "./db-errors.server";
import { markStatuses, rebuildStatuses, refreshPendingStatuses } from "./tally-status.server";

/**
 * The tally's roll-up (table tally_rollup): every unit's whole subtree, summed per campaign,
 * content point (0 = every counted activity; a point also sums the points below it, each
 * activity once), Vietnam month (and "*", all months) and channel; and tally_coverage, which
 * units' subtrees touch which points. A tally then reads a few thousand rows instead of every
 * activity of a province.
 *
 * Kept exact by recomputing the contribution of the activities a write touches: subtract it
 * before the write and add it back after, inside the write's transaction (`keepingRollups`).
 * Whatever the write did (a result logged, an activity moved to another month, unit or campaign,
 * its points retagged, a unit moved under another parent, a point re-parented), the table ends
 * equal to a computation from scratch; test/integration/tally-rollup.test.ts checks that after
 * random sequences of writes.
 *
 * tally_unit holds, per campaign and unit, what a tally needs of each unit for the whole campaign:
 * what it organised itself per channel and its subtree's count, kept the same way, and the points
 * its subtree covers, read again from tally_coverage for every unit whose coverage changed.
 *
 * A write does not update those rows itself: every write in a province adds to its root's rows,
 * so writers would wait for each other (on PostgreSQL, each for the whole of the others'
 * transactions). It appends its signed contribution to tally_delta, which locks nothing shared;
 * `foldRollups` sums the pending rows into the three tables, in batches in the background
 * (`foldingInBackground`) and before any read of them (`readingRollups`), so a tally never
 * misses a write acknowledged before it started.
 */

/** Which activities' contributions a write may change. */
export type RollupSelection =
  | { activityIds: readonly number[] }
  /** Every activity of the unit and the units below it (a move changes their ancestors). */
  | { unitSubtree: number }
  /** Every activity of the campaign (a re-parented point changes the point roll-up). */
  | { campaignId: number }
  | { everything: true };

/** Recomputing a long id list is split so no statement carries too many parameters. */
const IDS_PER_STATEMENT = 500;

/**
 * The Vietnam month ("yyyy-MM") of an instant column, at UTC+07:00 on both engines: the zone's
 * offset, without DST, since 13/06/1975 (the roll-up does not follow the zone's older rules).
 * An interval, not the zone string '+07', which PostgreSQL reads as UTC-7.
 */
export function vietnamMonth(db: Kysely<Database>, column: RawBuilder<unknown>): RawBuilder<string> {
  return dialectOfDb(db) === "postgres"
    ? sql<string>`to_char(${column} at time zone interval '+07:00', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', ${column}, '+7 hours')`;
}

function selectionFilter(selection: RollupSelection): RawBuilder<boolean> {
  if ("activityIds" in selection) return sql<boolean>`a.id in (${sql.join(selection.activityIds)})`;
  if ("unitSubtree" in selection) return sql<boolean>`a.unit_id in (select descendant_id from unit_tree where ancestor_id = ${selection.unitSubtree})`;
  if ("campaignId" in selection) return sql<boolean>`a.campaign_id = ${selection.campaignId}`;
  return sql<boolean>`1 = 1`;
}

/**
 * One fold (or rebuild) at a time, with no write appending meanwhile. PostgreSQL: the pending
 * table locked whole until the transaction ends; the fold then empties it with TRUNCATE, leaving
 * no dead rows behind for the next fold and the "anything pending?" check to scan. Taking the lock
 * waits for the writes that have appended and not committed, and writes that append meanwhile wait
 * for the fold: `waitAtMostMs` bounds that wait (the background fold gives up and tries again
 * rather than hold every write up behind a long one, such as a large import). SQLite runs one
 * write transaction at a time.
 */
async function lockRollups(db: Kysely<Database>, waitAtMostMs?: number): Promise<void> {
  if (dialectOfDb(db) !== "postgres") return;
  if (waitAtMostMs !== undefined) await sql`set local lock_timeout = ${sql.lit(`${waitAtMostMs}ms`)}`.execute(db);
  await sql`lock table tally_delta in access exclusive mode`.execute(db);
}


const CONTRIBUTION_LOCK_KEY = 7_310_003;

/**
 * Makes the write the only one changing the selected activities' contribution until it commits,
 * and says whether any of them counts now (activities that do not, such as one getting its first
 * result, have nothing to subtract). PostgreSQL: a write's subtraction must see what an earlier
 * write of the same activities added, so those writes take turns. A write of some activities locks
 * their rows (in id order: two writes of overlapping sets cannot deadlock) and holds a lock shared
 * with every such write; a write of a whole subtree or campaign, or a rebuild, holds that lock
 * alone. Writes of different activities do not wait for each other. SQLite runs one write
 * transaction at a time.
 */
async function lockContributions(db: Kysely<Database>, selection: RollupSelection): Promise<{ anyCounted: boolean }> {
  if (!("activityIds" in selection)) {
    if (dialectOfDb(db) === "postgres") await sql`select pg_advisory_xact_lock(${sql.lit(CONTRIBUTION_LOCK_KEY)})`.execute(db);
    return { anyCounted: true };
  }
  const ids = [...new Set(selection.activityIds)].sort((a, b) => a - b);
  let anyCounted = false;
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const chunk = sql.join(ids.slice(i, i + IDS_PER_STATEMENT));
    // PostgreSQL, in one round trip: the CTE (volatile, so evaluated once) takes the shared lock;
    // the statuses are read as they are once the rows are locked.
    const { rows } =
      dialectOfDb(db) === "postgres"
        ? await sql<{ status: string }>`with shared as (select pg_advisory_xact_lock_shared(${sql.lit(CONTRIBUTION_LOCK_KEY)}))
            select a.status from activity a, shared where a.id in (${chunk}) order by a.id for update of a`.execute(db)
        : await sql<{ status: string }>`select status from activity where id in (${chunk}) and status = 'done' limit 1`.execute(db);
    anyCounted ||= rows.some((r) => r.status === "done");
  }
  return { anyCounted };
}

/** The month value of the rows that sum every month of a campaign. */
export const ALL_MONTHS = "*";

const METRICS = FIGURE_KEYS.filter((c) => c !== "activities");
/** tally_unit's additive columns: what each unit organised itself per channel, and its subtree's count. */
const UNIT_SUMS = [...CHANNEL_CODES, "spoken_attendance", "subtree_activities"] as const;
/** What tally_delta's 'unit' rows carry besides `activities` (the subtree's count). */
const UNIT_OWN = [...CHANNEL_CODES, "spoken_attendance"] as const;
const ROLLUP_KEY = ["campaign_id", "unit_id", "point_id", "month", "channel"] as const;
const COVERAGE_KEY = ["campaign_id", "unit_id", "point_id"] as const;
const UNIT_KEY = ["campaign_id", "unit_id"] as const;

const columns = (names: readonly string[], table?: string) => sql.join(names.map((c) => sql.ref(table ? `${table}.${c}` : c)));
const zeros = (n: number) => sql.join(Array.from({ length: n }, () => sql`0`));

/**
 * The selected activities' contribution as it stands now, times `sign`, as rows of the three
 * tables (each grouped by its key): `prefix` is the WITH clause the three selects read.
 */
function contributionOf(db: Kysely<Database>, selection: RollupSelection, sign: 1 | -1) {
  const s = sql.raw(String(sign));
  // `pa` starts from the points the selected activities are tagged with, not every point.
  const prefix = sql`with recursive pa(point_id, ancestor_id) as (
      select distinct ap.content_point_id, ap.content_point_id from activity_point ap join activity a on a.id = ap.activity_id
      where ${selectionFilter(selection)}
      union all
      select pa.point_id, cp.parent_id from pa join content_point cp on cp.id = pa.ancestor_id where cp.parent_id is not null
    ),
    counted as (
      select a.id, a.campaign_id, a.unit_id, a.channel, ${vietnamMonth(db, sql`a.starts_at`)} as month,
        ${sql.join(METRICS.map((c) => sql`coalesce(r.${sql.ref(c)}, 0) as ${sql.ref(c)}`))}
      from activity a join activity_result r on r.activity_id = a.id
      where a.status = 'done' and ${selectionFilter(selection)}
    ),
    contribution as (
      select c.id, c.campaign_id, c.unit_id, 0 as point_id, c.month, c.channel, ${columns(METRICS, "c")} from counted c
      union all
      select distinct c.id, c.campaign_id, c.unit_id, pa.ancestor_id as point_id, c.month, c.channel, ${columns(METRICS, "c")}
      from counted c join activity_point ap on ap.activity_id = c.id join pa on pa.point_id = ap.content_point_id
    )`;
  const sums = sql.join(FIGURE_KEYS.map((c) => (c === "activities" ? sql`${s} * count(*) as activities` : sql`${s} * sum(x.${sql.ref(c)}) as ${sql.ref(c)}`)));
  const own = (figure: RawBuilder<unknown>, channel: string) => sql`${s} * sum(case when t.depth = 0 and x.channel = ${channel} then ${figure} else 0 end)`;
  return {
    prefix,
    /** ROLLUP_KEY, then FIGURE_KEYS. */
    rollup: sql`select x.campaign_id, t.ancestor_id as unit_id, x.point_id, x.month, x.channel, ${sums}
      from (
        select * from contribution
        union all
        select id, campaign_id, unit_id, point_id, ${sql.lit(ALL_MONTHS)} as month, channel, ${columns(METRICS)} from contribution
      ) x join unit_tree t on t.descendant_id = x.unit_id
      group by x.campaign_id, t.ancestor_id, x.point_id, x.month, x.channel`,
    /** COVERAGE_KEY, then activities. */
    coverage: sql`select x.campaign_id, t.ancestor_id as unit_id, x.point_id, ${s} * count(*) as activities
      from contribution x join unit_tree t on t.descendant_id = x.unit_id
      where x.point_id <> 0
      group by x.campaign_id, t.ancestor_id, x.point_id`,
    /** UNIT_KEY, then UNIT_SUMS. */
    unit: sql`select x.campaign_id, t.ancestor_id as unit_id, ${sql.join(CHANNEL_CODES.map((c) => sql`${own(sql`1`, c)} as ${sql.ref(c)}`))},
        ${own(sql`x.attendance`, "spoken")} as spoken_attendance, ${s} * count(*) as subtree_activities
      from contribution x join unit_tree t on t.descendant_id = x.unit_id
      where x.point_id = 0
      group by x.campaign_id, t.ancestor_id`,
  };
}

/** Appends (sign 1) or takes away (sign -1) the selected activities' contribution as it stands now, as pending rows. */
async function adjustRollups(db: Kysely<Database>, selection: RollupSelection, sign: 1 | -1): Promise<void> {
  if ("activityIds" in selection) {
    const ids = [...new Set(selection.activityIds)];
    if (ids.length > IDS_PER_STATEMENT) {
      for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await adjustRollups(db, { activityIds: ids.slice(i, i + IDS_PER_STATEMENT) }, sign);
      return;
    }
    if (!ids.length) return;
  }
  const rows = contributionOf(db, selection, sign);
  await sql`${rows.prefix}
    insert into tally_delta (kind, campaign_id, unit_id, point_id, month, channel, ${columns(FIGURE_KEYS)}, ${columns(UNIT_OWN)})
    select 'rollup', ${columns(ROLLUP_KEY, "r")}, ${columns(FIGURE_KEYS, "r")}, ${zeros(UNIT_OWN.length)} from (${rows.rollup}) r
    union all
    select 'coverage', ${columns(COVERAGE_KEY, "c")}, '', '', c.activities, ${zeros(METRICS.length + UNIT_OWN.length)} from (${rows.coverage}) c
    union all
    select 'unit', ${columns(UNIT_KEY, "u")}, 0, '', '', u.subtree_activities, ${zeros(METRICS.length)}, ${columns(UNIT_OWN, "u")} from (${rows.unit}) u`.execute(db);
}

/** `set a = table.a + excluded.a, ...`: an upsert that adds. */
function adding(table: string, names: readonly string[]) {
  return sql.join(names.map((c) => sql`${sql.ref(c)} = ${sql.ref(table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`));
}

type TallyDeltaKind = Database["tally_delta"]["kind"];
type UnitKey = { campaign_id: number; unit_id: number };

/**
 * The three upserts that add the pending rows to the roll-up; the coverage one returns the units
 * whose coverage changed.
 */
function foldStatements() {
  const summed = (names: readonly string[]) => sql.join(names.map((c) => sql`sum(d.${sql.ref(c)})`));
  // Keys whose changes cancel out (a corrected result leaves its ancestors' counts as they were)
  // are left alone: nothing to add, and no unit status to compute again.
  const from = (kind: TallyDeltaKind, key: readonly string[], sums: readonly string[]) =>
    sql`from tally_delta d where d.kind = ${sql.lit(kind)} group by ${columns(key, "d")}
      having ${sql.join(sums.map((c) => sql`sum(d.${sql.ref(c)}) <> 0`), sql` or `)}`;
  return {
    rollup: sql`insert into tally_rollup (${columns(ROLLUP_KEY)}, ${columns(FIGURE_KEYS)})
      select ${columns(ROLLUP_KEY, "d")}, ${summed(FIGURE_KEYS)} ${from("rollup", ROLLUP_KEY, FIGURE_KEYS)}
      on conflict (${columns(ROLLUP_KEY)}) do update set ${adding("tally_rollup", FIGURE_KEYS)}`,
    unit: sql<UnitKey>`insert into tally_unit (${columns(UNIT_KEY)}, ${columns(UNIT_SUMS)})
      select ${columns(UNIT_KEY, "d")}, ${summed(UNIT_OWN)}, sum(d.activities) ${from("unit", UNIT_KEY, [...UNIT_OWN, "activities"])}
      on conflict (${columns(UNIT_KEY)}) do update set ${adding("tally_unit", UNIT_SUMS)}
      returning campaign_id, unit_id`,
    coverage: sql<UnitKey>`insert into tally_coverage (${columns(COVERAGE_KEY)}, activities)
      select ${columns(COVERAGE_KEY, "d")}, sum(d.activities) ${from("coverage", COVERAGE_KEY, ["activities"])}
      on conflict (${columns(COVERAGE_KEY)}) do update set ${adding("tally_coverage", ["activities"])}
      returning campaign_id, unit_id`,
  };
}

/** What waits: roll-up changes to fold, unit statuses to compute again. */
export interface PendingWork {
  changes: boolean;
  statuses: boolean;
}

export async function pendingWork(db: Kysely<Database>): Promise<PendingWork> {
  const { rows } = await sql<{ changes: number; statuses: number }>`select
    (select count(*) from (select 1 from tally_delta limit 1) d) as changes,
    (select count(*) from (select 1 from tally_status_dirty limit 1) s) as statuses`.execute(db);
  return { changes: Number(rows[0].changes) > 0, statuses: Number(rows[0].statuses) > 0 };
}

/** Folds the pending changes, then computes the statuses they (or other writes) marked. */
export async function catchUp(db: Kysely<Database>, pending?: PendingWork): Promise<void> {
  const work = pending ?? (await pendingWork(db));
  if (work.changes) await foldRollups(db);
  if (work.changes || work.statuses) await refreshPendingStatuses(db);
}

/**
 * Adds every pending change to the roll-up and empties tally_delta, in one transaction. With
 * `waitAtMostMs`, gives up (false) when PostgreSQL's lock is not free within that time.
 */
export async function foldRollups(db: Kysely<Database>, waitAtMostMs?: number): Promise<boolean> {
  const fold = async (trx: Kysely<Database>) => {
    await lockRollups(trx, waitAtMostMs);
    const statements = foldStatements();
    const touched = (await statements.coverage.execute(trx)).rows;
    await statements.rollup.execute(trx);
    const unitsChanged = (await statements.unit.execute(trx)).rows;
    await emptyPending(trx);
    await refreshCoveredPoints(trx, touched);
    // The units' standing (below target, without activity, points covered) follows their figures:
    // computed again after the fold, outside its lock, so writers do not wait for it.
    await markStatuses(trx, [...touched, ...unitsChanged]);
  };
  return inTransactionUnlessLocked(db, waitAtMostMs, fold);
}

/** Under `lockRollups`. */
async function emptyPending(trx: Kysely<Database>): Promise<void> {
  if (dialectOfDb(trx) === "postgres") await sql`truncate tally_delta`.execute(trx);
  else await trx.deleteFrom("tally_delta").execute();
}

/** tally_unit's covered points, read again from tally_coverage, for the given units (every unit when omitted). */
async function refreshCoveredPoints(db: Kysely<Database>, units?: readonly UnitKey[]): Promise<void> {
  const covered = sql`covered_points = coalesce((select ${listOf(db, sql`c.point_id`)} from tally_coverage c
    where c.campaign_id = tally_unit.campaign_id and c.unit_id = tally_unit.unit_id and c.activities > 0), '')`;
  if (!units) {
    await sql`update tally_unit set ${covered}`.execute(db);
    return;
  }
  const byCampaign = new Map<number, Set<number>>();
  for (const u of units) {
    const campaignId = Number(u.campaign_id);
    (byCampaign.get(campaignId) ?? byCampaign.set(campaignId, new Set()).get(campaignId)!).add(Number(u.unit_id));
  }
  for (const [campaignId, unitIds] of byCampaign) {
    const ids = [...unitIds];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      await sql`update tally_unit set ${covered} where campaign_id = ${campaignId} and unit_id in (${sql.join(ids.slice(i, i + IDS_PER_STATEMENT))})`.execute(db);
    }
  }
}

/**
 * Runs a read of the roll-up tables that sees every write acknowledged before it: pending changes
 * are folded first. The check must come before the read, not beside it: on PostgreSQL a check
 * made during a fold waits for it and then finds nothing pending, while a read beside it, on
 * another connection, does not wait and sees the tables from before that fold.
 */
export async function readingRollups<T>(db: Kysely<Database>, read: () => Promise<T>): Promise<T> {
  await catchUp(db);
  return read();
}

/** How long the background fold waits for PostgreSQL's lock on tally_delta before trying again later. */
const BACKGROUND_FOLD_WAIT_MS = 100;

/**
 * While the server runs, folds pending changes every `everyMs`, so that reads seldom have to and
 * few rows wait. Returns a function that stops it (after a fold under way).
 */
export function foldingInBackground(db: Kysely<Database>, everyMs = 250): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = (async () => {
      const work = await pendingWork(db);
      if (work.changes && !(await foldRollups(db, BACKGROUND_FOLD_WAIT_MS))) return;
      if (work.changes || work.statuses) await refreshPendingStatuses(db, BACKGROUND_FOLD_WAIT_MS);
    })()
      // The changes stay pending: the next fold, or the next tally, adds them.
      .catch((error) => console.error("[tally] folding pending roll-up changes failed:", error instanceof Response ? `database unavailable (${error.status})` : error))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** A comma-separated list of a column's values, per group. */
export function listOf(db: Kysely<Database>, column: RawBuilder<unknown>): RawBuilder<string> {
  return dialectOfDb(db) === "postgres" ? sql<string>`string_agg(cast(${column} as text), ',')` : sql<string>`group_concat(${column})`;
}

/**
 * Runs a write that may change the selected activities' figures, keeping the roll-up exact:
 * call it inside the write's transaction, with a selection that names the same activities
 * before and after the write (ids, a unit subtree that moves as a whole, a campaign).
 * Activities created by a write are added afterwards with `addToRollups`.
 */
export async function keepingRollups<T>(trx: Kysely<Database>, selection: RollupSelection, write: () => Promise<T>): Promise<T> {
  if ("activityIds" in selection && !selection.activityIds.length) return write();
  if ((await lockContributions(trx, selection)).anyCounted) await adjustRollups(trx, selection, -1);
  const result = await write();
  await adjustRollups(trx, selection, 1);
  return result;
}

/** For a bulk write that cannot be wrapped: take the activities out before it... */
export async function removeFromRollups(trx: Kysely<Database>, activityIds: readonly number[]): Promise<void> {
  if (!activityIds.length) return;
  if ((await lockContributions(trx, { activityIds })).anyCounted) await adjustRollups(trx, { activityIds }, -1);
}

/** ...and put them (and any it created) back after it, in the same transaction. */
export async function addToRollups(trx: Kysely<Database>, activityIds: readonly number[]): Promise<void> {
  if (!activityIds.length) return;
  await lockContributions(trx, { activityIds });
  await adjustRollups(trx, { activityIds }, 1);
}

/** Recomputes the roll-up from scratch (bulk loads, tests that write rows directly, repairs). */
export async function rebuildRollups(db: Kysely<Database>): Promise<void> {
  const rebuild = async (trx: Kysely<Database>) => {
    // A national rebuild takes minutes: past the per-statement limit meant for requests.
    if (dialectOfDb(trx) === "postgres") await sql`set local statement_timeout = 0`.execute(trx);
    // Writes wait until the rebuild is in, and it waits for those under way.
    await lockContributions(trx, { everything: true });
    await lockRollups(trx);
    await emptyPending(trx);
    for (const table of ["tally_rollup", "tally_coverage", "tally_unit"] as const) await trx.deleteFrom(table).execute();
    const rows = contributionOf(trx, { everything: true }, 1);
    await sql`${rows.prefix} insert into tally_rollup (${columns(ROLLUP_KEY)}, ${columns(FIGURE_KEYS)}) ${rows.rollup}`.execute(trx);
    await sql`${rows.prefix} insert into tally_coverage (${columns(COVERAGE_KEY)}, activities) ${rows.coverage}`.execute(trx);
    await sql`${rows.prefix} insert into tally_unit (${columns(UNIT_KEY)}, ${columns(UNIT_SUMS)}) ${rows.unit}`.execute(trx);
    await refreshCoveredPoints(trx);
    await rebuildStatuses(trx);
  };
  if (db.isTransaction) await rebuild(db);
  else await db.transaction().execute(rebuild);
}

/**
 * At start-up: fills an empty roll-up when there is something to count (a database from before
 * the roll-up existed, or one whose roll-up a migration emptied to change its definition).
 */
export async function ensureRollups(db: Kysely<Database>): Promise<boolean> {
  const [filled, counted] = await Promise.all([
    db.selectFrom("tally_rollup").select("unit_id").limit(1).executeTakeFirst(),
    db.selectFrom("activity_result").select("activity_id").limit(1).executeTakeFirst(),
  ]);
  if (filled || !counted) return false;
  await rebuildRollups(db);
  return true;
}
