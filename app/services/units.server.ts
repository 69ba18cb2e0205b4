import type { Kysely, Transaction } from "kysely";
import type { Database } from "@db/schema";
import type { Actor } from "~/domain/actor";
import type { UnitNode } from "~/domain/unit-tree";
export type { UnitNode };
import { byVietnameseName, viCollator } from "~/domain/collation";
import { todayInAppZone } from "~/domain/dates";
import { roleAtLeast } from "~/domain/roles";
import { foldVietnamese, searchItems } from "~/domain/search";
import { buildTree, type TreeNode } from "~/domain/tree";
import type { CreateUnitInput, UnitFieldsInput, UnitKindInput } from "~/domain/unit-schemas";
import type { FieldErrors } from "~/domain/validation";
import { recordAudit } from "./audit.server";
import { forbidden, notFound } from "./http-errors.server";
import { assertUnitInScope } from "./scope.server";
import { insertUnitWithClosure, isInSubtree, lockUnitTree, moveSubtree } from "./unit-tree.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface UnitSummary {
  id: number;
  parent_id: number | null;
  code: string | null;
  name: string;
  short_name: string | null;
  kind_id: number;
  kind_name: string;
  is_grassroots: boolean;
  members: number;
  opened_on: string | null;
  closed_on: string | null;
}

function unitSummaries(db: Db | Trx) {
  return db
    .selectFrom("unit")
    .innerJoin("unit_kind as k", "k.id", "unit.kind_id")
    .select([
      "unit.id",
      "unit.parent_id",
      "unit.code",
      "unit.name",
      "unit.short_name",
      "unit.kind_id",
      "k.name as kind_name",
      "k.is_grassroots",
      "unit.members",
      "unit.opened_on",
      "unit.closed_on",
    ]);
}

/** What a write returns: done, or refused with a reason per field (the form shows them). */
export type WriteResult<T = { id: number }> = ({ ok: true } & T) | { ok: false; errors: FieldErrors };

const refuse = (field: string, key: FieldErrors[string]["key"], params?: Record<string, string | number>): { ok: false; errors: FieldErrors } => ({
  ok: false,
  errors: { [field]: params ? { key, params } : { key } },
});

/** Managers (and admins) change the tree; others may only look. Call after the scope check. */
function requireManager(actor: Actor): void {
  if (!roleAtLeast(actor.role, "manager")) throw forbidden();
}

export function canManageUnits(actor: Actor): boolean {
  return roleAtLeast(actor.role, "manager");
}

export function canManageKinds(actor: Actor): boolean {
  return roleAtLeast(actor.role, "admin");
}

// ---------------------------------------------------------------------------------------
// Reading

/** The actor's subtree down to `maxDepth` levels below the scope unit, as a sorted tree. */
export async function unitTree(db: Db, actor: Actor, maxDepth = 2): Promise<TreeNode<UnitSummary>[]> {
  const rows = await unitSummaries(db)
    .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
    .where("t.ancestor_id", "=", actor.unitId)
    .where("t.depth", "<=", maxDepth)
    .execute();
  return buildTree(rows, byVietnameseName);
}

/** A unit of the tree view (only what the view shows) with the figures of its whole subtree. */

export interface BranchOptions {
  /** Levels below the root to load (1 = children only). */
  depth?: number;
  /** At most this many children of the root are shown, from `offset` on. */
  rootLimit?: number;
  offset?: number;
  /** At most this many children of a deeper unit. */
  perParent?: number;
  /** Deeper levels are listed only while the whole view stays within this many units. */
  budget?: number;
}

/**
 * The tree view of `rootId`'s subtree: the root, its children (a page of them) and their
 * children, within a budget so a tree of many thousand units stays a light page; deeper
 * levels are reached by opening a unit. Out-of-scope roots answer 404.
 */
export async function unitBranch(db: Db, actor: Actor, rootId: number, options: BranchOptions = {}): Promise<UnitNode> {
  const { depth = 2, rootLimit = 200, offset = 0, perParent = 50, budget = 400 } = options;
  await assertUnitInScope(db, actor, rootId);
  const inView = db.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", rootId).where("depth", "<=", depth);
  const [rows, stats] = await Promise.all([
    unitSummaries(db)
      .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
      .where("t.ancestor_id", "=", rootId)
      .where("t.depth", "<=", depth)
      .execute(),
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit as u", "u.id", "t.descendant_id")
      .where("t.ancestor_id", "in", inView)
      .groupBy("t.ancestor_id")
      .select((eb) => [
        "t.ancestor_id",
        eb.fn.sum<number>(eb.case().when("t.depth", "=", 1).then(1).else(0).end()).as("children"),
        eb.fn
          .sum<number>(eb.case().when(eb.and([eb("t.depth", ">", 0), eb("u.closed_on", "is", null)])).then(1).else(0).end())
          .as("open_below"),
        eb.fn.sum<number>(eb.case().when("u.closed_on", "is", null).then(eb.ref("u.members")).else(0).end()).as("members"),
      ])
      .execute(),
  ]);
  const statsOf = new Map(stats.map((s) => [s.ancestor_id, s]));
  const node = (row: UnitSummary): UnitNode => {
    const s = statsOf.get(row.id);
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      kind_name: row.kind_name,
      members: row.members,
      closed_on: row.closed_on,
      childCount: Number(s?.children ?? 0),
      openDescendants: Number(s?.open_below ?? 0),
      subtreeMembers: Number(s?.members ?? 0),
      children: [],
      hiddenChildren: Number(s?.children ?? 0),
    };
  };
  const childrenOf = new Map<number, UnitSummary[]>();
  let rootRow: UnitSummary | undefined;
  for (const row of rows) {
    if (row.id === rootId) rootRow = row;
    else if (row.parent_id != null) {
      const siblings = childrenOf.get(row.parent_id);
      if (siblings) siblings.push(row);
      else childrenOf.set(row.parent_id, [row]);
    }
  }
  if (!rootRow) throw notFound();
  const root = node(rootRow);
  let used = 1;
  // Level by level. A level below the root's children is listed whole or not at all (each unit
  // then links to its own page), so every branch of a view looks the same.
  let level: UnitNode[] = [root];
  for (let d = 1; d <= depth && level.length > 0; d++) {
    const slices = level.map((parent) => {
      const all = (childrenOf.get(parent.id) ?? []).sort(byVietnameseName);
      return d === 1 ? all.slice(offset, offset + rootLimit) : all.slice(0, perParent);
    });
    const size = slices.reduce((sum, slice) => sum + slice.length, 0);
    if (d > 1 && used + size > budget) break;
    used += size;
    const next: UnitNode[] = [];
    level.forEach((parent, i) => {
      parent.children = slices[i].map(node);
      parent.hiddenChildren = parent.childCount - parent.children.length;
      next.push(...parent.children);
    });
    level = next;
  }
  return root;
}

export interface UnitSearchResult extends UnitSummary {
  /** Names from the actor's scope unit down to the result's parent. */
  path: string[];
}

/**
 * Units of the actor's scope whose name, short name or code match the query, Vietnamese-aware
 * and diacritics-insensitive ("lao dong" finds "Lao động"), best first, with their path.
 */
export async function searchUnits(
  db: Db,
  actor: Actor,
  query: string,
  options: { limit?: number; exclude?: ReadonlySet<number>; openOnly?: boolean } = {},
): Promise<{ results: UnitSearchResult[]; total: number }> {
  const { limit = 100, exclude, openOnly = false } = options;
  const rows = await unitSummaries(db)
    .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
    .where("t.ancestor_id", "=", actor.unitId)
    .execute();
  rows.sort(byVietnameseName);
  const candidates = rows.filter((row) => !exclude?.has(row.id) && (!openOnly || row.closed_on === null));
  const matches = searchItems(candidates, query, (row) => [row.name, row.short_name, row.code]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const results = matches.slice(0, limit).map((row) => {
    const path: string[] = [];
    let parentId = row.id === actor.unitId ? null : row.parent_id;
    while (parentId != null) {
      const parent = byId.get(parentId);
      if (!parent) break;
      path.unshift(parent.short_name ?? parent.name);
      parentId = parent.id === actor.unitId ? null : parent.parent_id;
    }
    return { ...row, path };
  });
  return { results, total: matches.length };
}

export interface UnitDetail {
  unit: UnitSummary;
  /** The parent, only when it lies inside the actor's scope. */
  parent: UnitSummary | null;
  children: UnitSummary[];
  /** Ancestors inside the actor's scope, from the scope unit down to the parent. */
  path: { id: number; name: string }[];
  subtreeMembers: number;
  subtreeUnits: number;
  /** Open units below this one. */
  openDescendants: number;
  isScopeRoot: boolean;
  canManage: boolean;
}

export async function unitDetail(db: Db, actor: Actor, unitId: number): Promise<UnitDetail> {
  await assertUnitInScope(db, actor, unitId);
  const unit = await unitSummaries(db).where("unit.id", "=", unitId).executeTakeFirstOrThrow();
  const [children, parent, totals, path] = await Promise.all([
    unitSummaries(db).where("unit.parent_id", "=", unitId).execute(),
    unitId === actor.unitId || unit.parent_id == null
      ? Promise.resolve(undefined)
      : unitSummaries(db).where("unit.id", "=", unit.parent_id).executeTakeFirst(),
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit", "unit.id", "t.descendant_id")
      .where("t.ancestor_id", "=", unitId)
      .where("unit.closed_on", "is", null)
      .select((eb) => [eb.fn.countAll<number>().as("units"), eb.fn.coalesce(eb.fn.sum<number>("unit.members"), eb.lit(0)).as("members")])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("unit_tree as t")
      .innerJoin("unit as a", "a.id", "t.ancestor_id")
      .innerJoin("unit_tree as s", (join) => join.onRef("s.descendant_id", "=", "t.ancestor_id").on("s.ancestor_id", "=", actor.unitId))
      .where("t.descendant_id", "=", unitId)
      .where("t.depth", ">", 0)
      .orderBy("t.depth", "desc")
      .select(["a.id", "a.name"])
      .execute(),
  ]);
  const subtreeUnits = Number(totals.units);
  return {
    unit,
    parent: parent ?? null,
    children: children.sort(byVietnameseName),
    path,
    subtreeMembers: Number(totals.members),
    subtreeUnits,
    openDescendants: subtreeUnits - (unit.closed_on === null ? 1 : 0),
    isScopeRoot: unitId === actor.unitId,
    canManage: canManageUnits(actor),
  };
}

/** Kinds for the unit form's select, ordered by level then name. */
export async function unitKindOptions(db: Db): Promise<{ id: number; code: string; name: string; level: number; is_grassroots: boolean }[]> {
  const kinds = await db.selectFrom("unit_kind").select(["id", "code", "name", "level", "is_grassroots"]).execute();
  return kinds.sort((a, b) => a.level - b.level || viCollator.compare(a.name, b.name));
}

/** The unit a new child goes under, for the create form: in scope, manager only. */
export async function newUnitContext(db: Db, actor: Actor, parentId: number) {
  await assertUnitInScope(db, actor, parentId);
  requireManager(actor);
  const parent = await unitSummaries(db).where("unit.id", "=", parentId).executeTakeFirstOrThrow();
  const kinds = await unitKindOptions(db);
  const parentLevel = kinds.find((k) => k.id === parent.kind_id)?.level ?? 0;
  const suggestedKindId = kinds.find((k) => k.level > parentLevel)?.id ?? kinds[0]?.id ?? null;
  return { parent, kinds, suggestedKindId };
}

/** A unit as its edit, move and close forms need it: in scope, manager only. */
export async function unitForChange(db: Db, actor: Actor, unitId: number) {
  const detail = await unitDetail(db, actor, unitId);
  requireManager(actor);
  return detail;
}

/**
 * Where a unit may move: open units of the actor's scope outside the unit's own subtree,
 * matching the query, or (without one) the scope unit and the units right below it that are
 * not grassroots unions.
 */
export async function moveTargets(db: Db, actor: Actor, unitId: number, query: string) {
  await assertUnitInScope(db, actor, unitId);
  requireManager(actor);
  const subtree = await db.selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", unitId).execute();
  const exclude = new Set(subtree.map((r) => r.descendant_id));
  if (query.trim()) return searchUnits(db, actor, query, { limit: 50, exclude, openOnly: true });
  const rows = await unitSummaries(db)
    .innerJoin("unit_tree as t", "t.descendant_id", "unit.id")
    .where("t.ancestor_id", "=", actor.unitId)
    .where("t.depth", "<=", 1)
    .where("unit.closed_on", "is", null)
    .select("t.depth")
    .execute();
  const results = rows
    .filter((row) => !exclude.has(row.id) && (row.depth === 0 || !row.is_grassroots))
    .sort((a, b) => a.depth - b.depth || byVietnameseName(a, b))
    .slice(0, 50)
    .map(({ depth, ...row }) => ({ ...row, path: depth === 0 ? [] : [actor.unitName] }));
  return { results, total: results.length };
}

// ---------------------------------------------------------------------------------------
// Writing. Each write: one transaction, scope (404) then role (403), business rules as field
// errors, then the change and its audit entry.

async function kindExists(trx: Trx, kindId: number): Promise<boolean> {
  return (await trx.selectFrom("unit_kind").select("id").where("id", "=", kindId).executeTakeFirst()) !== undefined;
}

/** A unit other than `exceptId` already carries this code (codes compare case-insensitively). */
async function codeTaken(trx: Trx, code: string, exceptId?: number): Promise<boolean> {
  let query = trx
    .selectFrom("unit")
    .select("id")
    .where((eb) => eb(eb.fn("upper", ["code"]), "=", code.toUpperCase()));
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Another child of `parentId` has the same name (compared without diacritics or case). */
async function siblingNameTaken(trx: Trx, parentId: number, name: string, exceptId?: number): Promise<boolean> {
  const siblings = await trx.selectFrom("unit").select(["id", "name"]).where("parent_id", "=", parentId).execute();
  const folded = foldVietnamese(name);
  return siblings.some((s) => s.id !== exceptId && foldVietnamese(s.name) === folded);
}

async function checkUnitFields(trx: Trx, input: UnitFieldsInput, parentId: number | null, exceptId?: number): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!(await kindExists(trx, input.kindId))) errors.kindId = { key: "validation.invalidChoice" };
  if (input.code && (await codeTaken(trx, input.code, exceptId))) errors.code = { key: "units.codeTaken", params: { code: input.code } };
  if (parentId !== null && (await siblingNameTaken(trx, parentId, input.name, exceptId))) errors.name = { key: "units.nameTaken" };
  if (input.openedOn && input.openedOn > todayInAppZone()) errors.openedOn = { key: "units.openedInFuture" };
  return errors;
}

export async function createUnit(db: Db, actor: Actor, input: CreateUnitInput): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    await lockUnitTree(trx);
    await assertUnitInScope(trx, actor, input.parentId);
    requireManager(actor);
    const parent = await trx.selectFrom("unit").select(["id", "closed_on"]).where("id", "=", input.parentId).executeTakeFirstOrThrow();
    if (parent.closed_on) return refuse("parentId", "units.parentClosed");
    const errors = await checkUnitFields(trx, input, input.parentId);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const values = {
      parent_id: input.parentId,
      code: input.code,
      name: input.name,
      short_name: input.shortName,
      kind_id: input.kindId,
      members: input.members,
      opened_on: input.openedOn,
      closed_on: null,
      created_at: new Date(),
    };
    const id = await insertUnitWithClosure(trx, values);
    await recordAudit(trx, actor, { action: "create", entity: "unit", entityId: id, unitId: id, after: { ...values, created_at: undefined } });
    return { ok: true, id };
  });
}

export async function updateUnit(db: Db, actor: Actor, unitId: number, input: UnitFieldsInput): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    await assertUnitInScope(trx, actor, unitId);
    requireManager(actor);
    const before = await trx.selectFrom("unit").selectAll().where("id", "=", unitId).executeTakeFirstOrThrow();
    const errors = await checkUnitFields(trx, input, before.parent_id, unitId);
    if (input.openedOn && before.closed_on && input.openedOn > before.closed_on) errors.openedOn = { key: "units.openedAfterClosed" };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const after = {
      code: input.code,
      name: input.name,
      short_name: input.shortName,
      kind_id: input.kindId,
      members: input.members,
      opened_on: input.openedOn,
    };
    await trx.updateTable("unit").set(after).where("id", "=", unitId).execute();
    const changed = Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key as keyof typeof before] !== value));
    const previous = Object.fromEntries(Object.keys(changed).map((key) => [key, before[key as keyof typeof before]]));
    if (Object.keys(changed).length > 0) {
      await recordAudit(trx, actor, { action: "update", entity: "unit", entityId: unitId, unitId, before: previous, after: changed });
    }
    return { ok: true, id: unitId };
  });
}

/**
 * Moves a unit, with its whole subtree, under another unit of the actor's scope. Refused:
 * the actor's own scope unit (it would leave the scope), a target inside the unit's own
 * subtree (a cycle), a closed target, a name already used under the target.
 */
export async function moveUnit(db: Db, actor: Actor, unitId: number, newParentId: number): Promise<WriteResult<{ id: number; moved: boolean }>> {
  return db.transaction().execute(async (trx) => {
    await lockUnitTree(trx);
    await assertUnitInScope(trx, actor, unitId);
    await assertUnitInScope(trx, actor, newParentId);
    requireManager(actor);
    if (unitId === actor.unitId) return refuse("parentId", "units.moveScopeRoot");
    if (await isInSubtree(trx, unitId, newParentId)) return refuse("parentId", "units.moveIntoOwnSubtree");
    const unit = await trx.selectFrom("unit").select(["id", "parent_id", "name", "closed_on"]).where("id", "=", unitId).executeTakeFirstOrThrow();
    if (unit.parent_id === newParentId) return { ok: true, id: unitId, moved: false };
    const target = await trx.selectFrom("unit").select(["id", "name", "closed_on"]).where("id", "=", newParentId).executeTakeFirstOrThrow();
    if (target.closed_on && !unit.closed_on) return refuse("parentId", "units.parentClosed");
    if (await siblingNameTaken(trx, newParentId, unit.name, unitId)) return refuse("parentId", "units.nameTakenAtTarget");
    await moveSubtree(trx, unitId, newParentId);
    await recordAudit(trx, actor, {
      action: "move",
      entity: "unit",
      entityId: unitId,
      unitId,
      before: { parent_id: unit.parent_id },
      after: { parent_id: newParentId, parent_name: target.name },
    });
    return { ok: true, id: unitId, moved: true };
  });
}

/**
 * Closes (dissolves) a unit on a date. The unit keeps its history and results; it is not
 * expected to report for periods after the date. Refused while open units remain below it
 * (move or close them first), for the actor's own scope unit, and for dates in the future
 * or before the unit opened.
 */
export async function closeUnit(db: Db, actor: Actor, unitId: number, closedOn: string): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    await lockUnitTree(trx); // no child may be created or moved in below while we count the open ones
    await assertUnitInScope(trx, actor, unitId);
    requireManager(actor);
    if (unitId === actor.unitId) return refuse("closedOn", "units.closeScopeRoot");
    const unit = await trx.selectFrom("unit").select(["id", "opened_on", "closed_on"]).where("id", "=", unitId).executeTakeFirstOrThrow();
    if (unit.closed_on) return refuse("closedOn", "units.alreadyClosed");
    if (closedOn > todayInAppZone()) return refuse("closedOn", "units.closedInFuture");
    if (unit.opened_on && closedOn < unit.opened_on) return refuse("closedOn", "units.closedBeforeOpened");
    const open = await trx
      .selectFrom("unit_tree as t")
      .innerJoin("unit as u", "u.id", "t.descendant_id")
      .where("t.ancestor_id", "=", unitId)
      .where("t.depth", ">", 0)
      .where("u.closed_on", "is", null)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(open.n) > 0) return refuse("closedOn", "units.closeOpenBelow", { n: Number(open.n) });
    await trx.updateTable("unit").set({ closed_on: closedOn }).where("id", "=", unitId).execute();
    await recordAudit(trx, actor, { action: "close", entity: "unit", entityId: unitId, unitId, before: { closed_on: null }, after: { closed_on: closedOn } });
    return { ok: true, id: unitId };
  });
}

/** Reopens a closed unit (a closing recorded by mistake, or a unit revived); its parent must be open. */
export async function reopenUnit(db: Db, actor: Actor, unitId: number): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    await lockUnitTree(trx);
    await assertUnitInScope(trx, actor, unitId);
    requireManager(actor);
    const unit = await trx.selectFrom("unit").select(["id", "parent_id", "closed_on"]).where("id", "=", unitId).executeTakeFirstOrThrow();
    if (!unit.closed_on) return refuse("_form", "units.notClosed");
    if (unit.parent_id !== null) {
      const parent = await trx.selectFrom("unit").select("closed_on").where("id", "=", unit.parent_id).executeTakeFirstOrThrow();
      if (parent.closed_on) return refuse("_form", "units.reopenParentClosed");
    }
    await trx.updateTable("unit").set({ closed_on: null }).where("id", "=", unitId).execute();
    await recordAudit(trx, actor, { action: "reopen", entity: "unit", entityId: unitId, unitId, before: { closed_on: unit.closed_on }, after: { closed_on: null } });
    return { ok: true, id: unitId };
  });
}

// ---------------------------------------------------------------------------------------
// Unit kinds: data the administrator edits (the structure changed in 2025 and will again).

export interface UnitKindRow {
  id: number;
  code: string;
  name: string;
  level: number;
  is_grassroots: boolean;
  /** Units of this kind, open or closed. */
  units: number;
  /** Campaign rules (reporting kinds, targets) that name this kind. */
  campaignUses: number;
}

export async function listUnitKinds(db: Db): Promise<UnitKindRow[]> {
  const [kinds, units, reporting, targets] = await Promise.all([
    unitKindOptions(db),
    db.selectFrom("unit").groupBy("kind_id").select((eb) => ["kind_id", eb.fn.countAll<number>().as("n")]).execute(),
    db.selectFrom("campaign_reporting_kind").groupBy("unit_kind_id").select((eb) => ["unit_kind_id", eb.fn.countAll<number>().as("n")]).execute(),
    db
      .selectFrom("campaign_target")
      .where("unit_kind_id", "is not", null)
      .groupBy("unit_kind_id")
      .select((eb) => ["unit_kind_id", eb.fn.countAll<number>().as("n")])
      .execute(),
  ]);
  const tally = (rows: { id: number | null; n: number }[]) => {
    const map = new Map<number, number>();
    for (const row of rows) if (row.id !== null) map.set(row.id, (map.get(row.id) ?? 0) + Number(row.n));
    return map;
  };
  const unitCounts = tally(units.map((r) => ({ id: r.kind_id, n: r.n })));
  const campaignCounts = tally([...reporting, ...targets].map((r) => ({ id: r.unit_kind_id, n: r.n })));
  return kinds.map((kind) => ({ ...kind, units: unitCounts.get(kind.id) ?? 0, campaignUses: campaignCounts.get(kind.id) ?? 0 }));
}

function requireAdmin(actor: Actor): void {
  if (!canManageKinds(actor)) throw forbidden();
}

async function kindCodeTaken(trx: Trx, code: string, exceptId?: number): Promise<boolean> {
  let query = trx.selectFrom("unit_kind").select("id").where("code", "=", code);
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

async function kindNameTaken(trx: Trx, name: string, exceptId?: number): Promise<boolean> {
  const kinds = await trx.selectFrom("unit_kind").select(["id", "name"]).execute();
  return kinds.some((k) => k.id !== exceptId && foldVietnamese(k.name) === foldVietnamese(name));
}

export async function createUnitKind(db: Db, actor: Actor, input: UnitKindInput): Promise<WriteResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const errors: FieldErrors = {};
    if (await kindCodeTaken(trx, input.code)) errors.code = { key: "unitKinds.codeTaken" };
    if (await kindNameTaken(trx, input.name)) errors.name = { key: "unitKinds.nameTaken" };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const values = { code: input.code, name: input.name, level: input.level, is_grassroots: input.isGrassroots };
    const { id } = await trx.insertInto("unit_kind").values(values).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: "create", entity: "unit_kind", entityId: id, unitId: null, after: values });
    return { ok: true, id };
  });
}

export async function updateUnitKind(db: Db, actor: Actor, kindId: number, input: UnitKindInput): Promise<WriteResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("unit_kind").selectAll().where("id", "=", kindId).executeTakeFirst();
    if (!before) throw notFound();
    const errors: FieldErrors = {};
    if (await kindCodeTaken(trx, input.code, kindId)) errors.code = { key: "unitKinds.codeTaken" };
    if (await kindNameTaken(trx, input.name, kindId)) errors.name = { key: "unitKinds.nameTaken" };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const after = { code: input.code, name: input.name, level: input.level, is_grassroots: input.isGrassroots };
    await trx.updateTable("unit_kind").set(after).where("id", "=", kindId).execute();
    await recordAudit(trx, actor, { action: "update", entity: "unit_kind", entityId: kindId, unitId: null, before, after });
    return { ok: true, id: kindId };
  });
}

/** Deletes a kind nothing uses (no unit, no campaign rule); otherwise refuses with the counts. */
export async function deleteUnitKind(db: Db, actor: Actor, kindId: number): Promise<WriteResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("unit_kind").selectAll().where("id", "=", kindId).executeTakeFirst();
    if (!before) throw notFound();
    const [units, reporting, targets] = await Promise.all([
      trx.selectFrom("unit").where("kind_id", "=", kindId).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      trx.selectFrom("campaign_reporting_kind").where("unit_kind_id", "=", kindId).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      trx.selectFrom("campaign_target").where("unit_kind_id", "=", kindId).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    const uses = Number(reporting.n) + Number(targets.n);
    if (Number(units.n) > 0 || uses > 0) return refuse("_form", "unitKinds.inUse", { units: Number(units.n), campaigns: uses });
    await trx.deleteFrom("unit_kind").where("id", "=", kindId).execute();
    await recordAudit(trx, actor, { action: "delete", entity: "unit_kind", entityId: kindId, unitId: null, before });
    return { ok: true, id: kindId };
  });
}
