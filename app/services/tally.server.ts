import { sql, type Kysely, type RawBuilder } from "kysely";
import type { ChannelCode, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { CHANNEL_CODES } from "~/domain/channels";
import { byVietnameseName } from "~/domain/collation";
import {
  byGroup,
  emptyByChannel,
  LOW_COVERAGE,
  meetsTargets,
  memberCoverage,
  ratio,
  totalActivities,
  type FiguresByChannel,
  type GroupChannelRow,
  type TargetRule,
} from "~/domain/tally";
import { resolveTallyDefaults, type TallyQuery } from "~/domain/tally-query";
import { instantAt, wallClockParts } from "~/domain/wall-clock";
import { campaignDetail, visibleCampaignRows } from "./campaigns.server";
import { notFound } from "./http-errors.server";
import { assertUnitInScope } from "./scope.server";

export interface TallyScope {
  campaignId: number;
  unitId: number;
  /** Calendar dates in Vietnam, inclusive. */
  from: string;
  to: string;
}

/** The instants [from 00:00, day after `to` 00:00) in Vietnam. */
function periodInstants(scope: TallyScope) {
  const end = new Date(instantAt(scope.to, "00:00").getTime() + 24 * 3600 * 1000);
  return { from: instantAt(scope.from, "00:00"), to: end };
}

/**
 * `pa`: every point of the campaign with itself and each of its ancestors (a parent sums its
 * subtree). `counted`: the done activities with a logged result in the scope and period.
 */
function withCounted(scope: TallyScope): RawBuilder<unknown> {
  const { from, to } = periodInstants(scope);
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
      where a.campaign_id = ${scope.campaignId} and a.status = 'done' and a.starts_at >= ${from} and a.starts_at < ${to}
    )`;
}

const SUMS = sql`count(*) as activities, sum(x.attendance) as attendance, sum(x.quantity) as quantity, sum(x.items) as items,
  sum(x.posts) as posts, sum(x.reach) as reach, sum(x.engagements) as engagements, sum(x.shares) as shares`;

async function groupRows(db: Kysely<Database>, query: RawBuilder<GroupChannelRow>): Promise<GroupChannelRow[]> {
  const { rows } = await query.execute(db);
  return rows.map((r) => ({
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
  }));
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
  await assertUnitInScope(db, actor, scope.unitId);
  const { campaign, reportingKinds, targets } = await campaignDetail(db, actor, scope.campaignId);
  const cte = withCounted(scope);
  const root = scope.unitId;
  const periodEnd = scope.to < campaign.ends_on ? scope.to : campaign.ends_on;

  const [totalRows, pointRows, childRows, ownRows, pointList, rootUnit, unitRows, coveredByPoint] = await Promise.all([
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
    // Every unit's own activities: for targets, member coverage and "units with no activity".
    groupRows(db, sql<GroupChannelRow>`${cte} select x.unit_id as ${sql.ref("group")}, x.channel, ${SUMS} from counted x group by x.unit_id, x.channel`),
    db
      .selectFrom("content_point")
      .select(["id", "parent_id", "code", "title", "position"])
      .where("campaign_id", "=", scope.campaignId)
      .where("is_archived", "=", false)
      .execute(),
    db.selectFrom("unit").select(["id", "name"]).where("id", "=", root).executeTakeFirstOrThrow(),
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
      .where("t.ancestor_id", "=", root)
      .execute(),
    // Expected units covering each point: the unit or one below it has a counted activity on it.
    sql<{ point_id: number; unit_id: number }>`${cte} select distinct pa.ancestor_id as point_id, t.ancestor_id as unit_id
      from counted c join activity_point ap on ap.activity_id = c.id join pa on pa.point_id = ap.content_point_id
      join unit_tree t on t.descendant_id = c.unit_id
      join unit_tree s on s.descendant_id = t.ancestor_id and s.ancestor_id = ${root}`.execute(db),
  ]);

  // The child of the root each unit sits under: the unit itself at depth 1, else its ancestor at depth 1.
  const childOf = new Map<number, number | null>();
  const byId = new Map(unitRows.map((u) => [u.id, u]));
  for (const u of unitRows) {
    if (u.depth === 0) childOf.set(u.id, null);
    else if (u.depth === 1) childOf.set(u.id, u.id);
  }
  for (const u of [...unitRows].sort((a, b) => a.depth - b.depth)) {
    if (u.depth > 1 && u.parent_id !== null) childOf.set(u.id, childOf.get(u.parent_id) ?? null);
  }

  const reportingKinds_ = new Set(reportingKinds.map((k) => k.unit_kind_id));
  const isOpenAtEnd = (u: { opened_on: string | null; closed_on: string | null }) =>
    (u.opened_on === null || u.opened_on <= periodEnd) && (u.closed_on === null || u.closed_on > periodEnd);
  const own = byGroup(ownRows);
  const ownActivities = (unitId: number) => {
    const f = own.get(unitId) ?? emptyByChannel();
    return Object.fromEntries(CHANNEL_CODES.map((c) => [c, f[c].activities])) as Record<ChannelCode, number>;
  };
  const ownAttendance = (unitId: number) => own.get(unitId)?.spoken.attendance ?? 0;
  const rules = targets as TargetRule[];

  const coversByUnit = new Map<number, Set<number>>();
  for (const row of coveredByPoint.rows) {
    const set = coversByUnit.get(Number(row.unit_id)) ?? new Set<number>();
    set.add(Number(row.point_id));
    coversByUnit.set(Number(row.unit_id), set);
  }
  const livePointIds = new Set(pointList.map((p) => p.id));
  const coveredLive = (unitId: number) => [...(coversByUnit.get(unitId) ?? [])].filter((id) => livePointIds.has(id)).length;

  const openUnits = unitRows.filter(isOpenAtEnd);
  const unitCoverage = (u: { id: number; members: number }) => memberCoverage([{ members: u.members, spokenAttendance: ownAttendance(u.id) }]);
  const expected: ExpectedUnitStatus[] = openUnits
    .filter((u) => reportingKinds_.has(u.kind_id))
    .map((u) => ({
      unitId: u.id,
      name: u.name,
      childId: childOf.get(u.id) ?? null,
      activities: CHANNEL_CODES.reduce((s, c) => s + ownActivities(u.id)[c], 0),
      reportStatus: u.report_status ?? null,
      submittedAt: u.submitted_at ?? null,
      isOnTime: u.is_on_time ?? null,
      meetsTarget: meetsTargets({ kindId: u.kind_id, members: u.members }, ownActivities(u.id), unitCoverage(u), rules),
      coversPoints: coveredLive(u.id),
    }))
    .sort(byName);
  const isSubmitted = (e: ExpectedUnitStatus) => e.reportStatus === "submitted" || e.reportStatus === "accepted";

  // Subtree activity counts per expected unit, for "units with no activity" (none in their subtree).
  const subtreeActivity = new Map<number, number>();
  for (const u of unitRows) {
    const count = totalActivities(own.get(u.id) ?? emptyByChannel());
    if (!count) continue;
    for (let at: number | null = u.id; at !== null; at = byId.get(at)?.parent_id ?? null) {
      subtreeActivity.set(at, (subtreeActivity.get(at) ?? 0) + count);
      if (at === root) break;
    }
  }

  const total = byGroup(totalRows).get(0) ?? emptyByChannel();
  const pointFigures = byGroup(pointRows);
  const coveredCount = new Map<number, number>();
  const expectedIds = new Set(expected.map((e) => e.unitId));
  for (const [unitId, points] of coversByUnit) {
    if (!expectedIds.has(unitId)) continue;
    for (const p of points) coveredCount.set(p, (coveredCount.get(p) ?? 0) + 1);
  }
  const points = orderPoints(pointList).map(({ point, depth }) => {
    const figures = pointFigures.get(point.id) ?? emptyByChannel();
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
      coverage: ratio(coveredUnits, expected.length),
    };
  });

  const children = byGroup(childRows);
  const rowFor = (unit: (typeof unitRows)[number], figures: FiguresByChannel, inSubtree: (u: { id: number }) => boolean): TallyUnitRow => {
    const subtreeExpected = expected.filter((e) => inSubtree({ id: e.unitId }));
    const subtreeUnits = openUnits.filter(inSubtree);
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
    .map((u) => rowFor(u, children.get(u.id) ?? emptyByChannel(), (x) => childOf.get(x.id) === u.id))
    .sort(byName);
  const rootRow = unitRows.find((u) => u.depth === 0)!;
  const ownFigures = own.get(root) ?? emptyByChannel();
  const ownRow = totalActivities(ownFigures) > 0 ? rowFor(rootRow, ownFigures, (x) => x.id === root) : null;

  const submitted = expected.filter(isSubmitted);
  return {
    scope: { ...scope, unitName: rootUnit.name, campaignTitle: campaign.title },
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
      uncoveredPoints: points.filter((p) => p.activities === 0),
      lowCoveragePoints: points.filter((p) => p.activities > 0 && p.coverage !== null && p.coverage < LOW_COVERAGE),
      unitsWithoutActivity: expected.filter((e) => !subtreeActivity.get(e.unitId)),
      unitsBelowTarget: expected.filter((e) => e.meetsTarget === false),
      unitsNotReported: expected.filter((e) => !isSubmitted(e)),
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
  await campaignDetail(db, actor, scope.campaignId);
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
    .select([
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
    ])
    .orderBy("a.starts_at")
    .orderBy("a.id")
    .limit(limit)
    .execute();
  const tags = rows.length
    ? await db
        .selectFrom("activity_point as ap")
        .innerJoin("content_point as p", "p.id", "ap.content_point_id")
        .select(["ap.activity_id", "p.code"])
        .where("ap.activity_id", "in", rows.length <= 5000 ? rows.map((r) => r.id) : sql<number>`(select id from activity where campaign_id = ${scope.campaignId})`)
        .execute()
    : [];
  const codes = new Map<number, string[]>();
  for (const tag of tags) codes.set(tag.activity_id, [...(codes.get(tag.activity_id) ?? []), tag.code]);
  const outline = new Intl.Collator("vi", { numeric: true });
  return rows.map((r) => ({ ...r, points: (codes.get(r.id) ?? []).sort(outline.compare) }));
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

/** Counted activities and attendance per Vietnamese calendar month and channel, for the charts. */
export async function monthlySeries(db: Kysely<Database>, actor: Actor, scope: TallyScope): Promise<MonthPoint[]> {
  await assertUnitInScope(db, actor, scope.unitId);
  const { from, to } = periodInstants(scope);
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
  const buckets = new Map<string, MonthPoint>();
  for (const row of rows) {
    const month = wallClockParts(row.starts_at).date.slice(0, 7);
    const key = `${month}|${row.channel}`;
    const bucket = buckets.get(key) ?? { month, channel: row.channel, activities: 0, attendance: 0 };
    bucket.activities++;
    bucket.attendance += row.attendance ?? 0;
    buckets.set(key, bucket);
  }
  return [...buckets.values()].sort((a, b) => a.month.localeCompare(b.month));
}
