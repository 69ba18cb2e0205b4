import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "@db/schema";
import { closureFingerprint, closureFromParents } from "~/domain/unit-tree";
import { dashboard } from "~/services/dashboard.server";
import {
  closeUnit,
  createUnit,
  createUnitKind,
  deleteUnitKind,
  listUnitKinds,
  moveTargets,
  moveUnit,
  reopenUnit,
  searchUnits,
  unitBranch,
  unitDetail,
  updateUnit,
  updateUnitKind,
} from "~/services/units.server";
import { lockUnitTree } from "~/services/unit-tree.server";
import { listUsers } from "~/services/users.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

/** The whole closure table, and the one the parent links imply, as comparable lists. */
async function closureMatchesParents(db: Kysely<Database>) {
  const [stored, links] = await Promise.all([
    db.selectFrom("unit_tree").select(["ancestor_id", "descendant_id", "depth"]).execute(),
    db.selectFrom("unit").select(["id", "parent_id"]).execute(),
  ]);
  return { stored: closureFingerprint(stored), expected: closureFingerprint(closureFromParents(links)) };
}

describe.each(testDialects())("units: tree, create, edit, move, close on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const idOf = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const kindId = async (code: string) => (await db().selectFrom("unit_kind").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const unitFields = async (name: string, extra: Partial<{ code: string | null; members: number; kindCode: string }> = {}) => ({
    name,
    shortName: null,
    code: extra.code ?? null,
    kindId: await kindId(extra.kindCode ?? "grassroots"),
    members: extra.members ?? 0,
    openedOn: "2020-01-15",
  });
  const audits = async (action: string, entityId: number) =>
    db().selectFrom("audit_log").selectAll().where("entity", "=", "unit").where("action", "=", action).where("entity_id", "=", entityId).execute();

  beforeAll(async () => {
    database = await demoDatabase(dialect, "units");
  });
  afterAll(() => database?.dispose());

  it("shows the actor's subtree with counts, and searches it without diacritics", async () => {
    const district = await actorFor(db(), "huyen.quanly");
    const root = await unitBranch(db(), district, district.unitId);
    expect(root.code).toBe("LC-TD");
    expect(root.childCount).toBe(13);
    expect(root.children).toHaveLength(13);
    expect(root.openDescendants).toBe(11); // two Sơn Bình schools closed in the merger
    const open = await db().selectFrom("unit").where("parent_id", "=", district.unitId).where("closed_on", "is", null).select((eb) => eb.fn.sum<number>("members").as("n")).executeTakeFirstOrThrow();
    expect(root.subtreeMembers).toBe(Number(open.n));
    await expectStatus(unitBranch(db(), district, await idOf("LC-PT")), 404);

    const found = await searchUnits(db(), district, "truong thcs binh lu");
    expect(found.results.map((r) => r.name)).toEqual(["Công đoàn Trường THCS Bình Lư"]);
    expect(found.results[0].path).toEqual(["LĐLĐ huyện Tam Đường"]);
    const province = await actorFor(db(), "tinh.quanly");
    const laoDong = await searchUnits(db(), province, "lao dong phong tho");
    expect(laoDong.results[0].name).toBe("Liên đoàn Lao động huyện Phong Thổ");
    expect((await searchUnits(db(), district, "phong tho")).total).toBe(0); // outside the district's scope
  });

  it("lets a manager create a unit under a unit of the subtree, with exact closure rows", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const result = await createUnit(db(), actor, { ...(await unitFields("Công đoàn Trường Tiểu học Bản Hon", { code: "LC-TD-T1", members: 30 })), parentId: actor.unitId });
    expect(result.ok).toBe(true);
    const id = result.ok ? result.id : 0;
    const ancestors = await db().selectFrom("unit_tree").select(["ancestor_id", "depth"]).where("descendant_id", "=", id).orderBy("depth").execute();
    expect(ancestors).toEqual([
      { ancestor_id: id, depth: 0 },
      { ancestor_id: actor.unitId, depth: 1 },
      { ancestor_id: await idOf("LC"), depth: 2 },
    ]);
    expect(await audits("create", id)).toHaveLength(1);
    const clash = await createUnit(db(), actor, { ...(await unitFields("Công đoàn khác", { code: "lc-td-t1" })), parentId: actor.unitId });
    expect(clash).toEqual({ ok: false, errors: { code: { key: "units.codeTaken", params: { code: "lc-td-t1" } } } });
    const sameName = await createUnit(db(), actor, { ...(await unitFields("Công đoàn trường tiểu học Bản Hon")), parentId: actor.unitId });
    expect(sameName).toMatchObject({ ok: false, errors: { name: { key: "units.nameTaken" } } });
    const underClosed = await createUnit(db(), actor, { ...(await unitFields("Công đoàn mới")), parentId: await idOf("LC-TD-011") });
    expect(underClosed).toMatchObject({ ok: false, errors: { parentId: { key: "units.parentClosed" } } });
  });

  it("refuses create, edit, move, close and reopen outside the subtree (404) and below manager (403)", async () => {
    const manager = await actorFor(db(), "huyen.quanly");
    const editor = await actorFor(db(), "huyen.bientap");
    const viewer = await actorFor(db(), "xem");
    const outside = await idOf("LC-PT-002");
    const inside = await idOf("LC-TD-002");
    const fields = await unitFields("Công đoàn thử");

    await expectStatus(createUnit(db(), manager, { ...fields, parentId: await idOf("LC-PT") }), 404);
    await expectStatus(createUnit(db(), manager, { ...fields, parentId: 987_654 }), 404);
    await expectStatus(createUnit(db(), editor, { ...fields, parentId: editor.unitId }), 403);
    await expectStatus(createUnit(db(), viewer, { ...fields, parentId: viewer.unitId }), 403);

    await expectStatus(updateUnit(db(), manager, outside, fields), 404);
    await expectStatus(updateUnit(db(), manager, await idOf("LC"), fields), 404); // above the scope
    await expectStatus(updateUnit(db(), editor, inside, fields), 403);

    await expectStatus(moveUnit(db(), manager, outside, manager.unitId), 404);
    await expectStatus(moveUnit(db(), manager, inside, await idOf("LC-PT")), 404);
    await expectStatus(moveUnit(db(), editor, inside, await idOf("LC-TD-001")), 403);
    await expectStatus(moveTargets(db(), manager, outside, ""), 404);

    await expectStatus(closeUnit(db(), manager, outside, "2024-01-01"), 404);
    await expectStatus(closeUnit(db(), editor, inside, "2024-01-01"), 403);
    await expectStatus(reopenUnit(db(), manager, await idOf("LC-PT-002")), 404);
    await expectStatus(reopenUnit(db(), editor, await idOf("LC-TD-011")), 403);

    const unchanged = await db().selectFrom("unit").select(["name", "parent_id", "closed_on"]).where("id", "in", [outside, inside]).orderBy("id").execute();
    expect(unchanged.every((u) => u.closed_on === null && u.name !== "Công đoàn thử")).toBe(true);
    expect(await db().selectFrom("unit").select("id").where("name", "=", "Công đoàn thử").execute()).toEqual([]);
  });

  it("edits name, short name, code, kind, members and opening date, keeping the rules", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const id = await idOf("LC-TD-002");
    const result = await updateUnit(db(), actor, id, {
      name: "Công đoàn Trường THCS thị trấn Tam Đường (mới)",
      shortName: "THCS TT Tam Đường",
      code: "LC-TD-002B",
      kindId: await kindId("grassroots"),
      members: 40,
      openedOn: "2004-09-05",
    });
    expect(result).toEqual({ ok: true, id });
    const unit = await db().selectFrom("unit").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ code: "LC-TD-002B", short_name: "THCS TT Tam Đường", members: 40 });
    const [audit] = await audits("update", id);
    expect(JSON.parse(audit.after_data!)).toMatchObject({ code: "LC-TD-002B", members: 40 });
    expect(JSON.parse(audit.before_data!)).toMatchObject({ code: "LC-TD-002", members: 34 });
    const closed = await idOf("LC-TD-011");
    const late = await updateUnit(db(), actor, closed, { ...(await unitFields("Công đoàn Trường Tiểu học Sơn Bình")), openedOn: "2023-01-01" });
    expect(late).toMatchObject({ ok: false, errors: { openedOn: { key: "units.openedAfterClosed" } } });
  });

  it("refuses moving the scope root, and moving a unit under itself or its own descendants", async () => {
    const district = await actorFor(db(), "huyen.quanly");
    expect(await moveUnit(db(), district, district.unitId, await idOf("LC-TD-001"))).toMatchObject({ ok: false, errors: { parentId: { key: "units.moveScopeRoot" } } });
    const province = await actorFor(db(), "tinh.quanly");
    const td = await idOf("LC-TD");
    expect(await moveUnit(db(), province, td, td)).toMatchObject({ ok: false, errors: { parentId: { key: "units.moveIntoOwnSubtree" } } });
    expect(await moveUnit(db(), province, td, await idOf("LC-TD-003"))).toMatchObject({ ok: false, errors: { parentId: { key: "units.moveIntoOwnSubtree" } } });
    const targets = await moveTargets(db(), province, td, "");
    expect(targets.results.map((r) => r.code)).not.toContain("LC-TD");
    expect(targets.results.map((r) => r.code)).toContain("LC-PT");
    const searched = await moveTargets(db(), province, td, "binh lu");
    expect(searched.results).toEqual([]); // Bình Lư's units lie inside Tam Đường
    expect((await closureMatchesParents(db())).stored).toEqual((await closureMatchesParents(db())).expected);
  });

  it("moves a grassroots union to another district: closure exact, roll-ups, accounts and scopes follow", async () => {
    const province = await actorFor(db(), "tinh.quanly");
    const tamDuong = await actorFor(db(), "huyen.quanly");
    const school = await idOf("LC-TD-003"); // coso.bientap's unit
    const phongTho = await idOf("LC-PT");
    const members = (await db().selectFrom("unit").select("members").where("id", "=", school).executeTakeFirstOrThrow()).members;

    const before = {
      td: await unitDetail(db(), tamDuong, tamDuong.unitId),
      pt: await unitDetail(db(), province, phongTho),
      dash: await dashboard(db(), tamDuong),
      users: (await listUsers(db(), tamDuong)).map((u) => u.login),
    };
    expect(before.users).toContain("coso.bientap");

    expect(await moveUnit(db(), province, school, phongTho)).toEqual({ ok: true, id: school, moved: true });

    const closure = await closureMatchesParents(db());
    expect(closure.stored).toEqual(closure.expected);
    const after = {
      td: await unitDetail(db(), tamDuong, tamDuong.unitId),
      pt: await unitDetail(db(), province, phongTho),
      dash: await dashboard(db(), tamDuong),
      users: (await listUsers(db(), tamDuong)).map((u) => u.login),
    };
    expect(after.td.subtreeMembers).toBe(before.td.subtreeMembers - members);
    expect(after.td.subtreeUnits).toBe(before.td.subtreeUnits - 1);
    expect(after.pt.subtreeMembers).toBe(before.pt.subtreeMembers + members);
    expect(after.pt.subtreeUnits).toBe(before.pt.subtreeUnits + 1);
    expect(after.dash.unitCount).toBe(before.dash.unitCount - 1);
    expect(after.dash.members).toBe(before.dash.members - members);
    expect(after.users).not.toContain("coso.bientap");
    await expectStatus(unitDetail(db(), tamDuong, school), 404); // no longer in Tam Đường's scope
    const grassroots = await actorFor(db(), "coso.bientap");
    expect((await unitDetail(db(), grassroots, school)).unit.id).toBe(school); // its own scope is unchanged
    expect((await searchUnits(db(), province, "thcs binh lu")).results[0].path).toEqual(["LĐLĐ tỉnh Lai Châu", "LĐLĐ huyện Phong Thổ"]);
    const [audit] = await audits("move", school);
    expect(JSON.parse(audit.before_data!)).toEqual({ parent_id: tamDuong.unitId });
    expect(await moveUnit(db(), province, school, phongTho)).toEqual({ ok: true, id: school, moved: false });
  });

  it("moves a whole district subtree under another and back, keeping the closure exact at every step", async () => {
    const province = await actorFor(db(), "tinh.quanly");
    const td = await idOf("LC-TD");
    const nn = await idOf("LC-NN");
    const tdSize = (await unitDetail(db(), province, td)).subtreeUnits;
    const nnBefore = await unitDetail(db(), province, nn);
    expect(await moveUnit(db(), province, td, nn)).toMatchObject({ ok: true, moved: true });
    let closure = await closureMatchesParents(db());
    expect(closure.stored).toEqual(closure.expected);
    expect((await unitDetail(db(), province, nn)).subtreeUnits).toBe(nnBefore.subtreeUnits + tdSize);
    const deep = await db().selectFrom("unit_tree").select("depth").where("ancestor_id", "=", await idOf("LC")).where("descendant_id", "=", await idOf("LC-TD-001")).executeTakeFirstOrThrow();
    expect(deep.depth).toBe(3);
    // The district manager still sees and manages its own (moved) subtree.
    const tamDuong = await actorFor(db(), "huyen.quanly");
    expect((await unitBranch(db(), tamDuong, tamDuong.unitId)).childCount).toBe(13); // 13 + Bản Hon - Bình Lư school
    expect(await moveUnit(db(), province, td, await idOf("LC"))).toMatchObject({ ok: true, moved: true });
    closure = await closureMatchesParents(db());
    expect(closure.stored).toEqual(closure.expected);
    expect((await unitDetail(db(), province, nn)).subtreeUnits).toBe(nnBefore.subtreeUnits);
  });

  it("serialises concurrent moves, so two crossing moves cannot build a cycle", async () => {
    const province = await actorFor(db(), "tinh.quanly");
    const make = async (name: string) => {
      const result = await createUnit(db(), province, { ...(await unitFields(name, { kindCode: "district" })), parentId: province.unitId });
      return result.ok ? result.id : 0;
    };
    const [x, y] = [await make("Công đoàn xã Thử X"), await make("Công đoàn xã Thử Y")];
    // Hold the tree lock while both moves start, so they are truly concurrent once it is released.
    let moves: Promise<Awaited<ReturnType<typeof moveUnit>>[]> | undefined;
    await db().transaction().execute(async (trx) => {
      await lockUnitTree(trx);
      moves = Promise.all([moveUnit(db(), province, x, y), moveUnit(db(), province, y, x)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const results = await moves!;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, errors: { parentId: { key: "units.moveIntoOwnSubtree" } } }]);
    const closure = await closureMatchesParents(db());
    expect(closure.stored).toEqual(closure.expected);
  });

  it("closes a unit on a date (kept with its history) and reopens it; rules on dates and open units below", async () => {
    const actor = await actorFor(db(), "huyen.quanly");
    const id = await idOf("LC-TD-004");
    const before = await unitDetail(db(), actor, actor.unitId);
    const dash = await dashboard(db(), actor);

    expect(await closeUnit(db(), actor, actor.unitId, "2024-01-01")).toMatchObject({ ok: false, errors: { closedOn: { key: "units.closeScopeRoot" } } });
    expect(await closeUnit(db(), actor, id, "2099-01-01")).toMatchObject({ ok: false, errors: { closedOn: { key: "units.closedInFuture" } } });
    expect(await closeUnit(db(), actor, id, "2001-01-01")).toMatchObject({ ok: false, errors: { closedOn: { key: "units.closedBeforeOpened" } } });
    const province = await actorFor(db(), "tinh.quanly");
    expect(await closeUnit(db(), province, actor.unitId, "2024-01-01")).toMatchObject({ ok: false, errors: { closedOn: { key: "units.closeOpenBelow", params: { n: 11 } } } });

    expect(await closeUnit(db(), actor, id, "2024-06-30")).toEqual({ ok: true, id });
    const unit = await db().selectFrom("unit").select(["closed_on", "members"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(unit.closed_on).toBe("2024-06-30");
    const activities = await db().selectFrom("activity").select("id").where("unit_id", "=", id).execute();
    expect(activities.length).toBeGreaterThanOrEqual(0); // history stays (nothing deleted)
    const after = await unitDetail(db(), actor, actor.unitId);
    expect(after.subtreeMembers).toBe(before.subtreeMembers - unit.members);
    expect((await dashboard(db(), actor)).unitCount).toBe(dash.unitCount - 1);
    expect(await closeUnit(db(), actor, id, "2024-07-01")).toMatchObject({ ok: false, errors: { closedOn: { key: "units.alreadyClosed" } } });

    expect(await reopenUnit(db(), actor, id)).toEqual({ ok: true, id });
    expect((await db().selectFrom("unit").select("closed_on").where("id", "=", id).executeTakeFirstOrThrow()).closed_on).toBeNull();
    expect(await reopenUnit(db(), actor, id)).toMatchObject({ ok: false, errors: { _form: { key: "units.notClosed" } } });
    expect((await audits("close", id)).length).toBe(1);
    expect((await audits("reopen", id)).length).toBe(1);
  });

  it("lets only the administrator add, rename and delete unit kinds", async () => {
    const admin = await actorFor(db(), "admin");
    const manager = await actorFor(db(), "tinh.quanly");
    const input = { code: "commune", name: "Công đoàn xã, phường", level: 2, isGrassroots: false };
    await expectStatus(createUnitKind(db(), manager, input), 403);
    const created = await createUnitKind(db(), admin, input);
    expect(created.ok).toBe(true);
    const id = created.ok ? created.id : 0;
    expect(await createUnitKind(db(), admin, { ...input, name: "Khác" })).toMatchObject({ ok: false, errors: { code: { key: "unitKinds.codeTaken" } } });
    await expectStatus(updateUnitKind(db(), manager, id, input), 403);
    expect(await updateUnitKind(db(), admin, id, { ...input, name: "Công đoàn cấp xã", isGrassroots: true })).toEqual({ ok: true, id });
    const kinds = await listUnitKinds(db());
    expect(kinds.find((k) => k.id === id)).toMatchObject({ name: "Công đoàn cấp xã", is_grassroots: true, units: 0 });
    const district = kinds.find((k) => k.code === "district")!;
    expect(district.units).toBeGreaterThan(5);
    expect(await deleteUnitKind(db(), admin, district.id)).toMatchObject({ ok: false, errors: { _form: { key: "unitKinds.inUse" } } });
    await expectStatus(deleteUnitKind(db(), manager, id), 403);
    expect(await deleteUnitKind(db(), admin, id)).toEqual({ ok: true, id });
    await expectStatus(updateUnitKind(db(), admin, id, input), 404);
  });
});
