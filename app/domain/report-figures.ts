/**
 * The figures of a unit's report, summed from the done activities with a logged result of the
 * unit and every unit below it (DESIGN.md, "Tally semantics"). Pure: the rows come from one
 * scoped query (unit-reports.server.ts: figureRows), so the tally can feed it the same rows.
 *
 *   spoken    sessions (buổi) and attendances (lượt người), of which members and women
 *   visual    items produced or displayed, by form and counting unit (băng rôn, tờ rơi ...)
 *   media     items (tin, bài, chương trình), by form
 *   facebook  posts, reach (with the metric each reach figure came from), views, engagements, shares
 */
import type { ChannelCode } from "@db/schema";

/** One counted activity: status done, a result logged. Numbers are null when not recorded. */
export interface FigureRow {
  activityId: number;
  unitId: number;
  channel: ChannelCode;
  formId: number | null;
  formName: string | null;
  formPosition: number | null;
  /** The form's own counting unit ("cái", "tờ", "tin, bài"). */
  formUnit: string | null;
  attendance: number | null;
  membersAttending: number | null;
  womenAttending: number | null;
  quantity: number | null;
  /** The counting unit the result was logged in, when it differs from the form's. */
  quantityUnit: string | null;
  items: number | null;
  posts: number | null;
  reach: number | null;
  views: number | null;
  engagements: number | null;
  shares: number | null;
  reachSource: string | null;
}

/** One line of a by-form breakdown: quantities are only summed within one form and one counting unit. */
export interface FormFigure {
  formId: number | null;
  formName: string | null;
  unit: string | null;
  activities: number;
  quantity: number;
}

export interface ReachFigure {
  /** Which metric the reach figure is (result-schemas REACH_SOURCES), null when not said. */
  source: string | null;
  reach: number;
}

export interface ReportFigures {
  /** Counted activities (each once, whatever its number of content points). */
  activities: number;
  /** Distinct units with at least one counted activity. */
  units: number;
  spoken: { sessions: number; attendance: number; membersAttending: number; womenAttending: number };
  visual: { activities: number; quantity: number; byForm: FormFigure[] };
  media: { activities: number; items: number; byForm: FormFigure[] };
  facebook: {
    activities: number;
    posts: number;
    reach: number;
    views: number;
    engagements: number;
    shares: number;
    reachBySource: ReachFigure[];
  };
}

export function emptyFigures(): ReportFigures {
  return {
    activities: 0,
    units: 0,
    spoken: { sessions: 0, attendance: 0, membersAttending: 0, womenAttending: 0 },
    visual: { activities: 0, quantity: 0, byForm: [] },
    media: { activities: 0, items: 0, byForm: [] },
    facebook: { activities: 0, posts: 0, reach: 0, views: 0, engagements: 0, shares: 0, reachBySource: [] },
  };
}

const n = (value: number | null | undefined): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

interface FormAccumulator extends FormFigure {
  position: number;
}

function addToForm(map: Map<string, FormAccumulator>, row: FigureRow, quantity: number): void {
  const unit = row.quantityUnit?.trim() || row.formUnit || null;
  const key = `${row.formId ?? "-"}|${unit ?? ""}`;
  const entry = map.get(key) ?? {
    formId: row.formId,
    formName: row.formName,
    unit,
    activities: 0,
    quantity: 0,
    position: row.formPosition ?? Number.MAX_SAFE_INTEGER,
  };
  entry.activities += 1;
  entry.quantity += quantity;
  map.set(key, entry);
}

function sortedForms(map: Map<string, FormAccumulator>): FormFigure[] {
  return [...map.values()]
    .sort(
      (a, b) =>
        a.position - b.position ||
        (a.formId ?? Number.MAX_SAFE_INTEGER) - (b.formId ?? Number.MAX_SAFE_INTEGER) ||
        (a.unit ?? "").localeCompare(b.unit ?? ""),
    )
    .map(({ position: _position, ...form }) => form);
}

/**
 * Sums the rows. Each activity counts once; a row repeated (the same activity id) is ignored,
 * so a query that fans out by content point cannot double count.
 */
export function aggregateFigures(rows: Iterable<FigureRow>): ReportFigures {
  const figures = emptyFigures();
  const seen = new Set<number>();
  const units = new Set<number>();
  const visualForms = new Map<string, FormAccumulator>();
  const mediaForms = new Map<string, FormAccumulator>();
  const reach = new Map<string | null, number>();

  for (const row of rows) {
    if (seen.has(row.activityId)) continue;
    seen.add(row.activityId);
    units.add(row.unitId);
    figures.activities += 1;
    switch (row.channel) {
      case "spoken":
        figures.spoken.sessions += 1;
        figures.spoken.attendance += n(row.attendance);
        figures.spoken.membersAttending += n(row.membersAttending);
        figures.spoken.womenAttending += n(row.womenAttending);
        break;
      case "visual":
        figures.visual.activities += 1;
        figures.visual.quantity += n(row.quantity);
        addToForm(visualForms, row, n(row.quantity));
        break;
      case "media":
        figures.media.activities += 1;
        figures.media.items += n(row.items);
        addToForm(mediaForms, { ...row, quantityUnit: null }, n(row.items));
        break;
      case "facebook": {
        const fb = figures.facebook;
        fb.activities += 1;
        fb.posts += n(row.posts);
        fb.reach += n(row.reach);
        fb.views += n(row.views);
        fb.engagements += n(row.engagements);
        fb.shares += n(row.shares);
        if (row.reach !== null) reach.set(row.reachSource, (reach.get(row.reachSource) ?? 0) + n(row.reach));
        break;
      }
    }
  }
  figures.units = units.size;
  figures.visual.byForm = sortedForms(visualForms);
  figures.media.byForm = sortedForms(mediaForms);
  figures.facebook.reachBySource = [...reach.entries()]
    .map(([source, value]) => ({ source, reach: value }))
    .sort((a, b) => b.reach - a.reach || (a.source ?? "").localeCompare(b.source ?? ""));
  return figures;
}

/** True when two figure sets say the same thing (a snapshot against today's figures). */
export function sameFigures(a: ReportFigures, b: ReportFigures): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
