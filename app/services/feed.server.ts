/**
 * The calendar seen outside the calendar page: each user's private iCalendar feed
 * (/account/feed, /feeds/:token.ics) and the printable month plan (/calendar/print).
 *
 * Both read through `filteredActivities`, the calendar's own scoped query, so they show
 * exactly what the calendar shows the same user with the same filters.
 */
import { createHash, randomBytes } from "node:crypto";
import { addMonths, format, parseISO } from "date-fns";
import type { Kysely } from "kysely";
import type { ActivityStatus, ChannelCode, Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import type { CalendarQuery } from "~/domain/calendar-range";
import { buildIcs, type FeedActivity } from "~/domain/ical";
import { instantAt } from "~/domain/wall-clock";
import { translator } from "~/i18n";
import { loadActor } from "./auth.server";
import { recordAudit } from "./audit.server";
import { filteredActivities } from "./calendar.server";
import { visibleCampaignRows } from "./campaigns.server";
import { assertUnitInScope, isUnitInScope } from "./scope.server";

/** The feed covers activities from this many days back ... */
export const FEED_PAST_DAYS = 60;
/** ... to this many days ahead ... */
export const FEED_FUTURE_DAYS = 400;
/** ... at most this many, the newest first (by start) when a scope has more. */
export const FEED_LIMIT = 5000;
/** The month plan lists at most this many rows (a province month can hold thousands). */
export const MONTH_PLAN_LIMIT = 2000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newFeedToken(): string {
  return randomBytes(32).toString("base64url");
}

/** "TOKEN.ics" from the URL -> TOKEN; anything else (no suffix, wrong shape) -> null. */
export function feedTokenFromParam(param: string | undefined): string | null {
  if (!param || !param.endsWith(".ics")) return null;
  const token = param.slice(0, -".ics".length);
  return TOKEN_PATTERN.test(token) ? token : null;
}

/** The origin links and feed URLs are built on: APP_ORIGIN when set (behind a proxy), else the request's. */
export function publicOrigin(request: Request): string {
  const configured = process.env.APP_ORIGIN?.trim();
  if (configured) return new URL(configured).origin;
  return new URL(request.url).origin;
}

/** The calendar filters a feed URL may carry (view and date mean nothing to a feed). */
const FEED_FILTERS = ["campaign", "unit", "scope", "channel", "form", "point", "status"] as const;

/** The calendar's filters as a query string ("" when none is set), in a stable order. */
export function filterQueryString(query: CalendarQuery): string {
  const params = new URLSearchParams();
  for (const key of FEED_FILTERS) {
    const value = query[key];
    if (value === undefined || (key === "scope" && value === "subtree")) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function feedUrl(origin: string, token: string, query?: CalendarQuery): string {
  return `${origin}/feeds/${token}.ics${query ? filterQueryString(query) : ""}`;
}

// ---------------------------------------------------------------------------------------
// Turning the feed on, regenerating it, turning it off

export interface FeedSettings {
  token: string | null;
}

export async function feedSettings(db: Kysely<Database>, actor: Actor): Promise<FeedSettings> {
  const row = await db.selectFrom("app_user").select("feed_token").where("id", "=", actor.id).executeTakeFirstOrThrow();
  return { token: row.feed_token };
}

/**
 * Gives the user a token (keeps the current one if the feed is already on). The token itself
 * never reaches the audit log: only whether the feed is on.
 */
export async function enableFeed(db: Kysely<Database>, actor: Actor): Promise<FeedSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("app_user").select("feed_token").where("id", "=", actor.id).executeTakeFirstOrThrow();
    if (current.feed_token) return { token: current.feed_token };
    const token = newFeedToken();
    await trx.updateTable("app_user").set({ feed_token: token }).where("id", "=", actor.id).execute();
    await recordAudit(trx, actor, { action: "feed.enable", entity: "app_user", entityId: actor.id, unitId: actor.unitId, before: { feed: false }, after: { feed: true } });
    return { token };
  });
}

/** A new token; the old URL answers 404 from now on. */
export async function regenerateFeed(db: Kysely<Database>, actor: Actor): Promise<FeedSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("app_user").select("feed_token").where("id", "=", actor.id).executeTakeFirstOrThrow();
    const token = newFeedToken();
    await trx.updateTable("app_user").set({ feed_token: token }).where("id", "=", actor.id).execute();
    await recordAudit(trx, actor, {
      action: current.feed_token ? "feed.regenerate" : "feed.enable",
      entity: "app_user",
      entityId: actor.id,
      unitId: actor.unitId,
      before: { feed: current.feed_token !== null },
      after: { feed: true },
    });
    return { token };
  });
}

export async function disableFeed(db: Kysely<Database>, actor: Actor): Promise<FeedSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("app_user").select("feed_token").where("id", "=", actor.id).executeTakeFirstOrThrow();
    if (!current.feed_token) return { token: null };
    await trx.updateTable("app_user").set({ feed_token: null }).where("id", "=", actor.id).execute();
    await recordAudit(trx, actor, { action: "feed.disable", entity: "app_user", entityId: actor.id, unitId: actor.unitId, before: { feed: true }, after: { feed: false } });
    return { token: null };
  });
}

/** What /account/feed shows: whether the feed is on, its URL, and a URL with the calendar's current filters. */
export async function feedPage(db: Kysely<Database>, actor: Actor, origin: string, query: CalendarQuery) {
  const { token } = await feedSettings(db, actor);
  const filters = filterQueryString(query);
  // A unit filter outside the scope would only give a URL that answers 404: leave it out.
  const usable = filters !== "" && (!query.unit || (await isUnitInScope(db, actor, query.unit)));
  return {
    enabled: token !== null,
    url: token ? feedUrl(origin, token) : null,
    filteredUrl: token && usable ? feedUrl(origin, token, query) : null,
    filters: usable ? filters : "",
    window: { past: FEED_PAST_DAYS, future: FEED_FUTURE_DAYS, max: FEED_LIMIT },
  };
}

/** The active user a token belongs to, or null (unknown token, feed off, account deactivated). */
export async function actorForFeedToken(db: Kysely<Database>, token: string): Promise<Actor | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const user = await db.selectFrom("app_user").select(["id", "session_epoch"]).where("feed_token", "=", token).executeTakeFirst();
  // loadActor refuses deactivated accounts.
  return user ? loadActor(db, user.id, user.session_epoch) : null;
}

// ---------------------------------------------------------------------------------------
// Reading activities as the calendar does

/** "1.4.10" after "1.4.9": outline codes compare number by number. */
const outlineCollator = new Intl.Collator("vi", { numeric: true });

/** An activity with what the feed and the month plan show of it. */
export type PlanActivity = FeedActivity;

async function scopedActivities(
  db: Kysely<Database>,
  actor: Actor,
  query: CalendarQuery,
  range: { from: Date; to: Date },
  options: { newestFirst: boolean; limit: number },
): Promise<PlanActivity[]> {
  const direction = options.newestFirst ? "desc" : "asc";
  const rows = await filteredActivities(db, actor, query, range)
    .innerJoin("unit as u", "u.id", "a.unit_id")
    .innerJoin("campaign as c", "c.id", "a.campaign_id")
    .leftJoin("channel_form as f", "f.id", "a.form_id")
    .select([
      "a.id",
      "a.title",
      "a.channel",
      "a.status",
      "a.starts_at",
      "a.ends_at",
      "a.is_all_day",
      "a.location",
      "a.presenter",
      "a.audience",
      "a.cancel_reason",
      "a.version",
      "a.created_at",
      "a.updated_at",
      "u.name as unit_name",
      "f.name as form_name",
      "c.title as campaign_title",
    ])
    .orderBy("a.starts_at", direction)
    .orderBy("a.id", direction)
    .limit(options.limit)
    .execute();
  const points = new Map<number, { code: string; title: string }[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const tagged = await db
      .selectFrom("activity_point as ap")
      .innerJoin("content_point as p", "p.id", "ap.content_point_id")
      .select(["ap.activity_id", "p.code", "p.title"])
      .where("ap.activity_id", "in", chunk)
      .execute();
    for (const p of tagged) {
      const list = points.get(p.activity_id) ?? [];
      list.push({ code: p.code, title: p.title });
      points.set(p.activity_id, list);
    }
  }
  return rows.map((r) => ({ ...r, points: (points.get(r.id) ?? []).sort((a, b) => outlineCollator.compare(a.code, b.code)) }));
}

// ---------------------------------------------------------------------------------------
// The feed

export interface Feed {
  ics: string;
  etag: string;
  count: number;
}

/**
 * The iCalendar text for a token, or null when the token does not open a feed (unknown,
 * turned off, regenerated, account deactivated) or a unit filter lies outside the user's
 * scope. Callers answer every null alike, so a probe learns nothing.
 */
export async function feedForToken(
  db: Kysely<Database>,
  token: string,
  options: { origin: string; query: CalendarQuery; now?: Date; limit?: number },
): Promise<Feed | null> {
  const actor = await actorForFeedToken(db, token);
  if (!actor) return null;
  const { query, origin } = options;
  if (query.unit && !(await isUnitInScope(db, actor, query.unit))) return null;
  const now = options.now ?? new Date();
  const range = { from: new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS), to: new Date(now.getTime() + FEED_FUTURE_DAYS * DAY_MS) };
  const newestFirst = await scopedActivities(db, actor, query, range, { newestFirst: true, limit: options.limit ?? FEED_LIMIT });
  const activities = newestFirst.reverse();
  const unitName = query.unit ? await unitNameOf(db, query.unit) : actor.unitName;
  const t = translator("vi");
  const ics = buildIcs(activities, { origin, name: t("feed.calendarName", { unit: unitName }), t });
  const etag = `W/"${createHash("sha256").update(ics).digest("base64url").slice(0, 32)}"`;
  return { ics, etag, count: activities.length };
}

async function unitNameOf(db: Kysely<Database>, unitId: number): Promise<string> {
  const row = await db.selectFrom("unit").select("name").where("id", "=", unitId).executeTakeFirstOrThrow();
  return row.name;
}

// ---------------------------------------------------------------------------------------
// The month plan

export interface MonthPlan {
  month: string;
  unit: { id: number; name: string; parentName: string | null };
  scope: "subtree" | "unit";
  filters: { campaign: string | null; channel: ChannelCode | null; form: string | null; point: string | null; status: ActivityStatus | null };
  rows: PlanActivity[];
  total: number;
  limit: number;
}

/** The first instant of a "yyyy-MM" month and of the next one, Vietnam time. */
export function monthInstants(month: string): { from: Date; to: Date } {
  const first = parseISO(`${month}-01`);
  return { from: instantAt(`${month}-01`, "00:00"), to: instantAt(format(addMonths(first, 1), "yyyy-MM-dd"), "00:00") };
}

/** The activities of a month (those taking place in it), in the actor's scope, with the calendar's filters. */
export async function monthPlan(db: Kysely<Database>, actor: Actor, query: CalendarQuery, month: string): Promise<MonthPlan> {
  if (query.unit) await assertUnitInScope(db, actor, query.unit);
  const range = monthInstants(month);
  const unitId = query.unit ?? actor.unitId;
  const [{ n }, rows, unit, filters] = await Promise.all([
    filteredActivities(db, actor, query, range)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    scopedActivities(db, actor, query, range, { newestFirst: false, limit: MONTH_PLAN_LIMIT }),
    db
      .selectFrom("unit")
      .leftJoin("unit as parent", "parent.id", "unit.parent_id")
      .select(["unit.id", "unit.name", "parent.name as parent_name"])
      .where("unit.id", "=", unitId)
      .executeTakeFirstOrThrow(),
    filterLabels(db, actor, query),
  ]);
  return {
    month,
    unit: { id: unit.id, name: unit.name, parentName: unit.parent_name },
    scope: query.scope,
    filters,
    rows,
    total: Number(n),
    limit: MONTH_PLAN_LIMIT,
  };
}

/** Names of the chosen filters for the printout's subtitle; only what the actor may see. */
async function filterLabels(db: Kysely<Database>, actor: Actor, query: CalendarQuery): Promise<MonthPlan["filters"]> {
  const campaigns = query.campaign || query.point || query.form ? await visibleCampaignRows(db, actor) : [];
  const visibleIds = campaigns.map((c) => c.id);
  const [form, point] = await Promise.all([
    query.form
      ? db
          .selectFrom("channel_form")
          .select("name")
          .where("id", "=", query.form)
          .where((eb) => eb.or([eb("campaign_id", "is", null), ...(visibleIds.length ? [eb("campaign_id", "in", visibleIds)] : [])]))
          .executeTakeFirst()
      : undefined,
    query.point && visibleIds.length
      ? db.selectFrom("content_point").select("code").where("id", "=", query.point).where("campaign_id", "in", visibleIds).executeTakeFirst()
      : undefined,
  ]);
  return {
    campaign: query.campaign ? (campaigns.find((c) => c.id === query.campaign)?.title ?? null) : null,
    channel: query.channel ?? null,
    form: form?.name ?? null,
    point: point?.code ?? null,
    status: query.status ?? null,
  };
}
