import { sql, type Kysely, type RawBuilder } from "kysely";
import type { ChannelCode, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { CHANNEL_CODES } from "~/domain/channels";
import { byVietnameseName } from "~/domain/collation";
import {
  byGroup,
  emptyByChannel,
  FIGURE_KEYS,
  LOW_COVERAGE,
  meetsTargets,
  memberCoverage,
  ratio,
  totalActivities,
  type FiguresByChannel,
  type GroupChannelRow,
  type TargetRule,
} from "~/domain/tally";
import { daysOutsideInItsMonths, splitByMonth, type DayRange } from "~/domain/month-split";
import { resolveTallyDefaults, type TallyQuery } from "~/domain/tally-query";
import { isOpenAt, isReportSubmitted } from "~/domain/unit-standing";
import { instantAt, wallClockParts } from "~/domain/wall-clock";
import { campaignRules, visibleCampaignRows } from "./campaigns.server";
import { notFound } from "./http-errors.server";
import { ALL_MONTHS, catchUp, listOf, pendingWork, readingRollups } from "./tally-rollup.server";
import { assertUnitInScope } from "./scope.server";

export interface TallyScope {
  campaignId: number;
  unitId: number;
  /** Calendar dates in Vietnam, inclusive. */
  from: string;
  to: string;
}

/** The instants [from 00:00, day after `to` 00:00) in Vietnam. */
export function periodInstants(days: DayRange) {
  const end = new Date(instantAt(days.to, "00:00").getTime() + 24 * 3600 * 1000);
  return { from: instantAt(days.from, "00:00"), to: end };
}

/**
 * `pa`: every point of the campaign with itself and each of its ancestors (a parent sums its
 * subtree). `counted`: the done activities with a logged result in the scope and the given
 * runs of days (the period's edges that the monthly roll-up does not answer).
 */
function withCounted(scope: TallyScope, ranges: readonly DayRange[]): RawBuilder<unknown> {
  const during = sql.join(
    ranges.map((range) => {
      const { from, to } = periodInstants(range);
      return sql`(a.starts_at >= ${from} and a.starts_at < ${to})`;
    }),
    sql` or `,
  );
  return sql`with recursive pa(point_id, ancestor_id) as (
      select id, id from content_point where campaign_id = ${scope.campaignId}
      union all
      select pa.point_id, cp.parent_id from pa join content_point cp on cp.id = pa.ancestor_id where cp.parent_id is not null
    ),
    counted as (
      select a.id, a.unit_id, a.channel,
        coalesce(r.attendance, 0) as attendance, coalesce(r.quantity, 0) as quantity, coalesce(r.items, 0) as items,
        coalesce(r.posts, 0) as posts, coalesce(r.reach, 0) as reach, coalesce(r.engagements, 0) as engagements,
        coalesce(r.shares, 0) as shares
      from activity a
      join unit_tree t on t.descendant_id = a.unit_id and t.ancestor_id = ${scope.unitId}
      join activity_result r on r.activity_id = a.id
      where a.campaign_id = ${scope.campaignId} and a.status = 'done' and (${during})
    )`;
}

const SUMS = sql`count(*) as activities, sum(x.attendance) as attendance, sum(x.quantity) as quantity, sum(x.items) as items,
  sum(x.posts) as posts, sum(x.reach) as reach, sum(x.engagements) as engagements, sum(x.shares) as shares`;

async function groupRows(db: Kysely<Database>, query: RawBuilder<GroupChannelRow>): Promise<GroupChannelRow[]> {
  const { rows } = await query.execute(db);
  return rows.map(figureRow);
}

function figureRow(r: GroupChannelRow): GroupChannelRow {
  return {
    group: Number(r.group),
    channel: r.channel,
    activities: Number(r.activities),
    attendance: Number(r.attendance ?? 0),
    quantity: Number(r.quantity ?? 0),
    items: Number(r.items ?? 0),
    posts: Number(r.posts ?? 0),
    reach: Number(r.reach ?? 0),
    engagements: Number(r.engagements ?? 0),
    shares: Number(r.shares ?? 0),
  };
}

/** Sums rows of the same group and channel (the roll-up's months with the edges' days). */
function mergeRows(parts: readonly (readonly GroupChannelRow[])[]): GroupChannelRow[] {
  const merged = new Map<string, GroupChannelRow>();
  for (const rows of parts) {
    for (const row of rows) {
      const key = `${row.group}|${row.channel}`;
      const into = merged.get(key);
      if (!into) merged.set(key, { ...row });
      else for (const f of FIGURE_KEYS) into[f] += row[f];
    }
  }
  return [...merged.values()];
}

/** What the tally needs of one unit of the scope, for the period. */
interface UnitFigures {
  /** Counted activities the unit organised itself, per channel (targets are per unit). */
  own: Record<ChannelCode, number>;
  /** The spoken attendance of those (member coverage). */
  spokenAttendance: number;
  /** Counted activities of its whole subtree ("units with no activity"). */
  subtreeActivities: number;
  /** The points (and the points above them) its subtree's activities touch, each once. */
  covered: readonly number[];
}

const NO_OWN_ACTIVITY: Readonly<Record<ChannelCode, number>> = Object.freeze({ spoken: 0, visual: 0, media: 0, facebook: 0 });

function emptyUnitFigures(): UnitFigures {
  return { own: { ...NO_OWN_ACTIVITY }, spokenAttendance: 0, subtreeActivities: 0, covered: [] };
}

/** What a tally is computed from: the counted activities' figures, grouped five ways. */
interface CountedFigures {
  /** group 0: the whole scope. */
  total: GroupChannelRow[];
  /** group = content point; a point sums the points below it, each activity once. */
  points: GroupChannelRow[];
  /** group = a unit directly below the scope's root, for its whole subtree. */
  children: GroupChannelRow[];
  /** group = the scope's root, every figure, for the activities it organised itself. */
  rootOwn: GroupChannelRow[];
  /** The units of the scope with a counted activity in their subtree. */
  units: Map<number, UnitFigures>;
}

/**
 * When every counted activity of the scope lies in the period (the usual case: the campaign's
 * own period), the roll-up's all-months rows and tally_unit answer everything. Otherwise the
 * whole months of the period come from its monthly rows, and the days around them (a period that
 * does not start on the 1st or end on a month's last day) from the activities themselves.
 */
async function countedFigures(db: Kysely<Database>, scope: TallyScope): Promise<CountedFigures> {
  // The usual case is read while it is checked (one round trip less on PostgreSQL).
  const [allInPeriod, whole] = await Promise.all([isAllInPeriod(db, scope), rolledUpFigures(db, scope, "all")]);
  if (allInPeriod) return whole;
  const { months, edges } = splitByMonth(scope.from, scope.to);
  const parts = await Promise.all([
    ...(months ? [rolledUpFigures(db, scope, months)] : []),
    ...(edges.length ? [rawFigures(db, scope, edges)] : []),
  ]);
  const units = new Map<number, UnitFigures>();
  for (const part of parts) {
    for (const [unitId, figures] of part.units) {
      const into = units.get(unitId);
      if (!into) {
        units.set(unitId, figures);
        continue;
      }
      for (const c of CHANNEL_CODES) into.own[c] += figures.own[c];
      into.spokenAttendance += figures.spokenAttendance;
      into.subtreeActivities += figures.subtreeActivities;
      into.covered = [...new Set([...into.covered, ...figures.covered])];
    }
  }
  return {
    total: mergeRows(parts.map((p) => p.total)),
    points: mergeRows(parts.map((p) => p.points)),
    children: mergeRows(parts.map((p) => p.children)),
    rootOwn: mergeRows(parts.map((p) => p.rootOwn)),
    units,
  };
}

const SUMMED_ROLLUP = sql.join(FIGURE_KEYS.map((f) => sql`sum(r.${sql.ref(f)}) as ${sql.ref(f)}`));

/** True when no counted activity of the scope's subtree falls outside the period. */
async function isAllInPeriod(db: Kysely<Database>, scope: TallyScope): Promise<boolean> {
  const bounds = await db
    .selectFrom("tally_rollup")
    .select((eb) => [eb.fn.min("month").as("first"), eb.fn.max("month").as("last")])
    .where("campaign_id", "=", scope.campaignId)
    .where("unit_id", "=", scope.unitId)
    .where("point_id", "=", 0)
    .where("month", "<>", ALL_MONTHS)
    .where("activities", ">", 0)
    .executeTakeFirst();
  if (!bounds?.first || !bounds.last) return true;
  if (bounds.first < scope.from.slice(0, 7) || bounds.last > scope.to.slice(0, 7)) return false;
  const outside = daysOutsideInItsMonths(scope.from, scope.to);
  if (!outside.length) return true;
  const { rows } = await sql`${withCounted(scope, outside)} select 1 as found from counted limit 1`.execute(db);
  return rows.length === 0;
}

type MonthRange = { first: string; last: string };

async function rolledUpFigures(db: Kysely<Database>, scope: TallyScope, months: MonthRange | "all", withUnits = true): Promise<CountedFigures> {
  const root = scope.unitId;
  const inPeriod = rollupPeriod(scope, months);
  const [points, heads, units] = await Promise.all([
    groupRows(
      db,
      sql<GroupChannelRow>`select r.point_id as ${sql.ref("group")}, r.channel, ${SUMMED_ROLLUP} from tally_rollup r
        where ${inPeriod} and r.unit_id = ${root} and r.point_id <> 0 group by r.point_id, r.channel`,
    ),
    // The root and its children, every figure: the totals, the by-unit rows and the root's own row.
    sql<GroupChannelRow & { parent_id: number | null }>`select r.unit_id as ${sql.ref("group")}, u.parent_id, r.channel, ${SUMMED_ROLLUP}
      from tally_rollup r join unit u on u.id = r.unit_id
      where ${inPeriod} and r.point_id = 0 and (u.id = ${root} or u.parent_id = ${root}) group by r.unit_id, u.parent_id, r.channel`.execute(db),
    !withUnits ? new Map<number, UnitFigures>() : months === "all" ? unitFiguresOfCampaign(db, scope) : unitFiguresOfMonths(db, scope, months),
  ]);
  const headRows = heads.rows.map((r) => ({ row: figureRow(r), parentId: r.parent_id === null ? null : Number(r.parent_id) }));
  // What the root organised itself: its subtree minus its children's.
  const rootOwn = new Map<ChannelCode, GroupChannelRow>();
  for (const { row, parentId } of headRows) {
    if (row.group !== root && parentId !== root) continue;
    const sign = row.group === root ? 1 : -1;
    const into = rootOwn.get(row.channel) ?? { ...row, ...Object.fromEntries(FIGURE_KEYS.map((f) => [f, 0])), group: root };
    for (const f of FIGURE_KEYS) into[f] += sign * row[f];
    rootOwn.set(row.channel, into);
  }
  return {
    total: headRows.filter((s) => s.row.group === root).map((s) => ({ ...s.row, group: 0 })),
    points,
    children: headRows.filter((s) => s.parentId === root && s.row.group !== root).map((s) => s.row),
    rootOwn: [...rootOwn.values()].filter((r) => r.activities !== 0),
    units,
  };
}

function rollupPeriod(scope: TallyScope, months: MonthRange | "all") {
  return months === "all"
    ? sql`r.campaign_id = ${scope.campaignId} and r.month = ${ALL_MONTHS}`
    : sql`r.campaign_id = ${scope.campaignId} and r.month >= ${months.first} and r.month <= ${months.last}`;
}

/** Each unit of the scope for the whole campaign: one tally_unit row per unit. */
async function unitFiguresOfCampaign(db: Kysely<Database>, scope: TallyScope): Promise<Map<number, UnitFigures>> {
  const rows = await db
    .selectFrom("tally_unit as s")
    .innerJoin("unit_tree as t", "t.descendant_id", "s.unit_id")
    .select(["s.unit_id", "s.spoken", "s.visual", "s.media", "s.facebook", "s.spoken_attendance", "s.subtree_activities", "s.covered_points"])
    .where("t.ancestor_id", "=", scope.unitId)
    .where("s.campaign_id", "=", scope.campaignId)
    .where("s.subtree_activities", ">", 0)
    .execute();
  return new Map(
    rows.map((r) => [
      r.unit_id,
      {
        own: { spoken: Number(r.spoken), visual: Number(r.visual), media: Number(r.media), facebook: Number(r.facebook) },
        spokenAttendance: Number(r.spoken_attendance),
        subtreeActivities: Number(r.subtree_activities),
        covered: pointIds(r.covered_points),
      },
    ]),
  );
}

function pointIds(list: string | null): number[] {
  return list ? list.split(",").map(Number) : [];
}

/**
 * Each unit of the scope for whole months, from the monthly roll-up: its subtree per channel
 * (what it organised itself is that minus its children's) and the points its subtree covers.
 */
async function unitFiguresOfMonths(db: Kysely<Database>, scope: TallyScope, months: MonthRange): Promise<Map<number, UnitFigures>> {
  const inPeriod = rollupPeriod(scope, months);
  const [subtrees, covered] = await Promise.all([
    sql<{ unit_id: number; parent_id: number | null; channel: ChannelCode; activities: number; attendance: number }>`select r.unit_id, u.parent_id, r.channel,
        sum(r.activities) as activities, sum(r.attendance) as attendance
      from tally_rollup r join unit_tree t on t.descendant_id = r.unit_id and t.ancestor_id = ${scope.unitId} join unit u on u.id = r.unit_id
      where ${inPeriod} and r.point_id = 0 group by r.unit_id, u.parent_id, r.channel`.execute(db),
    // One row per unit with the points its subtree covers, not one per pair (a province has ~10^4 pairs).
    sql<{ unit_id: number; points: string }>`select x.unit_id, ${listOf(db, sql`x.point_id`)} as points from (
        select distinct r.point_id, r.unit_id
        from tally_rollup r join unit_tree t on t.descendant_id = r.unit_id and t.ancestor_id = ${scope.unitId}
        where ${inPeriod} and r.point_id <> 0 and r.activities > 0
      ) x group by x.unit_id`.execute(db),
  ]);
  const units = new Map<number, UnitFigures>();
  const of = (unitId: number) => units.get(unitId) ?? units.set(unitId, emptyUnitFigures()).get(unitId)!;
  for (const r of subtrees.rows) {
    const activities = Number(r.activities);
    const spoken = r.channel === "spoken" ? Number(r.attendance ?? 0) : 0;
    const unit = of(Number(r.unit_id));
    unit.own[r.channel] += activities;
    unit.spokenAttendance += spoken;
    unit.subtreeActivities += activities;
    if (r.parent_id !== null && Number(r.unit_id) !== scope.unitId) {
      const parent = of(Number(r.parent_id));
      parent.own[r.channel] -= activities;
      parent.spokenAttendance -= spoken;
    }
  }
  for (const r of covered.rows) of(Number(r.unit_id)).covered = pointIds(r.points);
  return units;
}

/** The same groupings straight from the activities, for runs of days the roll-up does not answer. */
async function rawFigures(db: Kysely<Database>, scope: TallyScope, days: readonly DayRange[]): Promise<CountedFigures> {
  const cte = withCounted(scope, days);
  const root = scope.unitId;
  const [total, points, children, own, subtrees, covered] = await Promise.all([
    groupRows(db, sql<GroupChannelRow>`${cte} select 0 as ${sql.ref("group")}, x.channel, ${SUMS} from counted x group by x.channel`),
    groupRows(
      db,
      sql<GroupChannelRow>`${cte} select x.ancestor_id as ${sql.ref("group")}, x.channel, ${SUMS} from (
        select distinct pa.ancestor_id, c.id, c.channel, c.attendance, c.quantity, c.items, c.posts, c.reach, c.engagements, c.shares
        from counted c join activity_point ap on ap.activity_id = c.id join pa on pa.point_id = ap.content_point_id
      ) x group by x.ancestor_id, x.channel`,
    ),
    groupRows(
      db,
      sql<GroupChannelRow>`${cte} select t.ancestor_id as ${sql.ref("group")}, x.channel, ${SUMS}
        from counted x join unit_tree t on t.descendant_id = x.unit_id join unit u on u.id = t.ancestor_id
        where u.parent_id = ${root} group by t.ancestor_id, x.channel`,
    ),
    groupRows(db, sql<GroupChannelRow>`${cte} select x.unit_id as ${sql.ref("group")}, x.channel, ${SUMS} from counted x group by x.unit_id, x.channel`),
    sql<{ unit_id: number; activities: number }>`${cte} select t.ancestor_id as unit_id, count(*) as activities
      from counted x join unit_tree t on t.descendant_id = x.unit_id
      join unit_tree s on s.descendant_id = t.ancestor_id and s.ancestor_id = ${root} group by t.ancestor_id`.execute(db),
    sql<{ point_id: number; unit_id: number }>`${cte} select distinct pa.ancestor_id as point_id, t.ancestor_id as unit_id
      from counted c join activity_point ap on ap.activity_id = c.id join pa on pa.point_id = ap.content_point_id
      join unit_tree t on t.descendant_id = c.unit_id
      join unit_tree s on s.descendant_id = t.ancestor_id and s.ancestor_id = ${root}`.execute(db),
  ]);
  const units = new Map<number, UnitFigures>();
  const of = (unitId: number) => units.get(unitId) ?? units.set(unitId, emptyUnitFigures()).get(unitId)!;
  for (const r of own) {
    const unit = of(r.group);
    unit.own[r.channel] += r.activities;
    if (r.channel === "spoken") unit.spokenAttendance += r.attendance;
  }
  for (const r of subtrees.rows) of(Number(r.unit_id)).subtreeActivities += Number(r.activities);
  const coveredBy = new Map<number, number[]>();
  for (const r of covered.rows) (coveredBy.get(Number(r.unit_id)) ?? coveredBy.set(Number(r.unit_id), []).get(Number(r.unit_id))!).push(Number(r.point_id));
  for (const [unitId, points] of coveredBy) of(unitId).covered = points;
  return { total, points, children, rootOwn: own.filter((r) => r.group === root), units };
}

export interface TallyUnitRow {
  unitId: number;
  name: string;
  kindName: string;
  members: number;
  figures: FiguresByChannel;
  activities: number;
  pointsCovered: number;
  expected: number;
  reported: number;
  onTime: number;
  memberCoverage: number | null;
  /** The unit itself, against its own targets (null: no target applies). */
  meetsTarget: boolean | null;
  unitsBelowTarget: number;
}

export interface ExpectedUnitStatus {
  unitId: number;
  name: string;
  childId: number | null;
  activities: number;
  reportStatus: string | null;
  submittedAt: Date | null;
  isOnTime: boolean | null;
  meetsTarget: boolean | null;
  coversPoints: number;
}

export interface PointRow {
  id: number;
  parentId: number | null;
  code: string;
  title: string;
  depth: number;
  figures: FiguresByChannel;
  activities: number;
  coveredUnits: number;
  coverage: number | null;
}

export interface Tally {
  scope: TallyScope & { unitName: string; campaignTitle: string };
  points: PointRow[];
  total: FiguresByChannel;
  totalActivities: number;
  byUnit: TallyUnitRow[];
  /** The scope unit's own activities (organised by it, not by the units below). */
  ownRow: TallyUnitRow | null;
  expectedUnits: ExpectedUnitStatus[];
  completeness: number | null;
  timeliness: number | null;
  memberCoverage: number | null;
  gaps: {
    uncoveredPoints: PointRow[];
    lowCoveragePoints: PointRow[];
    unitsWithoutActivity: ExpectedUnitStatus[];
    unitsBelowTarget: ExpectedUnitStatus[];
    unitsNotReported: ExpectedUnitStatus[];
  };
}


export async function computeTally(db: Kysely<Database>, actor: Actor, scope: TallyScope): Promise<Tally> {
  // The checks and the reads are sent together (one round trip on PostgreSQL, where a tally's
  // dozen small queries would otherwise wait for each other); nothing read leaves this function
  // unless both checks pass, since Promise.all rejects with the first failure.
  const [, rules, reads] = await Promise.all([
    assertUnitInScope(db, actor, scope.unitId),
    campaignRules(db, actor, scope.campaignId),
    tallyReads(db, scope, readingRollups(db, () => countedFigures(db, scope))),
  ]);
  return assembleTally(scope, rules, reads);
}

type CampaignRules = Awaited<ReturnType<typeof campaignRules>>;
type TallyReads = Awaited<ReturnType<typeof tallyReads>>;

/** What a tally computed unit by unit reads besides the campaign's rules: `counted` is on its way. */
function tallyReads(db: Kysely<Database>, scope: TallyScope, counted: Promise<CountedFigures>) {
  return Promise.all([
    counted,
    db
      .selectFrom("content_point")
      .select(["id", "parent_id", "code", "title", "position"])
      .where("campaign_id", "=", scope.campaignId)
      .where("is_archived", "=", false)
      .execute(),
    // Units of the scope with their depth below the root and their report.
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit as u", "u.id", "t.descendant_id")
      .innerJoin("unit_kind as k", "k.id", "u.kind_id")
      .leftJoin("unit_report as rep", (join) => join.onRef("rep.unit_id", "=", "u.id").on("rep.campaign_id", "=", scope.campaignId))
      .select([
        "u.id",
        "u.name",
        "u.parent_id",
        "u.kind_id",
        "u.members",
        "u.opened_on",
        "u.closed_on",
        "k.name as kind_name",
        "t.depth",
        "rep.status as report_status",
        "rep.submitted_at",
        "rep.is_on_time",
      ])
      .where("t.ancestor_id", "=", scope.unitId)
      .execute(),
  ]);
}

function assembleTally(scope: TallyScope, { campaign, reportingKinds, targets }: CampaignRules, [counted, pointList, unitRows]: TallyReads): Tally {
  const root = scope.unitId;
  const periodEnd = scope.to < campaign.ends_on ? scope.to : campaign.ends_on;
  const { total: totalRows, points: pointRows, children: childRows, rootOwn, units } = counted;

  // The child of the root each unit sits under: the unit itself at depth 1, else its ancestor at depth 1.
  const childOf = new Map<number, number | null>();
  for (const u of unitRows) {
    if (u.depth === 0) childOf.set(u.id, null);
    else if (u.depth === 1) childOf.set(u.id, u.id);
  }
  for (const u of [...unitRows].sort((a, b) => a.depth - b.depth)) {
    if (u.depth > 1 && u.parent_id !== null) childOf.set(u.id, childOf.get(u.parent_id) ?? null);
  }

  const reportingKinds_ = new Set(reportingKinds.map((k) => k.unit_kind_id));
  const isOpenAtEnd = (u: { opened_on: string | null; closed_on: string | null }) => isOpenAt({ openedOn: u.opened_on, closedOn: u.closed_on }, periodEnd);
  const ownActivities = (unitId: number) => units.get(unitId)?.own ?? NO_OWN_ACTIVITY;
  const ownAttendance = (unitId: number) => units.get(unitId)?.spokenAttendance ?? 0;
  const rules = targets as TargetRule[];

  // A unit covers a point when it or a unit below it has a counted activity on it.
  const livePointIds = new Set(pointList.map((p) => p.id));
  const coveredLive = (unitId: number) => {
    let n = 0;
    for (const id of units.get(unitId)?.covered ?? []) if (livePointIds.has(id)) n++;
    return n;
  };

  const openUnits = unitRows.filter(isOpenAtEnd);
  const unitCoverage = (u: { id: number; members: number }) => memberCoverage([{ members: u.members, spokenAttendance: ownAttendance(u.id) }]);
  const expected: ExpectedUnitStatus[] = openUnits
    .filter((u) => reportingKinds_.has(u.kind_id))
    .map((u) => {
      const own = ownActivities(u.id);
      return {
        unitId: u.id,
        name: u.name,
        childId: childOf.get(u.id) ?? null,
        activities: own.spoken + own.visual + own.media + own.facebook,
        reportStatus: u.report_status ?? null,
        submittedAt: u.submitted_at ?? null,
        isOnTime: u.is_on_time ?? null,
        meetsTarget: meetsTargets({ kindId: u.kind_id, members: u.members }, own, unitCoverage(u), rules),
        coversPoints: coveredLive(u.id),
      };
    })
    .sort(byName);
  const isSubmitted = (e: ExpectedUnitStatus) => isReportSubmitted(e.reportStatus);

  const total = byGroup(totalRows).get(0) ?? emptyByChannel();
  const pointFigures = byGroup(pointRows);
  const coveredCount = new Map<number, number>();
  for (const e of expected) {
    for (const p of units.get(e.unitId)?.covered ?? []) coveredCount.set(p, (coveredCount.get(p) ?? 0) + 1);
  }
  const points = matrixRows(pointList, pointFigures, coveredCount, expected.length);

  const children = byGroup(childRows);
  // Each child's expected and open units, grouped once (a national root has ~10^5 units).
  const byChild = <T,>(list: readonly T[], idOf: (item: T) => number) => {
    const groups = new Map<number, T[]>();
    for (const item of list) {
      const child = childOf.get(idOf(item));
      if (child != null) (groups.get(child) ?? groups.set(child, []).get(child)!).push(item);
    }
    return groups;
  };
  const expectedByChild = byChild(expected, (e) => e.unitId);
  const openByChild = byChild(openUnits, (u) => u.id);
  const rowFor = (unit: (typeof unitRows)[number], figures: FiguresByChannel, subtreeExpected: readonly ExpectedUnitStatus[], subtreeUnits: readonly (typeof unitRows)[number][]): TallyUnitRow => {
    return {
      unitId: unit.id,
      name: unit.name,
      kindName: unit.kind_name,
      members: subtreeUnits.reduce((s, u) => s + u.members, 0),
      figures,
      activities: totalActivities(figures),
      pointsCovered: coveredLive(unit.id),
      expected: subtreeExpected.length,
      reported: subtreeExpected.filter(isSubmitted).length,
      onTime: subtreeExpected.filter((e) => isSubmitted(e) && e.isOnTime).length,
      memberCoverage: memberCoverage(subtreeUnits.map((u) => ({ members: u.members, spokenAttendance: ownAttendance(u.id) }))),
      meetsTarget: meetsTargets({ kindId: unit.kind_id, members: unit.members }, ownActivities(unit.id), unitCoverage(unit), rules),
      unitsBelowTarget: subtreeExpected.filter((e) => e.meetsTarget === false).length,
    };
  };
  const byUnit = unitRows
    .filter((u) => u.depth === 1)
    .map((u) => rowFor(u, children.get(u.id) ?? emptyByChannel(), expectedByChild.get(u.id) ?? [], openByChild.get(u.id) ?? []))
    .sort(byName);
  const rootRow = unitRows.find((u) => u.depth === 0)!;
  const ownFigures = byGroup(rootOwn).get(root) ?? emptyByChannel();
  const ownRow = totalActivities(ownFigures) > 0 ? rowFor(rootRow, ownFigures, expected.filter((e) => e.unitId === root), openUnits.filter((u) => u.id === root)) : null;

  const submitted = expected.filter(isSubmitted);
  return {
    scope: { ...scope, unitName: rootRow.name, campaignTitle: campaign.title },
    points,
    total,
    totalActivities: totalActivities(total),
    byUnit,
    ownRow,
    expectedUnits: expected,
    completeness: ratio(submitted.length, expected.length),
    timeliness: ratio(submitted.filter((e) => e.isOnTime).length, expected.length),
    memberCoverage: memberCoverage(openUnits.map((u) => ({ members: u.members, spokenAttendance: ownAttendance(u.id) }))),
    gaps: {
      ...pointGaps(points),
      unitsWithoutActivity: expected.filter((e) => !units.get(e.unitId)?.subtreeActivities),
      unitsBelowTarget: expected.filter((e) => e.meetsTarget === false),
      unitsNotReported: expected.filter((e) => !isSubmitted(e)),
    },
  };
}

/** The matrix's rows in outline order: figures per channel, and the share of expected units covering each point. */
function matrixRows(
  pointList: readonly { id: number; parent_id: number | null; code: string; title: string; position: number }[],
  figuresOf: Map<number, FiguresByChannel>,
  coveredCount: Map<number, number>,
  expectedCount: number,
): PointRow[] {
  return orderPoints(pointList).map(({ point, depth }) => {
    const figures = figuresOf.get(point.id) ?? emptyByChannel();
    const coveredUnits = coveredCount.get(point.id) ?? 0;
    return {
      id: point.id,
      parentId: point.parent_id,
      code: point.code,
      title: point.title,
      depth,
      figures,
      activities: totalActivities(figures),
      coveredUnits,
      coverage: ratio(coveredUnits, expectedCount),
    };
  });
}

/** Points nobody touched, and points touched by under LOW_COVERAGE of the expected units. */
function pointGaps(points: readonly PointRow[]) {
  return {
    uncoveredPoints: points.filter((p) => p.activities === 0),
    lowCoveragePoints: points.filter((p) => p.activities > 0 && p.coverage !== null && p.coverage < LOW_COVERAGE),
  };
}

/** How many units each gap list shows on the page (the exports list them all). */
export const GAP_UNITS_SHOWN = 30;

/**
 * The tally as the page shows it: gap lists cut to their first units (with the full count)
 * and reports as submissions per Vietnam day, so a national tally does not send every one of
 * its ~10^5 expected units to the browser.
 */
export function tallyForPage(tally: Tally) {
  const { expectedUnits, gaps, ...rest } = tally;
  const cut = (list: ExpectedUnitStatus[]) => ({ total: list.length, shown: list.slice(0, GAP_UNITS_SHOWN).map((u) => ({ unitId: u.unitId, name: u.name })) });
  const perDay = new Map<string, number>();
  for (const e of expectedUnits) {
    if (!e.submittedAt || !isReportSubmitted(e.reportStatus)) continue;
    const day = wallClockParts(e.submittedAt).date;
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return {
    ...rest,
    expectedCount: expectedUnits.length,
    reportedCount: expectedUnits.filter((e) => isReportSubmitted(e.reportStatus)).length,
    /** False when the scope is too large to list units by name (the counts stay). */
    unitListsShown: true,
    submissionsPerDay: [...perDay].map(([day, count]) => ({ day, count })).sort((a, b) => a.day.localeCompare(b.day)),
    gaps: {
      uncoveredPoints: gaps.uncoveredPoints,
      lowCoveragePoints: gaps.lowCoveragePoints,
      unitsWithoutActivity: cut(gaps.unitsWithoutActivity),
      unitsBelowTarget: cut(gaps.unitsBelowTarget),
      unitsNotReported: cut(gaps.unitsNotReported),
    },
  };
}

function byName<T extends { name: string }>(a: T, b: T) {
  return byVietnameseName(a, b);
}

/** Points in outline order with their depth (0 = top). */
function orderPoints<P extends { id: number; parent_id: number | null; position: number }>(points: readonly P[]): { point: P; depth: number }[] {
  const ids = new Set(points.map((p) => p.id));
  const children = new Map<number | null, P[]>();
  for (const p of points) {
    const parent = p.parent_id !== null && ids.has(p.parent_id) ? p.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const out: { point: P; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const p of [...(children.get(parent) ?? [])].sort((a, b) => a.position - b.position || a.id - b.id)) {
      out.push({ point: p, depth });
      walk(p.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The counted activities behind a cell of the tally (or all of them): each figure is reproducible from these. */
export async function tallyActivities(
  db: Kysely<Database>,
  actor: Actor,
  scope: TallyScope,
  filter: { pointId?: number; channel?: ChannelCode; unitId?: number } = {},
  limit = 100_000,
) {
  await assertUnitInScope(db, actor, scope.unitId);
  if (filter.unitId !== undefined) await assertUnitInScope(db, actor, filter.unitId);
  await campaignRules(db, actor, scope.campaignId);
  const { from, to } = periodInstants(scope);
  let q = db
    .selectFrom("activity as a")
    .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
    .innerJoin("activity_result as r", "r.activity_id", "a.id")
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .leftJoin("channel_form as f", "f.id", "a.form_id")
    .where("t.ancestor_id", "=", filter.unitId ?? scope.unitId)
    .where("a.campaign_id", "=", scope.campaignId)
    .where("a.status", "=", "done")
    .where("a.starts_at", ">=", from)
    .where("a.starts_at", "<", to);
  if (filter.channel) q = q.where("a.channel", "=", filter.channel);
  if (filter.pointId !== undefined) {
    const pointId = filter.pointId;
    // The point or any point below it, as the matrix counts.
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("activity_point as ap")
          .select("ap.activity_id")
          .whereRef("ap.activity_id", "=", "a.id")
          .where("ap.content_point_id", "in", sql<number>`(with recursive below(id) as (select cast(${pointId} as integer) union all select cp.id from content_point cp join below on cp.parent_id = below.id) select id from below)`),
      ),
    );
  }
  const rows = await q
    .select(COUNTED_ACTIVITY_COLUMNS)
    .orderBy("a.starts_at")
    .orderBy("a.id")
    .limit(limit)
    .execute();
  return withPointCodes(db, rows, scope.campaignId);
}

/**
 * What a list of counted activities shows of each (the drill-down, the exports' list): select
 * from `activity as a`, `activity_result as r`, `unit as u` and `channel_form as f`.
 */
export const COUNTED_ACTIVITY_COLUMNS = [
  "a.id",
  "a.title",
  "a.channel",
  "a.starts_at",
  "a.is_all_day",
  "a.unit_id",
  "u.name as unit_name",
  "f.name as form_name",
  "r.attendance",
  "r.members_attending",
  "r.women_attending",
  "r.quantity",
  "r.quantity_unit",
  "r.items",
  "r.posts",
  "r.reach",
  "r.reach_source",
  "r.views",
  "r.engagements",
  "r.shares",
] as const;

const OUTLINE_ORDER = new Intl.Collator("vi", { numeric: true });

/** The activities with the codes of their points, in outline order ("1.4.9" before "1.4.10"), in one query. */
export async function withPointCodes<R extends { id: number }>(db: Kysely<Database>, rows: readonly R[], campaignId: number): Promise<(R & { points: string[] })[]> {
  if (!rows.length) return [];
  const tags = await db
    .selectFrom("activity_point as ap")
    .innerJoin("content_point as p", "p.id", "ap.content_point_id")
    .select(["ap.activity_id", "p.code"])
    // A long list by the campaign instead: one statement cannot carry tens of thousands of ids.
    .where("ap.activity_id", "in", rows.length <= 5000 ? rows.map((r) => r.id) : sql<number>`(select id from activity where campaign_id = ${campaignId})`)
    .execute();
  const codes = new Map<number, string[]>();
  for (const tag of tags) (codes.get(tag.activity_id) ?? codes.set(tag.activity_id, []).get(tag.activity_id)!).push(tag.code);
  return rows.map((r) => ({ ...r, points: (codes.get(r.id) ?? []).sort(OUTLINE_ORDER.compare) }));
}

/**
 * The scope a tally URL asks for, with the defaults a board expects: the newest campaign the
 * actor can see, the actor's own unit, the campaign's whole period. Null when no campaign exists.
 */
export async function resolveTallyScope(db: Kysely<Database>, actor: Actor, asked: TallyQuery): Promise<TallyScope | null> {
  const campaigns = await visibleCampaignRows(db, actor);
  const campaign = asked.campaign === undefined ? campaigns[0] : campaigns.find((c) => c.id === asked.campaign);
  if (!campaign) {
    if (asked.campaign !== undefined) throw notFound();
    return null;
  }
  return resolveTallyDefaults(asked, campaign, actor.unitId);
}

export interface MonthPoint {
  month: string;
  channel: ChannelCode;
  activities: number;
  attendance: number;
}

/**
 * Counted activities and attendance per Vietnamese calendar month and channel, for the charts:
 * whole months from the roll-up, the period's edge days from the activities.
 */
export async function monthlySeries(db: Kysely<Database>, actor: Actor, scope: TallyScope): Promise<MonthPoint[]> {
  await assertUnitInScope(db, actor, scope.unitId);
  const { months, edges } = splitByMonth(scope.from, scope.to);
  const buckets = new Map<string, MonthPoint>();
  const add = (month: string, channel: ChannelCode, activities: number, attendance: number) => {
    const key = `${month}|${channel}`;
    const bucket = buckets.get(key) ?? { month, channel, activities: 0, attendance: 0 };
    bucket.activities += activities;
    bucket.attendance += attendance;
    buckets.set(key, bucket);
  };
  if (months) {
    const rows = await readingRollups(db, () =>
      db
        .selectFrom("tally_rollup")
        .select(["month", "channel"])
        .select((eb) => [eb.fn.sum<number>("activities").as("activities"), eb.fn.sum<number>("attendance").as("attendance")])
        .where("campaign_id", "=", scope.campaignId)
        .where("unit_id", "=", scope.unitId)
        .where("point_id", "=", 0)
        .where("month", ">=", months.first)
        .where("month", "<=", months.last)
        .groupBy(["month", "channel"])
        .execute(),
    );
    for (const row of rows) if (Number(row.activities) > 0) add(row.month, row.channel, Number(row.activities), Number(row.attendance));
  }
  for (const edge of edges) {
    const { from, to } = periodInstants(edge);
    const rows = await db
      .selectFrom("activity as a")
      .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.starts_at", "a.channel", "r.attendance"])
      .where("t.ancestor_id", "=", scope.unitId)
      .where("a.campaign_id", "=", scope.campaignId)
      .where("a.status", "=", "done")
      .where("a.starts_at", ">=", from)
      .where("a.starts_at", "<", to)
      .execute();
    for (const row of rows) add(wallClockParts(row.starts_at).date.slice(0, 7), row.channel, 1, row.attendance ?? 0);
  }
  return [...buckets.values()].sort((a, b) => a.month.localeCompare(b.month));
}

export type PageTally = ReturnType<typeof tallyForPage>;

/**
 * From this many units below it, a scope's page comes from the unit statuses summed per ancestor
 * (tally-status.server.ts) instead of every unit's row: a national tally reads ~50 rows, not
 * ~10^5. Its gap lists then give counts only (a list of 30 names among 80,000 helps nobody; each
 * unit below has its own list).
 */
export const SUMMED_SCOPE_UNITS = 2000;

/**
 * The tally as the page (and the dashboard) shows it. Large scopes over the campaign's whole
 * period read the summed statuses; any other scope is computed unit by unit (`computeTally`).
 * Both give the same figures (test/integration/tally-status.test.ts).
 */
export async function pageTally(db: Kysely<Database>, actor: Actor, scope: TallyScope, summedFrom = SUMMED_SCOPE_UNITS): Promise<PageTally> {
  // One round trip decides the way: the checks, whether changes wait to be folded, and the root's
  // sums (how many units lie below it). The sums read beside the check only choose the way; the
  // figures are read after any fold.
  const [, rules, pending, sums] = await Promise.all([
    assertUnitInScope(db, actor, scope.unitId),
    campaignRules(db, actor, scope.campaignId),
    pendingWork(db),
    db.selectFrom("tally_status_sum").select("units").where("campaign_id", "=", scope.campaignId).where("unit_id", "=", scope.unitId).executeTakeFirst(),
  ]);
  await catchUp(db, pending);
  if (sums && Number(sums.units) >= summedFrom && scope.to >= rules.campaign.ends_on) {
    const summed = await summedTally(db, scope, rules);
    if (summed) return summed;
  }
  return tallyForPage(assembleTally(scope, rules, await tallyReads(db, scope, countedFigures(db, scope))));
}

/** The page from the summed statuses; null when some counted activity lies outside the period (the sums are for the whole campaign). */
async function summedTally(db: Kysely<Database>, scope: TallyScope, { campaign, targets }: CampaignRules): Promise<PageTally | null> {
  const root = scope.unitId;
  // The root and the units right below it: their rows, statuses, sums and own figures.
  const heads = db.selectFrom("unit").select("id").where((eb) => eb.or([eb("id", "=", root), eb("parent_id", "=", root)]));
  const [allInPeriod, counted, pointList, units, statuses, sums, ownFigures, counts] = await Promise.all([
    isAllInPeriod(db, scope),
    rolledUpFigures(db, scope, "all", false),
    db.selectFrom("content_point").select(["id", "parent_id", "code", "title", "position"]).where("campaign_id", "=", scope.campaignId).where("is_archived", "=", false).execute(),
    db
      .selectFrom("unit as u")
      .innerJoin("unit_kind as k", "k.id", "u.kind_id")
      .select(["u.id", "u.name", "u.parent_id", "u.kind_id", "u.members", "k.name as kind_name"])
      .where("u.id", "in", heads)
      .execute(),
    db.selectFrom("tally_status").selectAll().where("campaign_id", "=", scope.campaignId).where("unit_id", "in", heads).execute(),
    db.selectFrom("tally_status_sum").selectAll().where("campaign_id", "=", scope.campaignId).where("unit_id", "in", heads).execute(),
    db
      .selectFrom("tally_unit")
      .select(["unit_id", "spoken", "visual", "media", "facebook", "spoken_attendance", "subtree_activities", "covered_points"])
      .where("campaign_id", "=", scope.campaignId)
      .where("unit_id", "in", heads)
      .execute(),
    db.selectFrom("tally_status_count").select(["kind", "key", "units"]).where("campaign_id", "=", scope.campaignId).where("unit_id", "=", root).execute(),
  ]);
  if (!allInPeriod) return null;
  const rules = targets as TargetRule[];
  const statusOf = new Map(statuses.map((r) => [r.unit_id, r]));
  const sumOf = new Map(sums.map((r) => [r.unit_id, r]));
  const figuresOf = new Map(ownFigures.map((f) => [f.unit_id, f]));
  /** A unit's own status plus its proper descendants' sum, for one column. */
  const subtree = (unitId: number, column: "members" | "reached" | "expected" | "submitted" | "on_time" | "below_target" | "without_activity") =>
    Number(statusOf.get(unitId)?.[column] ?? 0) + Number(sumOf.get(unitId)?.[column] ?? 0);
  const ownOf = (unitId: number): Record<ChannelCode, number> => {
    const f = figuresOf.get(unitId);
    return { spoken: Number(f?.spoken ?? 0), visual: Number(f?.visual ?? 0), media: Number(f?.media ?? 0), facebook: Number(f?.facebook ?? 0) };
  };
  const livePointIds = new Set(pointList.map((p) => p.id));
  const coveredLive = (unitId: number) => {
    const f = figuresOf.get(unitId);
    if (!f || !Number(f.subtree_activities)) return 0;
    return pointIds(f.covered_points).filter((id) => livePointIds.has(id)).length;
  };
  const rowFor = (unit: (typeof units)[number], figures: FiguresByChannel, whole: boolean): TallyUnitRow => {
    const of = (column: Parameters<typeof subtree>[1]) => (whole ? subtree(unit.id, column) : Number(statusOf.get(unit.id)?.[column] ?? 0));
    const attendance = Number(figuresOf.get(unit.id)?.spoken_attendance ?? 0);
    return {
      unitId: unit.id,
      name: unit.name,
      kindName: unit.kind_name,
      members: of("members"),
      figures,
      activities: totalActivities(figures),
      pointsCovered: coveredLive(unit.id),
      expected: of("expected"),
      reported: of("submitted"),
      onTime: of("on_time"),
      memberCoverage: ratio(of("reached"), of("members")),
      meetsTarget: meetsTargets({ kindId: unit.kind_id, members: unit.members }, ownOf(unit.id), memberCoverage([{ members: unit.members, spokenAttendance: attendance }]), rules),
      unitsBelowTarget: of("below_target"),
    };
  };

  const total = byGroup(counted.total).get(0) ?? emptyByChannel();
  const expectedCount = subtree(root, "expected");
  const coveredCount = new Map<number, number>();
  const perDay = new Map<string, number>();
  for (const c of counts) {
    if (c.kind === "point") coveredCount.set(Number(c.key), (coveredCount.get(Number(c.key)) ?? 0) + Number(c.units));
    else perDay.set(c.key, (perDay.get(c.key) ?? 0) + Number(c.units));
  }
  const rootStatus = statusOf.get(root);
  for (const id of pointIds(rootStatus?.covered_points ?? "")) coveredCount.set(id, (coveredCount.get(id) ?? 0) + 1);
  if (rootStatus?.submitted_on) perDay.set(rootStatus.submitted_on, (perDay.get(rootStatus.submitted_on) ?? 0) + 1);
  const pointFigures = byGroup(counted.points);
  const points = matrixRows(pointList, pointFigures, coveredCount, expectedCount);
  const children = byGroup(counted.children);
  const rootRow = units.find((u) => u.id === root)!;
  const byUnit = units
    .filter((u) => u.id !== root)
    .map((u) => rowFor(u, children.get(u.id) ?? emptyByChannel(), true))
    .sort(byName);
  const ownFiguresOfRoot = byGroup(counted.rootOwn).get(root) ?? emptyByChannel();
  const submitted = subtree(root, "submitted");
  const count = (n: number) => ({ total: n, shown: [] as { unitId: number; name: string }[] });
  return {
    scope: { ...scope, unitName: rootRow.name, campaignTitle: campaign.title },
    points,
    total,
    totalActivities: totalActivities(total),
    byUnit,
    ownRow: totalActivities(ownFiguresOfRoot) > 0 ? rowFor(rootRow, ownFiguresOfRoot, false) : null,
    completeness: ratio(submitted, expectedCount),
    timeliness: ratio(subtree(root, "on_time"), expectedCount),
    memberCoverage: ratio(subtree(root, "reached"), subtree(root, "members")),
    expectedCount,
    reportedCount: submitted,
    unitListsShown: false,
    submissionsPerDay: [...perDay].filter(([, n]) => n !== 0).map(([day, n]) => ({ day, count: n })).sort((a, b) => a.day.localeCompare(b.day)),
    gaps: {
      ...pointGaps(points),
      unitsWithoutActivity: count(subtree(root, "without_activity")),
      unitsBelowTarget: count(subtree(root, "below_target")),
      unitsNotReported: count(expectedCount - submitted),
    },
  };
}
