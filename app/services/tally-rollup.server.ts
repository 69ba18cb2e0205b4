import { sql, type Kysely, type RawBuilder } from "kysely";
import { dialectOfDb } from "@db/dialect-name";
import type { Database } from "@db/schema";
import { CHANNEL_CODES } from "~/domain/channels";
import { FIGURE_KEYS } from "~/domain/tally";

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
 * its subtree covers, read again from tally_coverage for every unit an adjustment touches.
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

const ROLLUP_LOCK_KEY = 7_310_002;

/**
 * PostgreSQL: one roll-up writer at a time, until its transaction ends. Concurrent writes touch
 * the same rows (every activity adds to the root's) in different orders and would deadlock;
 * the wait is short (a few statements), and SQLite serialises writers anyway. Taken before a
 * write's first roll-up statement, so no write waits for it while holding roll-up rows (taking
 * it again in the same transaction returns at once).
 */
async function lockRollups(db: Kysely<Database>): Promise<void> {
  if (dialectOfDb(db) === "postgres") await sql`select pg_advisory_xact_lock(${sql.lit(ROLLUP_LOCK_KEY)})`.execute(db);
}

/** The month value of the rows that sum every month of a campaign. */
export const ALL_MONTHS = "*";

/** Adds (sign 1) or subtracts (sign -1) the selected activities' contribution as it stands now. */
async function adjustRollups(db: Kysely<Database>, selection: RollupSelection, sign: 1 | -1): Promise<void> {
  if ("activityIds" in selection) {
    const ids = [...new Set(selection.activityIds)];
    if (ids.length > IDS_PER_STATEMENT) {
      for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await adjustRollups(db, { activityIds: ids.slice(i, i + IDS_PER_STATEMENT) }, sign);
      return;
    }
    if (!ids.length) return;
  }
  const s = sql.raw(String(sign));
  const metrics = FIGURE_KEYS.filter((c) => c !== "activities");
  // `pa` starts from the points the selected activities are tagged with, not every point.
  const contribution = sql`with recursive pa(point_id, ancestor_id) as (
      select distinct ap.content_point_id, ap.content_point_id from activity_point ap join activity a on a.id = ap.activity_id
      where ${selectionFilter(selection)}
      union all
      select pa.point_id, cp.parent_id from pa join content_point cp on cp.id = pa.ancestor_id where cp.parent_id is not null
    ),
    counted as (
      select a.id, a.campaign_id, a.unit_id, a.channel, ${vietnamMonth(db, sql`a.starts_at`)} as month,
        ${sql.join(metrics.map((c) => sql`coalesce(r.${sql.ref(c)}, 0) as ${sql.ref(c)}`))}
      from activity a join activity_result r on r.activity_id = a.id
      where a.status = 'done' and ${selectionFilter(selection)}
    ),
    contribution as (
      select c.id, c.campaign_id, c.unit_id, 0 as point_id, c.month, c.channel, ${sql.join(metrics.map((c) => sql`c.${sql.ref(c)}`))} from counted c
      union all
      select distinct c.id, c.campaign_id, c.unit_id, pa.ancestor_id as point_id, c.month, c.channel, ${sql.join(metrics.map((c) => sql`c.${sql.ref(c)}`))}
      from counted c join activity_point ap on ap.activity_id = c.id join pa on pa.point_id = ap.content_point_id
    )`;
  const sums = sql.join(FIGURE_KEYS.map((c) => (c === "activities" ? sql`${s} * count(*)` : sql`${s} * sum(x.${sql.ref(c)})`)));
  const add = (table: "tally_rollup" | "tally_coverage" | "tally_unit", columns: readonly string[]) =>
    sql.join(columns.map((c) => sql`${sql.ref(c)} = ${sql.ref(table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`));
  await sql`${contribution}
    insert into tally_rollup (campaign_id, unit_id, point_id, month, channel, ${sql.join(FIGURE_KEYS.map((c) => sql.ref(c)))})
    select x.campaign_id, t.ancestor_id, x.point_id, x.month, x.channel, ${sums}
    from (
      select * from contribution
      union all
      select id, campaign_id, unit_id, point_id, ${sql.lit(ALL_MONTHS)} as month, channel, ${sql.join(metrics.map((c) => sql.ref(c)))} from contribution
    ) x join unit_tree t on t.descendant_id = x.unit_id
    where 1 = 1
    group by x.campaign_id, t.ancestor_id, x.point_id, x.month, x.channel
    on conflict (campaign_id, unit_id, point_id, month, channel) do update set ${add("tally_rollup", FIGURE_KEYS)}`.execute(db);
  await sql`${contribution}
    insert into tally_coverage (campaign_id, unit_id, point_id, activities)
    select x.campaign_id, t.ancestor_id, x.point_id, ${s} * count(*)
    from contribution x join unit_tree t on t.descendant_id = x.unit_id
    where x.point_id <> 0
    group by x.campaign_id, t.ancestor_id, x.point_id
    on conflict (campaign_id, unit_id, point_id) do update set ${add("tally_coverage", ["activities"])}`.execute(db);
  // After tally_coverage, whose rows give each touched unit its covered points afresh.
  const own = (figure: RawBuilder<unknown>, channel: string) => sql`${s} * sum(case when t.depth = 0 and x.channel = ${channel} then ${figure} else 0 end)`;
  await sql`${contribution}
    insert into tally_unit (campaign_id, unit_id, ${sql.join(UNIT_FIGURES.map((c) => sql.ref(c)))})
    select x.campaign_id, t.ancestor_id, ${sql.join(CHANNEL_CODES.map((c) => own(sql`1`, c)))}, ${own(sql`x.attendance`, "spoken")}, ${s} * count(*),
      coalesce((select ${listOf(db, sql`c.point_id`)} from tally_coverage c
        where c.campaign_id = x.campaign_id and c.unit_id = t.ancestor_id and c.activities > 0), '')
    from contribution x join unit_tree t on t.descendant_id = x.unit_id
    where x.point_id = 0
    group by x.campaign_id, t.ancestor_id
    on conflict (campaign_id, unit_id) do update set ${add("tally_unit", UNIT_SUMS)}, covered_points = excluded.covered_points`.execute(db);
}

/** tally_unit's additive columns: what each unit organised itself per channel, and its subtree's count. */
const UNIT_SUMS = [...CHANNEL_CODES, "spoken_attendance", "subtree_activities"] as const;
const UNIT_FIGURES = [...UNIT_SUMS, "covered_points"] as const;

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
  await lockRollups(trx);
  await adjustRollups(trx, selection, -1);
  const result = await write();
  await adjustRollups(trx, selection, 1);
  return result;
}

/** For a bulk write that cannot be wrapped: take the activities out before it... */
export async function removeFromRollups(trx: Kysely<Database>, activityIds: readonly number[]): Promise<void> {
  if (!activityIds.length) return;
  await lockRollups(trx);
  await adjustRollups(trx, { activityIds }, -1);
}

/** ...and put them (and any it created) back after it, in the same transaction. */
export async function addToRollups(trx: Kysely<Database>, activityIds: readonly number[]): Promise<void> {
  if (!activityIds.length) return;
  await lockRollups(trx);
  await adjustRollups(trx, { activityIds }, 1);
}

/** Recomputes the roll-up from scratch (bulk loads, tests that write rows directly, repairs). */
export async function rebuildRollups(db: Kysely<Database>): Promise<void> {
  const rebuild = async (trx: Kysely<Database>) => {
    // A national rebuild takes minutes: past the per-statement limit meant for requests.
    if (dialectOfDb(trx) === "postgres") await sql`set local statement_timeout = 0`.execute(trx);
    await lockRollups(trx);
    await trx.deleteFrom("tally_rollup").execute();
    await trx.deleteFrom("tally_coverage").execute();
    await trx.deleteFrom("tally_unit").execute();
    await adjustRollups(trx, { everything: true }, 1);
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
