/**
 * A unit's own standing in a campaign's tally (DESIGN.md, "Tally semantics"), pure: whether it
 * is open at the period's end, expected to report, reported (on time), below its targets, without
 * activity, its members and the members its spoken sessions reached. The tally counts these over
 * a scope's units; for large scopes they are kept summed per ancestor (tally-status.server.ts).
 */
import type { ChannelCode } from "@db/schema";
import { meetsTargets, memberCoverage, type TargetRule } from "./tally";

export interface StandingInputs {
  unit: { kindId: number; members: number; openedOn: string | null; closedOn: string | null };
  /** The last day of the period ("yyyy-MM-dd"). */
  periodEnd: string;
  reportingKinds: ReadonlySet<number>;
  rules: readonly TargetRule[];
  /** Counted activities the unit organised itself, per channel. */
  own: Record<ChannelCode, number>;
  spokenAttendance: number;
  /** Counted activities of its whole subtree. */
  subtreeActivities: number;
  report: { status: string | null; submittedOn: string | null; isOnTime: boolean | null } | null;
}

export interface Standing {
  isOpen: boolean;
  expected: boolean;
  /** Expected, and its report is with the level above (submitted or accepted). */
  submitted: boolean;
  onTime: boolean;
  /** Expected, and a target applies that it does not meet. */
  belowTarget: boolean;
  /** Expected, and no counted activity in its subtree. */
  withoutActivity: boolean;
  /** Its members when open, else 0 (closed units count for nobody's coverage). */
  members: number;
  /** min(own spoken attendance, members) when open. */
  reached: number;
  /** The Vietnam day it reported, when submitted and dated. */
  submittedOn: string | null;
}

export function isOpenAt(unit: { openedOn: string | null; closedOn: string | null }, day: string): boolean {
  return (unit.openedOn === null || unit.openedOn <= day) && (unit.closedOn === null || unit.closedOn > day);
}

export function isReportSubmitted(status: string | null | undefined): boolean {
  return status === "submitted" || status === "accepted";
}

export function unitStanding(i: StandingInputs): Standing {
  const isOpen = isOpenAt(i.unit, i.periodEnd);
  const expected = isOpen && i.reportingKinds.has(i.unit.kindId);
  const submitted = expected && isReportSubmitted(i.report?.status);
  const coverage = memberCoverage([{ members: i.unit.members, spokenAttendance: i.spokenAttendance }]);
  return {
    isOpen,
    expected,
    submitted,
    onTime: submitted && i.report?.isOnTime === true,
    belowTarget: expected && meetsTargets({ kindId: i.unit.kindId, members: i.unit.members }, i.own, coverage, i.rules) === false,
    withoutActivity: expected && !i.subtreeActivities,
    members: isOpen ? i.unit.members : 0,
    reached: isOpen ? Math.min(i.spokenAttendance, i.unit.members) : 0,
    submittedOn: submitted ? (i.report?.submittedOn ?? null) : null,
  };
}
