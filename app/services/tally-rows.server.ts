/**
 * The counted activities of a tally scope, read in batches for the exports (XLSX "Hoạt động"
 * sheet, CSV): the same rows in the same order as `tallyActivities` in tally.server.ts (done
 * activities with a logged result, organised in the scope unit's subtree, of the campaign,
 * starting in the period's instants [from 00:00 Vietnam, day after `to` 00:00), ordered by
 * start then id), but never all of them in memory at once: a national campaign has ~1 M.
 *
 * Keyset pagination on (starts_at, id), hundreds to thousands of rows per statement, works the
 * same on SQLite and PostgreSQL (no server-side cursor, no connection held between batches), each
 * statement is short, and between two batches the event loop gets a turn, so a long export
 * does not stall the other requests of the process (better-sqlite3 runs every statement
 * synchronously). The points of a batch's activities are read in one statement per batch.
 *
 * Not a snapshot: an activity whose start or result changes while an export runs may be listed
 * or not, as if read before or after the change (an activity moved across the read position
 * could be listed twice or skipped). Start instants are written by the app from JavaScript Dates
 * (millisecond precision), so the cursor read back compares exactly on both engines.
 */
import type { Kysely } from "kysely";
import { dialectOfDb } from "@db/dialect-name";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { visibleCampaignRows } from "./campaigns.server";
import { notFound } from "./http-errors.server";
import { assertUnitInScope } from "./scope.server";
import { COUNTED_ACTIVITY_COLUMNS, periodInstants, withPointCodes, type TallyScope } from "./tally.server";

/**
 * Rows per statement. SQLite: small enough that one statement holds the event loop well under
 * the 150 ms a page may wait (a national batch of 2,000 took 250-300 ms, mostly reading pages
 * scattered over a 2 GB file). PostgreSQL runs statements off the event loop, so larger batches
 * there keep the round trips (and the planning of each statement) few.
 */
export const COUNTED_ROWS_BATCH = { sqlite: 500, postgres: 2000 } as const;

export interface CountedRowsOptions {
  /** Rows per batch (tests use tiny batches to cross many batch boundaries). */
  batchSize?: number;
  /** How each batch is found (see ReadPlan); by default chosen from the scope's size. */
  plan?: ReadPlan;
}

/**
 * Two shapes of the same statement, for the engines' planners:
 *
 * - "inOrder": walks the campaign's activities in (starts_at, id) order on the index
 *   (campaign_id, starts_at) and keeps those in the subtree (EXISTS in unit_tree), stopping at
 *   the batch's size: no sort, and each batch starts where the previous one stopped. Over a
 *   whole export it walks the campaign's activities of the period once, whatever the scope.
 * - "byUnit": finds the scope's activities unit by unit (unit_tree, then (unit_id, starts_at))
 *   and sorts what is left after the cursor: cheap for a small subtree, but each batch sorts
 *   every remaining row, about n² / (2 x batch) rows over an export of n rows.
 */
export type ReadPlan = "inOrder" | "byUnit";

function batchQuery(db: Kysely<Database>, scope: TallyScope, plan: ReadPlan, after: { startsAt: Date; id: number } | null, size: number) {
  const { from, to } = periodInstants(scope);
  let q = db
    .selectFrom("activity as a")
    .innerJoin("activity_result as r", "r.activity_id", "a.id")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .leftJoin("channel_form as f", "f.id", "a.form_id")
    .where("a.campaign_id", "=", scope.campaignId)
    .where("a.status", "=", "done")
    .where("a.starts_at", ">=", from)
    .where("a.starts_at", "<", to)
    .where((eb) =>
      plan === "byUnit"
        ? eb("a.unit_id", "in", eb.selectFrom("unit_tree as t").select("t.descendant_id").where("t.ancestor_id", "=", scope.unitId))
        : eb.exists(eb.selectFrom("unit_tree as t").select("t.depth").whereRef("t.descendant_id", "=", "a.unit_id").where("t.ancestor_id", "=", scope.unitId)),
    );
  if (after) {
    // (starts_at, id) > (last start, last id); the plain bound on starts_at lets either engine
    // start its index range scan at the cursor instead of at the period's beginning.
    const { startsAt, id } = after;
    q = q.where("a.starts_at", ">=", startsAt).where((eb) => eb(eb.refTuple("a.starts_at", "a.id"), ">", eb.tuple(startsAt, id)));
  }
  return q
    .select(COUNTED_ACTIVITY_COLUMNS)
    .orderBy("a.starts_at")
    .orderBy("a.id")
    .limit(size);
}

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchQuery>["execute"]>>[number];

/** One counted activity: its fields and result, and the codes of its points in outline order. */
export type CountedActivity = BatchRow & { points: string[] };

type Cursor = { startsAt: Date; id: number };

/** One batch after `after`, with its activities' points; `next` is where the following one starts (null: none). */
async function readBatch(db: Kysely<Database>, scope: TallyScope, plan: ReadPlan, after: Cursor | null, size: number) {
  const rows: BatchRow[] = await batchQuery(db, scope, plan, after, size).execute();
  if (!rows.length) return { activities: [], next: null };
  const last = rows[rows.length - 1];
  return {
    activities: await withPointCodes(db, rows, scope.campaignId),
    next: rows.length < size ? null : { startsAt: last.starts_at, id: last.id },
  };
}

async function* readBatches(db: Kysely<Database>, scope: TallyScope, plan: ReadPlan, size: number): AsyncGenerator<CountedActivity[], void, undefined> {
  // On PostgreSQL the next batch is asked for before this one is handed out, so the server reads
  // it while the caller writes this one; on SQLite a statement runs synchronously when called,
  // so reading ahead would only hold the event loop longer.
  const ahead = dialectOfDb(db) === "postgres";
  const read = (after: Cursor | null) => {
    const batch = readBatch(db, scope, plan, after, size);
    batch.catch(() => undefined); // a read-ahead the caller never asks for must not be an unhandled rejection
    return batch;
  };
  let pending = read(null);
  for (;;) {
    const batch = await pending;
    if (!batch.activities.length) return;
    const { next } = batch;
    if (next && ahead) pending = read(next);
    yield batch.activities;
    if (!next) return;
    // A turn for the other requests before the next statement (a SQLite statement blocks the process).
    await new Promise((resolve) => setImmediate(resolve));
    if (!ahead) pending = read(next);
  }
}

/**
 * "byUnit" re-reads the scope's remaining rows for each batch: about n² / (2 x batch) row visits
 * for the scope's n rows, but over a small working set. "inOrder" visits each of the campaign's
 * N activities of the period once, but each visit reads the activity's row at a random place in
 * the table (the index does not hold the unit), about 10x the cost of a byUnit visit (measured on
 * the national dataset: a province of 29,000 rows took 4.5 s by unit, 30 s in order; the national
 * root 25-40 s in order, by unit it would never end). So "byUnit" when n² / N < 10 x batch,
 * with n / N estimated by the scope's share of the units and N bounded by the highest activity id
 * (no activity read): a grassroots union, a district or a province of the national tree read by
 * unit, a province's own root or the national root in order.
 */
const IN_ORDER_VISIT_COST = 10;

async function choosePlan(db: Kysely<Database>, scope: TallyScope, size: number): Promise<ReadPlan> {
  const [inScope, units, activities] = await Promise.all([
    db.selectFrom("unit_tree").select((eb) => eb.fn.countAll<number>().as("n")).where("ancestor_id", "=", scope.unitId).executeTakeFirstOrThrow(),
    db.selectFrom("unit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("activity").select((eb) => eb.fn.max<number | null>("id").as("n")).executeTakeFirstOrThrow(),
  ]);
  const share = Number(inScope.n) / Math.max(1, Number(units.n));
  return Number(activities.n ?? 0) * share * share < IN_ORDER_VISIT_COST * size ? "byUnit" : "inOrder";
}

/**
 * Checks the scope once (the unit in the actor's subtree, the campaign visible to the actor:
 * else 404, like the page), then returns the batches, read lazily as they are iterated. The
 * exports run computeTally first, which checks the same; the second check costs two small
 * lookups and keeps this reader safe to call on its own.
 */
export async function countedActivityBatches(
  db: Kysely<Database>,
  actor: Actor,
  scope: TallyScope,
  options: CountedRowsOptions = {},
): Promise<AsyncGenerator<CountedActivity[], void, undefined>> {
  const size = Math.max(1, Math.floor(options.batchSize ?? COUNTED_ROWS_BATCH[dialectOfDb(db)]));
  const [, campaigns] = await Promise.all([assertUnitInScope(db, actor, scope.unitId), visibleCampaignRows(db, actor)]);
  if (!campaigns.some((c) => c.id === scope.campaignId)) throw notFound();
  return readBatches(db, scope, options.plan ?? (await choosePlan(db, scope, size)), size);
}
