/**
 * The audit log page (/audit): who changed which result, report, activity, campaign, unit or
 * account, when, and what the record said before and after. Managers see the entries whose
 * unit lies in their subtree; administrators also see system-wide entries (unit kinds).
 */
import { addDays, format, parseISO } from "date-fns";
import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { formatDateOnly, formatDateTime } from "~/domain/dates";
import { AUDIT_ENTITY_GROUPS, type AuditQuery } from "~/domain/report-schemas";
import { roleAtLeast } from "~/domain/roles";
import { instantAt } from "~/domain/wall-clock";
import { forbidden } from "./http-errors.server";

export const AUDIT_PAGE_SIZE = 50;
/** Changed fields shown per entry; an import or a big snapshot says how many more there are. */
export const AUDIT_MAX_CHANGES = 40;
const MAX_TEXT = 400;
const MAX_DEPTH = 5;

/** A value as the page shows it: absent (null), JSON null, a yes/no, or text. */
export type AuditValue = null | { empty: true } | { bool: boolean } | { text: string };

export interface AuditChange {
  path: string;
  before: AuditValue;
  after: AuditValue;
}

export interface AuditDiff {
  changes: AuditChange[];
  /** Fields present on both sides with the same value (not listed). */
  unchanged: number;
  /** Changed fields beyond AUDIT_MAX_CHANGES (not listed). */
  more: number;
}

/** Passwords, hashes, secrets and tokens never reach the page, even if a caller audited one. */
const SECRET_KEY = /password|hash|secret|token/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function flatten(value: unknown, path: string, out: Map<string, unknown>, depth: number): void {
  const isPlainObject = value !== null && typeof value === "object" && !Array.isArray(value);
  const isObjectArray = Array.isArray(value) && value.some((v) => v !== null && typeof v === "object");
  if (isPlainObject && depth === 0 && Object.keys(value).length === 0) return;
  if (depth < MAX_DEPTH && isPlainObject && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, out, depth + 1);
  } else if (depth < MAX_DEPTH && isObjectArray) {
    value.forEach((child, i) => flatten(child, `${path}[${i}]`, out, depth + 1));
  } else {
    out.set(path || "value", value);
  }
}

function lastKey(path: string): string {
  return path.replace(/\[\d+\]$/, "").split(".").pop() ?? path;
}

function shown(path: string, value: unknown): AuditValue {
  if (value === undefined) return null;
  if (value === null) return { empty: true };
  if (typeof value === "boolean") return { bool: value };
  if (typeof value === "string" && SECRET_KEY.test(lastKey(path))) return { text: "••••••" };
  let text: string;
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) text = formatDateTime(new Date(value));
    else if (ISO_DATE.test(value)) text = formatDateOnly(value);
    else text = value;
  } else {
    text = typeof value === "number" ? String(value) : JSON.stringify(value);
  }
  return { text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-by-field difference of two audited JSON values, nested keys as dotted paths. */
export function diffAudit(before: unknown, after: unknown, maxChanges = AUDIT_MAX_CHANGES): AuditDiff {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  if (before !== undefined) flatten(before, "", left, 0);
  if (after !== undefined) flatten(after, "", right, 0);
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  const changes: AuditChange[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const a = left.get(path);
    const b = right.get(path);
    if (left.has(path) && right.has(path) && same(a, b)) {
      unchanged += 1;
      continue;
    }
    changes.push({ path, before: left.has(path) ? shown(path, a) : null, after: right.has(path) ? shown(path, b) : null });
  }
  return { changes: changes.slice(0, maxChanges), unchanged, more: Math.max(0, changes.length - maxChanges) };
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface AuditEntryView {
  id: number;
  createdAt: Date;
  userName: string | null;
  userLogin: string | null;
  unitName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  /** The page of the changed object, when it has one. */
  link: string | null;
  diff: AuditDiff;
}

function linkFor(entity: string, id: number | null, report: { campaign_id: number | null; unit_id: number | null }): string | null {
  if (id === null) return null;
  switch (entity) {
    case "activity":
    case "activity_result":
      return `/activities/${id}`;
    case "unit":
      return `/units/${id}`;
    case "campaign":
      return `/campaigns/${id}`;
    case "app_user":
      return `/users/${id}`;
    case "unit_report":
      return report.campaign_id !== null && report.unit_id !== null ? `/reports/${report.campaign_id}/${report.unit_id}` : null;
    default:
      return null;
  }
}

/** One page of the log, newest first, scoped to the actor's subtree. Managers and admins only. */
export async function auditLog(db: Kysely<Database>, actor: Actor, query: Partial<AuditQuery>, pageSize = AUDIT_PAGE_SIZE) {
  if (!roleAtLeast(actor.role, "manager")) throw forbidden();
  const page = query.page ?? 1;
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .leftJoin("unit", "unit.id", "a.unit_id")
    .leftJoin("unit_report as rep", (join) => join.onRef("rep.id", "=", "a.entity_id").on("a.entity", "=", "unit_report"))
    .where((eb) => {
      const inScope = eb("a.unit_id", "in", eb.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", actor.unitId));
      return actor.role === "admin" ? eb.or([inScope, eb("a.unit_id", "is", null)]) : inScope;
    });
  if (query.entity) q = q.where("a.entity", "in", [...AUDIT_ENTITY_GROUPS[query.entity]]);
  if (query.from) q = q.where("a.created_at", ">=", instantAt(query.from, "00:00"));
  if (query.to) q = q.where("a.created_at", "<", instantAt(format(addDays(parseISO(query.to), 1), "yyyy-MM-dd"), "00:00"));
  const rows = await q
    .select([
      "a.id",
      "a.created_at",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.before_data",
      "a.after_data",
      "u.display_name",
      "u.login",
      "unit.name as unit_name",
      "rep.campaign_id as report_campaign_id",
      "rep.unit_id as report_unit_id",
    ])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  const entries = rows.slice(0, pageSize).map(
    (r): AuditEntryView => ({
      id: r.id,
      createdAt: r.created_at,
      userName: r.display_name,
      userLogin: r.login,
      unitName: r.unit_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      link: linkFor(r.entity, r.entity_id, { campaign_id: r.report_campaign_id, unit_id: r.report_unit_id }),
      diff: diffAudit(parseJson(r.before_data), parseJson(r.after_data)),
    }),
  );
  return { entries, page, hasPrevious: page > 1, hasNext: rows.length > pageSize };
}
