/**
 * The tally's arithmetic (DESIGN.md, "Tally semantics"), pure: the service feeds it grouped rows
 * from the database and it assembles the matrix, the by-unit table, coverage, targets and gaps.
 *
 *  - Only done activities with a logged result count (the service's `counted` set).
 *  - An activity tagged with several points counts under each of them in the point x channel
 *    matrix; a parent point counts each activity of its subtree once; the total counts each
 *    activity once.
 *  - A unit covers a point when it or a unit below it has a counted activity tagged with the
 *    point (or a point below it). Coverage = covering expected units / expected units.
 *  - Completeness = submitted / expected; timeliness = submitted on time / expected.
 *  - Member coverage = sum over units of min(own spoken attendance, members) / sum of members.
 */
import type { ChannelCode } from "@db/schema";
import { CHANNEL_CODES } from "./channels";

/** Below this share of expected units covering it, a point is listed as a gap. */
export const LOW_COVERAGE = 0.5;

/** Every figure a tally sums (the roll-up tables keep the same columns). */
export const FIGURE_KEYS = ["activities", "attendance", "quantity", "items", "posts", "reach", "engagements", "shares"] as const;

export type ChannelFigures = Record<(typeof FIGURE_KEYS)[number], number>;

export type FiguresByChannel = Record<ChannelCode, ChannelFigures>;

/** A database row: figures of one group (a point, a unit ...) in one channel. */
export type GroupChannelRow = ChannelFigures & {
  group: number;
  channel: ChannelCode;
};

export function emptyChannelFigures(): ChannelFigures {
  return { activities: 0, attendance: 0, quantity: 0, items: 0, posts: 0, reach: 0, engagements: 0, shares: 0 };
}

export function emptyByChannel(): FiguresByChannel {
  return Object.fromEntries(CHANNEL_CODES.map((c) => [c, emptyChannelFigures()])) as FiguresByChannel;
}

function addInto(target: ChannelFigures, row: ChannelFigures) {
  for (const key of FIGURE_KEYS) target[key] += Number(row[key] ?? 0);
}

/** Group rows -> figures per group and channel. */
export function byGroup(rows: readonly GroupChannelRow[]): Map<number, FiguresByChannel> {
  const groups = new Map<number, FiguresByChannel>();
  for (const row of rows) {
    const figures = groups.get(row.group) ?? emptyByChannel();
    addInto(figures[row.channel], row);
    groups.set(row.group, figures);
  }
  return groups;
}

export function totalActivities(figures: FiguresByChannel): number {
  return CHANNEL_CODES.reduce((sum, c) => sum + figures[c].activities, 0);
}

export interface TargetRule {
  unit_kind_id: number | null;
  min_members: number | null;
  max_members: number | null;
  channel: ChannelCode | null;
  min_activities: number;
  member_coverage_pct: number | null;
}

/** Targets that apply to a unit: its kind (or any kind) and its member-size band. */
export function applicableTargets(unit: { kindId: number; members: number }, rules: readonly TargetRule[]): TargetRule[] {
  return rules.filter(
    (r) =>
      (r.unit_kind_id === null || r.unit_kind_id === unit.kindId) &&
      (r.min_members === null || unit.members >= r.min_members) &&
      (r.max_members === null || unit.members <= r.max_members),
  );
}

/**
 * Whether a unit meets its targets with its own counted activities (targets are set per unit:
 * "each grassroots union with 1,000+ members at least 4"); null when no target applies.
 */
export function meetsTargets(
  unit: { kindId: number; members: number },
  ownActivities: Record<ChannelCode, number>,
  ownMemberCoverage: number | null,
  rules: readonly TargetRule[],
): boolean | null {
  const targets = applicableTargets(unit, rules);
  if (!targets.length) return null;
  return targets.every((r) => {
    const count = r.channel ? ownActivities[r.channel] : CHANNEL_CODES.reduce((s, c) => s + ownActivities[c], 0);
    if (count < r.min_activities) return false;
    if (r.member_coverage_pct !== null && unit.members > 0) return (ownMemberCoverage ?? 0) * 100 >= r.member_coverage_pct;
    return true;
  });
}

/** min(attendance, members) summed, over members summed; null when there are no members. */
export function memberCoverage(units: readonly { members: number; spokenAttendance: number }[]): number | null {
  let reached = 0;
  let members = 0;
  for (const u of units) {
    members += u.members;
    reached += Math.min(u.spokenAttendance, u.members);
  }
  return members > 0 ? reached / members : null;
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
