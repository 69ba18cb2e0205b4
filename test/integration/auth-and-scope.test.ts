import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, loadActor } from "~/services/auth.server";
import { campaignDetail, listCampaigns } from "~/services/campaigns.server";
import { dashboard } from "~/services/dashboard.server";
import { unitDetail, unitTree } from "~/services/units.server";
import { insertAccount, listUsers } from "~/services/users.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const PASSWORD = "Demo@2022";

describe.each(testDialects())("sign-in and subtree scope on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const unitIdByName = async (fragment: string) =>
    (await db().selectFrom("unit").select("id").where("name", "like", `%${fragment}%`).orderBy("id").executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    database = await demoDatabase(dialect, "scope");
  });
  afterAll(() => database?.dispose());

  it("signs in a demo account with its password, whatever the case of the login", async () => {
    expect(await authenticate(db(), "coso.bientap", PASSWORD)).toMatchObject({ id: expect.any(Number) });
    expect(await authenticate(db(), "  CoSo.BienTap ", PASSWORD)).not.toBeNull();
  });

  it("refuses a wrong password, an unknown login and a deactivated account alike", async () => {
    expect(await authenticate(db(), "coso.bientap", "sai-mat-khau")).toBeNull();
    expect(await authenticate(db(), "khong.ton.tai", PASSWORD)).toBeNull();
    const unitId = await unitIdByName("Tam Đường");
    const id = await insertAccount(db(), { login: "tam.khoa", password: "mat-khau-dai", displayName: "Tạm Khóa", role: "viewer", unitId });
    expect(await authenticate(db(), "tam.khoa", "mat-khau-dai")).not.toBeNull();
    await db().updateTable("app_user").set({ is_active: false }).where("id", "=", id).execute();
    expect(await authenticate(db(), "tam.khoa", "mat-khau-dai")).toBeNull();
  });

  it("stores argon2id hashes with the OWASP parameters", async () => {
    const row = await db().selectFrom("app_user").select("password_hash").where("login", "=", "admin").executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("drops every session of a user whose session epoch moved on (sign out everywhere)", async () => {
    const user = await db().selectFrom("app_user").select(["id", "session_epoch"]).where("login", "=", "xem").executeTakeFirstOrThrow();
    expect(await loadActor(db(), user.id, user.session_epoch)).not.toBeNull();
    expect(await loadActor(db(), user.id, user.session_epoch + 1)).toBeNull();
  });

  it("lets a grassroots editor open its own unit but not its parent nor another district's units", async () => {
    const actor = await actorFor(db(), "coso.bientap");
    const own = await unitDetail(db(), actor, actor.unitId);
    expect(own.unit.id).toBe(actor.unitId);
    expect(own.parent).toBeNull(); // the parent lies above the scope and is not revealed
    const parentId = (await db().selectFrom("unit").select("parent_id").where("id", "=", actor.unitId).executeTakeFirstOrThrow()).parent_id!;
    await expectStatus(unitDetail(db(), actor, parentId), 404);
    await expectStatus(unitDetail(db(), actor, await unitIdByName("Phong Thổ")), 404);
    await expectStatus(unitDetail(db(), actor, 987_654), 404);
  });

  it("lets a district editor see every unit below its district and nothing beside it", async () => {
    const actor = await actorFor(db(), "huyen.bientap");
    const tree = await unitTree(db(), actor, 5);
    expect(tree).toHaveLength(1);
    expect(tree[0].item.id).toBe(actor.unitId);
    const ids = new Set<number>();
    const walk = (nodes: typeof tree) => nodes.forEach((n) => { ids.add(n.item.id); walk(n.children); });
    walk(tree);
    const below = await db().selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", actor.unitId).execute();
    expect(ids).toEqual(new Set(below.map((r) => r.descendant_id)));
    await expectStatus(unitDetail(db(), actor, await unitIdByName("Phong Thổ")), 404);
  });

  it("lists only the accounts inside the actor's subtree", async () => {
    const grassroots = await actorFor(db(), "coso.bientap");
    const visible = await listUsers(db(), grassroots);
    expect(visible.map((u) => u.login)).toContain("coso.bientap");
    expect(visible.every((u) => u.unit_id === grassroots.unitId)).toBe(true);
    const province = await actorFor(db(), "tinh.quanly");
    const all = await db().selectFrom("app_user").select("id").execute();
    expect(await listUsers(db(), province)).toHaveLength(all.length);
  });

  it("shows the province's campaign to a grassroots union below it", async () => {
    const actor = await actorFor(db(), "coso.bientap");
    const campaigns = await listCampaigns(db(), actor);
    expect(campaigns.map((c) => c.title)).toContain("Tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW");
    const detail = await campaignDetail(db(), actor, campaigns[0].id);
    expect(detail.points.map((p) => p.code)).toEqual(expect.arrayContaining(["1.4.1", "1.4.8"]));
    await expectStatus(campaignDetail(db(), actor, 987_654), 404);
  });

  it("computes the dashboard over the scope only", async () => {
    const grassroots = await actorFor(db(), "coso.bientap");
    const province = await actorFor(db(), "tinh.quanly");
    const small = await dashboard(db(), grassroots);
    const large = await dashboard(db(), province);
    expect(small.unitCount).toBe(1);
    expect(large.unitCount).toBeGreaterThan(40);
    expect(large.campaigns[0].activities).toBeGreaterThan(small.campaigns[0].activities);
    const expectedAttendance = await db()
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .where("a.status", "=", "done")
      .where("a.channel", "=", "spoken")
      .select((eb) => eb.fn.sum<number>("r.attendance").as("total"))
      .executeTakeFirstOrThrow();
    expect(large.campaigns[0].attendance).toBe(Number(expectedAttendance.total));
    // Only managers get a review queue, and only of units below them.
    expect(small.toReview).toEqual([]);
    expect(large.toReview.every((r) => r.unit_id !== province.unitId)).toBe(true);
  });
});
