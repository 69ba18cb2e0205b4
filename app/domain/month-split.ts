import { addDays, addMonths, format, lastDayOfMonth, parseISO } from "date-fns";

/** A run of whole calendar days, "yyyy-MM-dd", inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * A period of whole days split into the whole months it covers (answered by the monthly
 * roll-up) and the days before and after them (read from the activities themselves).
 * 15/03–20/05 → months 2025-04..2025-04, edges 15/03–31/03 and 01/05–20/05.
 */
export interface MonthSplit {
  months: { first: string; last: string } | null;
  edges: DayRange[];
}

const day = (date: Date) => format(date, "yyyy-MM-dd");
const month = (date: Date) => format(date, "yyyy-MM");

export function splitByMonth(from: string, to: string): MonthSplit {
  const start = parseISO(from);
  const end = parseISO(to);
  const firstFull = start.getDate() === 1 ? start : addMonths(parseISO(`${from.slice(0, 7)}-01`), 1);
  const lastFullEnd = day(lastDayOfMonth(end)) === to ? end : addDays(parseISO(`${to.slice(0, 7)}-01`), -1);
  if (firstFull > lastFullEnd) return { months: null, edges: [{ from, to }] };
  const edges: DayRange[] = [];
  if (day(firstFull) > from) edges.push({ from, to: day(addDays(firstFull, -1)) });
  if (day(lastFullEnd) < to) edges.push({ from: day(addDays(lastFullEnd, 1)), to });
  return { months: { first: month(firstFull), last: month(lastFullEnd) }, edges };
}

/**
 * The days of the period's first and last months that lie outside it (01/03–14/03 and
 * 21/05–31/05 for 15/03–20/05): when no counted activity falls on them, a month total
 * equals the period's total for those months.
 */
export function daysOutsideInItsMonths(from: string, to: string): DayRange[] {
  const outside: DayRange[] = [];
  const firstOfMonth = `${from.slice(0, 7)}-01`;
  if (from > firstOfMonth) outside.push({ from: firstOfMonth, to: day(addDays(parseISO(from), -1)) });
  const lastOfMonth = day(lastDayOfMonth(parseISO(to)));
  if (to < lastOfMonth) outside.push({ from: day(addDays(parseISO(to), 1)), to: lastOfMonth });
  return outside;
}
