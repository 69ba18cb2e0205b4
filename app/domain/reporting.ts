/**
 * Who must report on a campaign. A unit is expected when its kind is one the campaign asks to
 * report and it is open on the last day of the period: a unit closed during the period (for
 * instance merged into another) cannot submit a year-end report, though everything it did
 * before closing still counts in the tally; a unit opened during the period reports for it.
 */
export function isExpectedToReport(
  unit: { kindId: number; openedOn: string | null; closedOn: string | null },
  reportingKindIds: ReadonlySet<number>,
  periodEndsOn: string,
): boolean {
  if (!reportingKindIds.has(unit.kindId)) return false;
  if (unit.openedOn !== null && unit.openedOn > periodEndsOn) return false;
  return unit.closedOn === null || unit.closedOn > periodEndsOn;
}

/** On time when submitted on or before the unit's own deadline (a calendar day in Vietnam). */
export function isOnTime(submittedOn: string, dueOn: string): boolean {
  return submittedOn <= dueOn;
}
