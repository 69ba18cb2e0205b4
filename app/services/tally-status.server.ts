import { sql, type Kysely, type Selectable } from "kysely";
import { dialectOfDb } from "@db/dialect-name";
import type { Database, TallyStatusTable } from "@db/schema";
import type { TargetRule } from "~/domain/tally";
import { unitStanding } from "~/domain/unit-standing";
import { wallClockParts } from "~/domain/wall-clock";
import { reportingKindsOf, targetsOf } from "./campaigns.server";
import { inTransactionUnlessLocked } from "./db-errors.server";

/**
 * Unit statuses, summed per ancestor (migration 0006), for tallies of large scopes: a national
 * tally then reads its children's sums instead of ~10^5 units. A status is a unit's own standing
 * in a campaign for the campaign's whole period (`unitStanding`); tally_status keeps each one as
 * last added to its proper ancestors' sums, so a change adds (new - stored) to them.
 *
 * Statuses are computed again (`refreshPendingStatuses`, after each fold and before any tally
 * reads them) for the units marked in tally_status_dirty: by the fold, those whose figures it
 * changed; by the triggers, those whose unit, report, campaign or rules changed. A move of a subtree changes ancestors, not
 * statuses: `keepingStatuses` takes the subtree's statuses out of the old ancestors and adds them
 * to the new ones. test/integration/tally-status.test.ts checks the sums against a rebuild and
 * the large-scope tally against the one computed unit by unit, after random writes.
 */

type StatusRow = Selectable<TallyStatusTable>;
type UnitKey = { campaign_id: number; unit_id: number };

const IDS_PER_STATEMENT = 500;
const ROWS_PER_STATEMENT = 400;
const SUM_COLUMNS = ["units", "open_units", "members", "reached", "expected", "submitted", "on_time", "below_target", "without_activity"] as const;
type Sums = Record<(typeof SUM_COLUMNS)[number], number>;
const STATUS_COLUMNS = ["campaign_id", "unit_id", "is_open", "members", "reached", "expected", "submitted", "on_time", "below_target", "without_activity", "submitted_on", "covered_points"] as const;

const chunks = <T,>(list: readonly T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const columns = (names: readonly string[]) => sql.join(names.map((c) => sql.ref(c)));

/** What a status adds to each proper ancestor's sums. */
function contribution(row: StatusRow | undefined): Sums {
  if (!row) return { units: 0, open_units: 0, members: 0, reached: 0, expected: 0, submitted: 0, on_time: 0, below_target: 0, without_activity: 0 };
  return {
    units: 1,
    open_units: Number(row.is_open),
    members: Number(row.members),
    reached: Number(row.reached),
    expected: Number(row.expected),
    submitted: Number(row.submitted),
    on_time: Number(row.on_time),
    below_target: Number(row.below_target),
    without_activity: Number(row.without_activity),
  };
}

/** What a status adds to each proper ancestor's counts: "point|id" per covered point, "day|yyyy-MM-dd". */
function countKeys(row: StatusRow | undefined): string[] {
  if (!row) return [];
  const keys = row.covered_points ? row.covered_points.split(",").map((p) => `point|${p}`) : [];
  if (row.submitted_on) keys.push(`day|${row.submitted_on}`);
  return keys;
}

const sameStatus = (a: StatusRow, b: StatusRow) =>
  STATUS_COLUMNS.every((c) => (c === "covered_points" ? sortedPoints(a[c]) === sortedPoints(b[c]) : String(a[c]) === String(b[c])));
const sortedPoints = (list: string) => (list ? list.split(",").map(Number).sort((x, y) => x - y).join(",") : "");

/** The statuses of the given units (every unit: "all") in a campaign, from the tables as they are now. */
async function currentStatuses(db: Kysely<Database>, campaignId: number, unitIds: readonly number[] | "all"): Promise<StatusRow[]> {
  const campaign = await db.selectFrom("campaign").select("ends_on").where("id", "=", campaignId).executeTakeFirst();
  if (!campaign) return [];
  const [kinds, targets] = await Promise.all([reportingKindsOf(db, campaignId), targetsOf(db, campaignId)]);
  const reportingKinds = new Set(kinds.map((k) => k.unit_kind_id));
  const rules = targets as TargetRule[];
  const out: StatusRow[] = [];
  for (const ids of unitIds === "all" ? [null] : chunks(unitIds, IDS_PER_STATEMENT)) {
    const [units, reports, figures] = await Promise.all([
      db
        .selectFrom("unit")
        .select(["id", "kind_id", "members", "opened_on", "closed_on"])
        .$if(ids !== null, (q) => q.where("id", "in", ids!))
        .execute(),
      db
        .selectFrom("unit_report")
        .select(["unit_id", "status", "submitted_at", "is_on_time"])
        .where("campaign_id", "=", campaignId)
        .$if(ids !== null, (q) => q.where("unit_id", "in", ids!))
        .execute(),
      db
        .selectFrom("tally_unit")
        .select(["unit_id", "spoken", "visual", "media", "facebook", "spoken_attendance", "subtree_activities", "covered_points"])
        .where("campaign_id", "=", campaignId)
        .$if(ids !== null, (q) => q.where("unit_id", "in", ids!))
        .execute(),
    ]);
    const reportOf = new Map(reports.map((r) => [r.unit_id, r]));
    const figuresOf = new Map(figures.map((f) => [f.unit_id, f]));
    for (const u of units) {
      const report = reportOf.get(u.id);
      const f = figuresOf.get(u.id);
      const subtreeActivities = Number(f?.subtree_activities ?? 0);
      const standing = unitStanding({
        unit: { kindId: u.kind_id, members: u.members, openedOn: u.opened_on, closedOn: u.closed_on },
        periodEnd: campaign.ends_on,
        reportingKinds,
        rules,
        own: { spoken: Number(f?.spoken ?? 0), visual: Number(f?.visual ?? 0), media: Number(f?.media ?? 0), facebook: Number(f?.facebook ?? 0) },
        spokenAttendance: Number(f?.spoken_attendance ?? 0),
        subtreeActivities,
        report: report ? { status: report.status, submittedOn: report.submitted_at ? wallClockParts(report.submitted_at).date : null, isOnTime: report.is_on_time } : null,
      });
      out.push({
        campaign_id: campaignId,
        unit_id: u.id,
        is_open: Number(standing.isOpen),
        members: standing.members,
        reached: standing.reached,
        expected: Number(standing.expected),
        submitted: Number(standing.submitted),
        on_time: Number(standing.onTime),
        below_target: Number(standing.belowTarget),
        without_activity: Number(standing.withoutActivity),
        submitted_on: standing.submittedOn ?? "",
        // Counted per point only for units expected to report (coverage = covering expected units / expected units).
        covered_points: standing.expected && subtreeActivities > 0 ? (f?.covered_points ?? "") : "",
      });
    }
  }
  return out;
}

async function storedStatuses(db: Kysely<Database>, campaignId: number | null, unitIds: readonly number[] | "all"): Promise<StatusRow[]> {
  const out: StatusRow[] = [];
  for (const ids of unitIds === "all" ? [null] : chunks(unitIds, IDS_PER_STATEMENT)) {
    out.push(
      ...(await db
        .selectFrom("tally_status")
        .selectAll()
        .$if(campaignId !== null, (q) => q.where("campaign_id", "=", campaignId!))
        .$if(ids !== null, (q) => q.where("unit_id", "in", ids!))
        .execute()),
    );
  }
  return out;
}

/** Each unit's ancestors above it (depth > 0). */
async function properAncestors(db: Kysely<Database>, unitIds: readonly number[] | "all"): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const ids of unitIds === "all" ? [null] : chunks(unitIds, IDS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom("unit_tree")
      .select(["ancestor_id", "descendant_id"])
      .where("depth", ">", 0)
      .$if(ids !== null, (q) => q.where("descendant_id", "in", ids!))
      .execute();
    for (const r of rows) (out.get(r.descendant_id) ?? out.set(r.descendant_id, []).get(r.descendant_id)!).push(r.ancestor_id);
  }
  return out;
}

type Change = { unitId: number; before?: StatusRow; after?: StatusRow };

/** Adds each change (after - before) to the sums and counts of the unit's ancestors in `ancestorsOf`. */
async function addToAncestors(db: Kysely<Database>, campaignId: number, changes: readonly Change[], ancestorsOf: Map<number, number[]>): Promise<void> {
  const sums = new Map<number, Sums>();
  const counts = new Map<string, number>();
  for (const change of changes) {
    const ancestors = ancestorsOf.get(change.unitId);
    if (!ancestors?.length) continue;
    const after = contribution(change.after);
    const before = contribution(change.before);
    const keys = new Map<string, number>();
    for (const key of countKeys(change.before)) keys.set(key, (keys.get(key) ?? 0) - 1);
    for (const key of countKeys(change.after)) keys.set(key, (keys.get(key) ?? 0) + 1);
    for (const ancestor of ancestors) {
      const into = sums.get(ancestor) ?? sums.set(ancestor, contribution(undefined)).get(ancestor)!;
      for (const c of SUM_COLUMNS) into[c] += after[c] - before[c];
      for (const [key, n] of keys) if (n !== 0) counts.set(`${ancestor}|${key}`, (counts.get(`${ancestor}|${key}`) ?? 0) + n);
    }
  }
  const sumRows = [...sums].filter(([, s]) => SUM_COLUMNS.some((c) => s[c] !== 0));
  for (const part of chunks(sumRows, ROWS_PER_STATEMENT)) {
    await sql`insert into tally_status_sum (campaign_id, unit_id, ${columns(SUM_COLUMNS)})
      values ${sql.join(part.map(([unitId, s]) => sql`(${campaignId}, ${unitId}, ${sql.join(SUM_COLUMNS.map((c) => s[c]))})`))}
      on conflict (campaign_id, unit_id) do update set ${sql.join(SUM_COLUMNS.map((c) => sql`${sql.ref(c)} = tally_status_sum.${sql.ref(c)} + excluded.${sql.ref(c)}`))}`.execute(db);
  }
  const countRows = [...counts].filter(([, n]) => n !== 0).map(([key, n]) => {
    const [unitId, kind, value] = key.split("|");
    return { unitId: Number(unitId), kind, value, n };
  });
  for (const part of chunks(countRows, ROWS_PER_STATEMENT)) {
    await sql`insert into tally_status_count (campaign_id, unit_id, kind, key, units)
      values ${sql.join(part.map((r) => sql`(${campaignId}, ${r.unitId}, ${r.kind}, ${r.value}, ${r.n})`))}
      on conflict (campaign_id, unit_id, kind, key) do update set units = tally_status_count.units + excluded.units`.execute(db);
  }
}

async function writeStatuses(db: Kysely<Database>, campaignId: number, changes: readonly Change[]): Promise<void> {
  const rows = changes.flatMap((c) => (c.after ? [c.after] : []));
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await sql`insert into tally_status (${columns(STATUS_COLUMNS)})
      values ${sql.join(part.map((r) => sql`(${sql.join(STATUS_COLUMNS.map((c) => r[c]))})`))}
      on conflict (campaign_id, unit_id) do update set ${sql.join(STATUS_COLUMNS.slice(2).map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`.execute(db);
  }
  const gone = changes.filter((c) => !c.after).map((c) => c.unitId);
  for (const ids of chunks(gone, IDS_PER_STATEMENT)) await db.deleteFrom("tally_status").where("campaign_id", "=", campaignId).where("unit_id", "in", ids).execute();
}

/** Computes the statuses of the given units again (campaign_id 0: every campaign; unit_id 0: every unit) and moves their sums. */
async function refreshStatuses(db: Kysely<Database>, keys: readonly UnitKey[]): Promise<void> {
  if (!keys.length) return;
  const everyCampaign = keys.some((k) => Number(k.campaign_id) === 0) ? (await db.selectFrom("campaign").select("id").execute()).map((c) => c.id) : [];
  const wanted = new Map<number, Set<number> | "all">();
  const want = (campaignId: number, unitId: number) => {
    const units = wanted.get(campaignId);
    if (units === "all") return;
    if (unitId === 0) wanted.set(campaignId, "all");
    else (units ?? wanted.set(campaignId, new Set()).get(campaignId) as Set<number>).add(unitId);
  };
  for (const k of keys) for (const campaignId of Number(k.campaign_id) === 0 ? everyCampaign : [Number(k.campaign_id)]) want(campaignId, Number(k.unit_id));
  for (const [campaignId, units] of wanted) await refreshCampaign(db, campaignId, units === "all" ? "all" : [...units]);
}

async function refreshCampaign(db: Kysely<Database>, campaignId: number, unitIds: readonly number[] | "all"): Promise<void> {
  const [after, before] = await Promise.all([currentStatuses(db, campaignId, unitIds), storedStatuses(db, campaignId, unitIds)]);
  const stored = new Map(before.map((r) => [r.unit_id, r]));
  const changes: Change[] = [];
  for (const row of after) {
    const old = stored.get(row.unit_id);
    stored.delete(row.unit_id);
    if (!old || !sameStatus(old, row)) changes.push({ unitId: row.unit_id, before: old, after: row });
  }
  for (const [unitId, old] of stored) changes.push({ unitId, before: old });
  if (!changes.length) return;
  const ancestors = await properAncestors(db, unitIds === "all" ? "all" : changes.map((c) => c.unitId));
  await addToAncestors(db, campaignId, changes, ancestors);
  await writeStatuses(db, campaignId, changes);
}

const STATUS_LOCK_KEY = 7_310_004;

/**
 * One status writer at a time (a status's change is added to the sums against the status as
 * stored). PostgreSQL: a transaction-scoped advisory lock, which neither the fold nor the writes
 * that append roll-up changes take, so a long recomputation (a campaign's rules changed) holds up
 * nobody's writes. SQLite runs one write transaction at a time.
 */
async function lockStatuses(trx: Kysely<Database>, waitAtMostMs?: number): Promise<void> {
  if (dialectOfDb(trx) !== "postgres") return;
  if (waitAtMostMs !== undefined) await sql`set local lock_timeout = ${sql.lit(`${waitAtMostMs}ms`)}`.execute(trx);
  await sql`select pg_advisory_xact_lock(${sql.lit(STATUS_LOCK_KEY)})`.execute(trx);
}

/** Marks statuses to compute again (the fold, for the units whose figures it changed). */
export async function markStatuses(trx: Kysely<Database>, keys: readonly UnitKey[]): Promise<void> {
  const distinct = [...new Map(keys.map((k) => [`${k.campaign_id}|${k.unit_id}`, { campaign_id: Number(k.campaign_id), unit_id: Number(k.unit_id) }])).values()];
  for (const part of chunks(distinct, ROWS_PER_STATEMENT)) await trx.insertInto("tally_status_dirty").values(part).execute();
}

/**
 * Computes the marked statuses again, in a transaction of its own. The marks are taken first, so
 * a mark committed meanwhile stays for the next time, whose reads will see its write. With
 * `waitAtMostMs`, gives up (false) when another status writer holds on longer.
 */
export async function refreshPendingStatuses(db: Kysely<Database>, waitAtMostMs?: number): Promise<boolean> {
  const refresh = async (trx: Kysely<Database>) => {
    await lockStatuses(trx, waitAtMostMs);
    const marked = await trx.deleteFrom("tally_status_dirty").returning(["campaign_id", "unit_id"]).execute();
    await refreshStatuses(trx, marked);
  };
  return inTransactionUnlessLocked(db, waitAtMostMs, refresh);
}

/**
 * Runs a move of `subtreeRootId` under another parent, keeping the sums exact: the subtree's
 * statuses leave their old ancestors' sums and join the new ones'. Inside the move's transaction,
 * as the only status writer until it commits.
 */
export async function keepingStatuses<T>(trx: Kysely<Database>, subtreeRootId: number, write: () => Promise<T>): Promise<T> {
  await lockStatuses(trx);
  const unitIds = (await trx.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", subtreeRootId).execute()).map((r) => r.descendant_id);
  const statuses = await storedStatuses(trx, null, unitIds);
  const byCampaign = new Map<number, StatusRow[]>();
  for (const s of statuses) (byCampaign.get(s.campaign_id) ?? byCampaign.set(s.campaign_id, []).get(s.campaign_id)!).push(s);
  const move = async (sign: "leave" | "join") => {
    const ancestors = await properAncestors(trx, unitIds);
    for (const [campaignId, rows] of byCampaign) {
      await addToAncestors(trx, campaignId, rows.map((r) => (sign === "leave" ? { unitId: r.unit_id, before: r } : { unitId: r.unit_id, after: r })), ancestors);
    }
  };
  await move("leave");
  const result = await write();
  await move("join");
  return result;
}

/** Every status and sum from scratch (bulk loads, repairs, tests that write rows directly). */
export async function rebuildStatuses(trx: Kysely<Database>): Promise<void> {
  await lockStatuses(trx);
  for (const table of ["tally_status_dirty", "tally_status_count", "tally_status_sum", "tally_status"] as const) await trx.deleteFrom(table).execute();
  const campaigns = await trx.selectFrom("campaign").select("id").execute();
  for (const { id } of campaigns) await refreshCampaign(trx, id, "all");
}
