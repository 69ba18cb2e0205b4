import { z } from "zod";
import type { ChannelCode } from "@db/schema";
import { countField, httpUrl, optionalCount, optionalText } from "./validation";

/** Where a reach figure came from: a year-end tally must say what it summed (see DOMAIN.md). */
export const REACH_SOURCES = [
  "meta_reach",
  "meta_views",
  "insights_lifetime_reach",
  "insights_lifetime_impressions",
  "headcount",
  "estimate",
  "other",
] as const;
export type ReachSource = (typeof REACH_SOURCES)[number];

const MAX_COUNT = 100_000_000;

/** Links typed one per line; each must be http(s). */
const linksField = z
  .preprocess(
    (v) => (typeof v === "string" ? v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : v ?? []),
    z.array(httpUrl).max(50, "results.tooManyLinks"),
  )
  .transform((links) => (links.length ? links.join("\n") : null));

const common = {
  notes: optionalText(4000),
  links: linksField,
};

const notAbove = (part: number | null, whole: number) => part === null || part <= whole;

export const spokenResultSchema = z
  .object({
    ...common,
    attendance: countField(MAX_COUNT),
    membersAttending: optionalCount(MAX_COUNT),
    womenAttending: optionalCount(MAX_COUNT),
    presenter: optionalText(200),
  })
  .superRefine((r, ctx) => {
    if (!notAbove(r.membersAttending, r.attendance)) ctx.addIssue({ code: "custom", path: ["membersAttending"], message: "results.partAboveTotal" });
    if (!notAbove(r.womenAttending, r.attendance)) ctx.addIssue({ code: "custom", path: ["womenAttending"], message: "results.partAboveTotal" });
  });

export const visualResultSchema = z.object({
  ...common,
  quantity: countField(MAX_COUNT),
  quantityUnit: optionalText(50),
  displayPlace: optionalText(300),
  displayDays: optionalCount(3660),
});

export const mediaResultSchema = z.object({
  ...common,
  items: countField(100_000),
  outlet: optionalText(300),
});

export const facebookResultSchema = z
  .object({
    ...common,
    posts: countField(100_000),
    reach: optionalCount(MAX_COUNT * 10),
    views: optionalCount(MAX_COUNT * 10),
    engagements: optionalCount(MAX_COUNT * 10),
    shares: optionalCount(MAX_COUNT * 10),
    reachSource: z.preprocess((v) => (v === "" ? undefined : v), z.enum(REACH_SOURCES).optional()).transform((v) => v ?? null),
  })
  .superRefine((r, ctx) => {
    if (r.reach !== null && r.reachSource === null) ctx.addIssue({ code: "custom", path: ["reachSource"], message: "results.reachSourceRequired" });
    if (r.shares !== null && r.engagements !== null && r.shares > r.engagements) {
      ctx.addIssue({ code: "custom", path: ["shares"], message: "results.sharesAboveEngagements" });
    }
  });

export const RESULT_SCHEMAS = {
  spoken: spokenResultSchema,
  visual: visualResultSchema,
  media: mediaResultSchema,
  facebook: facebookResultSchema,
} as const satisfies Record<ChannelCode, z.ZodType>;

export type SpokenResult = z.output<typeof spokenResultSchema>;
export type VisualResult = z.output<typeof visualResultSchema>;
export type MediaResult = z.output<typeof mediaResultSchema>;
export type FacebookResult = z.output<typeof facebookResultSchema>;
export type ResultInput = SpokenResult | VisualResult | MediaResult | FacebookResult;

/** The activity_result row a channel's input fills; figures of other channels stay empty. */
export function resultColumns(channel: ChannelCode, input: ResultInput) {
  const empty = {
    attendance: null, members_attending: null, women_attending: null, quantity: null, quantity_unit: null,
    display_place: null, display_days: null, items: null, outlet: null, posts: null, reach: null, views: null,
    engagements: null, shares: null, reach_source: null,
  };
  const base = { ...empty, links: input.links, notes: input.notes };
  switch (channel) {
    case "spoken": {
      const r = input as SpokenResult;
      return { ...base, attendance: r.attendance, members_attending: r.membersAttending, women_attending: r.womenAttending };
    }
    case "visual": {
      const r = input as VisualResult;
      return { ...base, quantity: r.quantity, quantity_unit: r.quantityUnit, display_place: r.displayPlace, display_days: r.displayDays };
    }
    case "media": {
      const r = input as MediaResult;
      return { ...base, items: r.items, outlet: r.outlet };
    }
    case "facebook": {
      const r = input as FacebookResult;
      return { ...base, posts: r.posts, reach: r.reach, views: r.views, engagements: r.engagements, shares: r.shares, reach_source: r.reachSource };
    }
  }
}

/** Days after an activity ends before a missing result counts as overdue. */
export const RESULT_GRACE_DAYS = 7;

export const EVIDENCE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 10;
