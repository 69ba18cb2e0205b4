/**
 * The activity list of a tally as CSV (/activities.csv), and what the three exports share: the
 * scope a URL asks for, the scope unit's names, and the one definition of an activity row (the
 * CSV and the XLSX "Hoạt động" sheet write the same columns, so every figure of the tally can be
 * reproduced from either).
 */
import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { formatDateOnly } from "~/domain/dates";
import { exportFileName } from "~/domain/report-text";
import { REACH_SOURCES } from "~/domain/result-schemas";
import { csvLine, UTF8_BOM, type CellValue } from "~/domain/spreadsheet-safety";
import { parseTallyQuery } from "~/domain/tally-query";
import { wallClockParts } from "~/domain/wall-clock";
import { translator, type MessageKey } from "~/i18n";
import { notFound } from "./http-errors.server";
import { resolveTallyScope, tallyActivities, type TallyScope } from "./tally.server";
import { countedActivityBatches, type CountedActivity, type CountedRowsOptions } from "./tally-rows.server";

/** The files are official Vietnamese documents: always written with the Vietnamese texts. */
export const vi = translator("vi");

/** Enough for a national campaign; the list is never cut silently below this. */
export const MAX_EXPORT_ACTIVITIES = 2_000_000;

export type { CountedActivity };

/** The scope of an export URL, with the page's defaults; no campaign at all answers 404. */
export async function scopeFromUrl(db: Kysely<Database>, actor: Actor, url: URL): Promise<TallyScope> {
  const scope = await resolveTallyScope(db, actor, parseTallyQuery(url.searchParams));
  if (!scope) throw notFound();
  return scope;
}

export interface ExportUnit {
  id: number;
  name: string;
  shortName: string | null;
  members: number;
  isGrassroots: boolean;
  isOpen: boolean;
  parentName: string | null;
  /** The unit's name and its ancestors', nearest first. */
  lineage: string[];
}

/** The scope unit's names (call after the scope check: computeTally or tallyActivities). */
export async function exportUnit(db: Kysely<Database>, unitId: number, periodEnd: string): Promise<ExportUnit> {
  const rows = await db
    .selectFrom("unit_tree as t")
    .innerJoin("unit as u", "u.id", "t.ancestor_id")
    .innerJoin("unit_kind as k", "k.id", "u.kind_id")
    .select(["u.id", "u.name", "u.short_name", "u.members", "u.opened_on", "u.closed_on", "k.is_grassroots", "t.depth"])
    .where("t.descendant_id", "=", unitId)
    .orderBy("t.depth")
    .execute();
  const self = rows[0];
  if (!self || self.id !== unitId) throw notFound();
  return {
    id: self.id,
    name: self.name,
    shortName: self.short_name,
    members: Number(self.members),
    isGrassroots: self.is_grassroots,
    isOpen: (self.opened_on === null || self.opened_on <= periodEnd) && (self.closed_on === null || self.closed_on > periodEnd),
    parentName: rows[1]?.name ?? null,
    lineage: rows.map((r) => r.name),
  };
}

/**
 * Every counted activity of the scope, all in memory: the rows the tally's figures are sums of.
 * The XLSX and the CSV read them in batches instead (tally-rows.server.ts).
 */
export function countedActivities(db: Kysely<Database>, actor: Actor, scope: TallyScope): Promise<CountedActivity[]> {
  return tallyActivities(db, actor, scope, {}, MAX_EXPORT_ACTIVITIES);
}

// ---------------------------------------------------------------------------------------------
// One activity row, shared by the CSV and the XLSX

export const ACTIVITY_COLUMNS: readonly { key: MessageKey; width: number; numeric?: boolean }[] = [
  { key: "exports.col.number", width: 7, numeric: true },
  { key: "exports.col.activityId", width: 11, numeric: true },
  { key: "exports.col.unit", width: 40 },
  { key: "exports.col.date", width: 12 },
  { key: "exports.col.time", width: 9 },
  { key: "exports.col.channel", width: 24 },
  { key: "exports.col.form", width: 28 },
  { key: "exports.col.title", width: 60 },
  { key: "exports.col.points", width: 18 },
  { key: "exports.col.attendance", width: 12, numeric: true },
  { key: "exports.col.membersAttending", width: 12, numeric: true },
  { key: "exports.col.womenAttending", width: 11, numeric: true },
  { key: "exports.col.quantity", width: 12, numeric: true },
  { key: "exports.col.quantityUnit", width: 11 },
  { key: "exports.col.mediaItems", width: 10, numeric: true },
  { key: "exports.col.posts", width: 9, numeric: true },
  { key: "exports.col.reach", width: 13, numeric: true },
  { key: "exports.col.views", width: 12, numeric: true },
  { key: "exports.col.engagements", width: 13, numeric: true },
  { key: "exports.col.shares", width: 11, numeric: true },
  { key: "exports.col.reachSource", width: 30 },
];

/** Where a reach figure came from, in words: a code of the result form, or what an import recorded. */
export function reachSourceText(source: string | null): string | null {
  if (!source) return null;
  return (REACH_SOURCES as readonly string[]).includes(source) ? vi(`results.reachSource.${source}` as MessageKey) : source;
}

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/**
 * wallClockParts per start instant, remembered: converting through the time-zone library costs
 * ~10 µs a row, and activities start at a few round times, so a national list of a million rows
 * converts a few thousand distinct instants. Keyed by the exact instant (the same answer); the
 * memory is bounded by starting afresh past 50,000 instants.
 */
const wallClockMemo = new Map<number, { date: string; time: string }>();
function wallClockOf(instant: Date): { date: string; time: string } {
  const key = instant.getTime();
  let parts = wallClockMemo.get(key);
  if (!parts) {
    if (wallClockMemo.size >= 50_000) wallClockMemo.clear();
    parts = wallClockParts(instant);
    wallClockMemo.set(key, parts);
  }
  return parts;
}

/**
 * The cells of one activity, in ACTIVITY_COLUMNS order; the date is the Vietnamese calendar
 * date ("yyyy-MM-dd"), which the CSV writes as dd/MM/yyyy and the XLSX as a date cell.
 */
export function activityCells(a: CountedActivity, index: number): { date: string; cells: CellValue[] } {
  const when = wallClockOf(new Date(a.starts_at));
  return {
    date: when.date,
    cells: [
      index + 1,
      a.id,
      a.unit_name,
      when.date,
      a.is_all_day ? vi("exports.allDay") : when.time,
      vi(`channel.${a.channel}`),
      a.form_name ?? "",
      a.title,
      a.points.join("; "),
      num(a.attendance),
      num(a.members_attending),
      num(a.women_attending),
      num(a.quantity),
      a.quantity_unit ?? "",
      num(a.items),
      num(a.posts),
      num(a.reach),
      num(a.views),
      num(a.engagements),
      num(a.shares),
      reachSourceText(a.reach_source) ?? "",
    ],
  };
}

export const ACTIVITY_DATE_COLUMN = 3;

// ---------------------------------------------------------------------------------------------
// The CSV

/**
 * UTF-8 with a BOM (Excel then reads Vietnamese right), comma separated, CRLF, header row in
 * Vietnamese. One chunk per batch of activities, read when the response asks for more.
 */
export function activitiesCsvStream(batches: AsyncIterable<readonly CountedActivity[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(ACTIVITY_COLUMNS.map((c) => vi(c.key)))));
    },
    async pull(controller) {
      const batch = await iterator.next();
      if (batch.done) {
        controller.close();
        return;
      }
      let text = "";
      for (const activity of batch.value) {
        const { cells } = activityCells(activity, next++);
        cells[ACTIVITY_DATE_COLUMN] = formatDateOnly(cells[ACTIVITY_DATE_COLUMN] as string);
        text += csvLine(cells);
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** The CSV download; a scope outside the actor's subtree, or an invisible campaign, answers 404 before any byte. */
export async function activitiesCsv(db: Kysely<Database>, actor: Actor, scope: TallyScope, rows: CountedRowsOptions = {}) {
  const activities = await countedActivityBatches(db, actor, scope, rows);
  const [unit, campaign] = await Promise.all([
    exportUnit(db, scope.unitId, scope.to),
    db.selectFrom("campaign").select("title").where("id", "=", scope.campaignId).executeTakeFirstOrThrow(),
  ]);
  return {
    fileName: exportFileName("hoat-dong", { campaignTitle: campaign.title, unitName: unit.name, unitShortName: unit.shortName, from: scope.from, to: scope.to }, "csv"),
    body: activitiesCsvStream(activities),
  };
}
