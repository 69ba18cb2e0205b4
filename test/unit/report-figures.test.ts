import { describe, expect, it } from "vitest";
import { aggregateFigures, emptyFigures, sameFigures, type FigureRow } from "~/domain/report-figures";
import { readSnapshot, snapshotOf } from "~/domain/report-schemas";

let nextId = 1;
function row(partial: Partial<FigureRow> & Pick<FigureRow, "channel">): FigureRow {
  return {
    activityId: nextId++,
    unitId: 10,
    formId: null,
    formName: null,
    formPosition: null,
    formUnit: null,
    attendance: null,
    membersAttending: null,
    womenAttending: null,
    quantity: null,
    quantityUnit: null,
    items: null,
    posts: null,
    reach: null,
    views: null,
    engagements: null,
    shares: null,
    reachSource: null,
    ...partial,
  };
}

const banner = { formId: 4, formName: "Khẩu hiệu, băng rôn", formPosition: 4, formUnit: "cái" };
const leaflet = { formId: 7, formName: "Tờ rơi", formPosition: 7, formUnit: "tờ" };

describe("report figures", () => {
  it("counts spoken sessions and attendances, with members and women", () => {
    const f = aggregateFigures([
      row({ channel: "spoken", attendance: 120, membersAttending: 100, womenAttending: 60 }),
      row({ channel: "spoken", attendance: 35, unitId: 11 }),
    ]);
    expect(f.spoken).toEqual({ sessions: 2, attendance: 155, membersAttending: 100, womenAttending: 60 });
    expect(f.activities).toBe(2);
    expect(f.units).toBe(2);
  });

  it("sums visual products per form and counting unit, in the forms' order, never across units", () => {
    const f = aggregateFigures([
      row({ channel: "visual", ...leaflet, quantity: 500 }),
      row({ channel: "visual", ...banner, quantity: 3 }),
      row({ channel: "visual", ...banner, quantity: 2 }),
      row({ channel: "visual", ...banner, quantity: 1, quantityUnit: "bộ" }),
    ]);
    expect(f.visual.activities).toBe(4);
    expect(f.visual.byForm).toEqual([
      { formId: 4, formName: "Khẩu hiệu, băng rôn", unit: "bộ", activities: 1, quantity: 1 },
      { formId: 4, formName: "Khẩu hiệu, băng rôn", unit: "cái", activities: 2, quantity: 5 },
      { formId: 7, formName: "Tờ rơi", unit: "tờ", activities: 1, quantity: 500 },
    ]);
  });

  it("counts media items and Facebook posts, reach by the metric it came from, views, engagements and shares", () => {
    const f = aggregateFigures([
      row({ channel: "media", formId: 9, formName: "Báo, đài", formPosition: 9, formUnit: "tin, bài", items: 2 }),
      row({ channel: "media", formId: 9, formName: "Báo, đài", formPosition: 9, formUnit: "tin, bài", items: 1 }),
      row({ channel: "facebook", posts: 3, reach: 1200, views: 3000, engagements: 150, shares: 12, reachSource: "meta_reach" }),
      row({ channel: "facebook", posts: 1, reach: 800, engagements: 40, reachSource: "insights_lifetime_reach" }),
      row({ channel: "facebook", posts: 1, reach: 100, reachSource: "meta_reach" }),
      row({ channel: "facebook", posts: 2 }),
    ]);
    expect(f.media).toEqual({ activities: 2, items: 3, byForm: [{ formId: 9, formName: "Báo, đài", unit: "tin, bài", activities: 2, quantity: 3 }] });
    expect(f.facebook).toEqual({
      activities: 4,
      posts: 7,
      reach: 2100,
      views: 3000,
      engagements: 190,
      shares: 12,
      reachBySource: [
        { source: "meta_reach", reach: 1300 },
        { source: "insights_lifetime_reach", reach: 800 },
      ],
    });
  });

  it("counts an activity once even when the rows repeat it (one row per content point)", () => {
    const once = row({ channel: "spoken", attendance: 40 });
    const f = aggregateFigures([once, { ...once }, { ...once }]);
    expect(f.spoken).toEqual({ sessions: 1, attendance: 40, membersAttending: 0, womenAttending: 0 });
    expect(f.activities).toBe(1);
  });

  it("gives zeros for no rows, and a snapshot reads back equal", () => {
    expect(aggregateFigures([])).toEqual(emptyFigures());
    const f = aggregateFigures([row({ channel: "visual", ...banner, quantity: 3 }), row({ channel: "facebook", posts: 1, reach: 5, reachSource: null })]);
    const snapshot = readSnapshot(snapshotOf(f, new Date("2022-12-09T03:00:00Z")));
    expect(snapshot?.takenAt).toBe("2022-12-09T03:00:00.000Z");
    expect(sameFigures(snapshot!.figures, f)).toBe(true);
    expect(sameFigures(f, aggregateFigures([]))).toBe(false);
    expect(readSnapshot("not json")).toBeNull();
    expect(readSnapshot(JSON.stringify({ version: 99 }))).toBeNull();
  });
});
