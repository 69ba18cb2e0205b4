import { addDays, format, parseISO } from "date-fns";
import { describe, expect, it } from "vitest";
import { daysOutsideInItsMonths, splitByMonth } from "~/domain/month-split";

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = parseISO(from); format(d, "yyyy-MM-dd") <= to; d = addDays(d, 1)) out.push(format(d, "yyyy-MM-dd"));
  return out;
}

describe("splitByMonth", () => {
  it("splits a period into whole months and the days around them", () => {
    expect(splitByMonth("2025-03-15", "2025-05-20")).toEqual({
      months: { first: "2025-04", last: "2025-04" },
      edges: [
        { from: "2025-03-15", to: "2025-03-31" },
        { from: "2025-05-01", to: "2025-05-20" },
      ],
    });
    expect(splitByMonth("2025-01-01", "2025-12-31")).toEqual({ months: { first: "2025-01", last: "2025-12" }, edges: [] });
    expect(splitByMonth("2024-02-01", "2024-02-29")).toEqual({ months: { first: "2024-02", last: "2024-02" }, edges: [] });
    expect(splitByMonth("2025-02-01", "2025-02-27")).toEqual({ months: null, edges: [{ from: "2025-02-01", to: "2025-02-27" }] });
    expect(splitByMonth("2025-03-31", "2025-04-01")).toEqual({ months: null, edges: [{ from: "2025-03-31", to: "2025-04-01" }] });
  });

  it("covers every day of any period exactly once (months + edges)", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 400; i++) {
      const from = format(addDays(parseISO("2023-12-01"), Math.floor(random() * 900)), "yyyy-MM-dd");
      const to = format(addDays(parseISO(from), Math.floor(random() * (i % 3 === 0 ? 40 : 500))), "yyyy-MM-dd");
      const { months, edges } = splitByMonth(from, to);
      const covered = edges.flatMap((e) => daysOf(e.from, e.to));
      if (months) covered.push(...daysOf(`${months.first}-01`, to).filter((d) => d.slice(0, 7) >= months.first && d.slice(0, 7) <= months.last));
      expect(covered.sort(), `${from}..${to}`).toEqual(daysOf(from, to));
      // No whole month is left to the (slower) edge reading.
      for (const e of edges) {
        const days = daysOf(e.from, e.to);
        for (const m of new Set(days.map((d) => d.slice(0, 7)))) {
          expect(days.filter((d) => d.startsWith(m)).length, `${m} in ${e.from}..${e.to}`).toBeLessThan(daysOf(`${m}-01`, `${m}-31`).filter((d) => d.startsWith(m)).length);
        }
      }
    }
  });
});

describe("daysOutsideInItsMonths", () => {
  it("lists the days of the first and last months that the period leaves out", () => {
    expect(daysOutsideInItsMonths("2025-03-15", "2025-05-20")).toEqual([
      { from: "2025-03-01", to: "2025-03-14" },
      { from: "2025-05-21", to: "2025-05-31" },
    ]);
    expect(daysOutsideInItsMonths("2025-01-01", "2025-12-31")).toEqual([]);
    expect(daysOutsideInItsMonths("2024-02-01", "2024-02-28")).toEqual([{ from: "2024-02-29", to: "2024-02-29" }]);
  });
});
