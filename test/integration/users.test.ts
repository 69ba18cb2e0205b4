import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { authenticate, loadActor } from "~/services/auth.server";
import {
  changeOwnPassword,
  createAccount,
  generateTemporaryPassword,
  getAccount,
  insertAccount,
  listUsers,
  resetPassword,
  setAccountActive,
  updateAccount,
} from "~/services/users.server";
import { actorFor, expectStatus } from "../support/actors";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";


describe.each(testDialects())("accounts on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const user = (login: string) =>
    db().selectFrom("app_user").selectAll().where("login", "=", login).executeTakeFirstOrThrow();
  const userId = async (login: string) => (await user(login)).id;
  const counts = async () => {
    const [users, audits] = await Promise.all([
      db().selectFrom("app_user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      db().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { users: Number(users.n), audits: Number(audits.n) };
  };
  const snapshot = (login: string) => user(login).then(({ last_login_at: _ignored, ...row }) => row);

  /** An account made directly (no actor), e.g. an admin placed inside a district to test "outranks". */
  let seq = 0;
  const makeAccount = async (role: Actor["role"], unitCode: string, password = "mat-khau-cu-1") => {
    const login = `acc.${dialect}.${++seq}`;
    const id = await insertAccount(db(), { login, password, displayName: `Tài khoản ${seq}`, role, unitId: await unitId(unitCode) });
    return { id, login, password };
  };

  let district: Actor; // huyen.quanly, LĐLĐ huyện Tam Đường
  let province: Actor; // tinh.quanly, LĐLĐ tỉnh Lai Châu
  let admin: Actor;
  let editor: Actor; // huyen.bientap
  let viewer: Actor; // xem (province)

  beforeAll(async () => {
    database = await demoDatabase(dialect, "users");
    [district, province, admin, editor, viewer] = await Promise.all(
      ["huyen.quanly", "tinh.quanly", "admin", "huyen.bientap", "xem"].map((login) => actorFor(db(), login)),
    );
  });
  afterAll(() => database?.dispose());

  describe("creating", () => {
    it("lets a district manager create an editor for a grassroots union, with a generated temporary password", async () => {
      const before = await counts();
      const result = await createAccount(db(), district, {
        login: "  BinhLu.BienTap2 ",
        displayName: "Vàng Thị Lan",
        unitId: await unitId("LC-TD-003"),
        role: "editor",
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { temporaryPassword } = result.value;
      expect(temporaryPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      const row = await user("binhlu.bientap2");
      expect(row).toMatchObject({ role: "editor", is_active: true, is_password_change_required: true, display_name: "Vàng Thị Lan" });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const session = await authenticate(db(), "binhlu.bientap2", temporaryPassword!);
      expect(session).not.toBeNull();
      expect((await loadActor(db(), session!.id, session!.epoch))?.isPasswordChangeRequired).toBe(true);
      expect(await counts()).toEqual({ users: before.users + 1, audits: before.audits + 1 });
      const audit = await db().selectFrom("audit_log").selectAll().where("entity", "=", "app_user").where("entity_id", "=", row.id).executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ user_id: district.id, action: "create", unit_id: row.unit_id });
      expect(audit.after_data).not.toContain("argon2");
      expect(audit.after_data).not.toContain(temporaryPassword);
    });

    it("uses the manager's own temporary password when one is typed, and does not echo it back", async () => {
      const result = await createAccount(db(), district, { login: "td.xem", displayName: "Người Xem", unitId: district.unitId, role: "viewer", password: "tam-thoi-123" });
      expect(result).toMatchObject({ ok: true, value: { temporaryPassword: null } });
      expect(await authenticate(db(), "td.xem", "tam-thoi-123")).not.toBeNull();
    });

    it("refuses a unit outside the subtree or above it with 404, and writes nothing", async () => {
      const before = await counts();
      for (const code of ["LC-PT-001", "LC-PT", "LC", "LC-TGNC"]) {
        await expectStatus(createAccount(db(), district, { login: `ngoai.${code.toLowerCase()}`, displayName: "Ngoài", unitId: await unitId(code), role: "viewer" }), 404);
      }
      await expectStatus(createAccount(db(), district, { login: "khong.co", displayName: "Không có", unitId: 987_654, role: "viewer" }), 404);
      expect(await counts()).toEqual(before);
    });

    it("lets a manager grant at most manager: admin is refused with 403; an admin may grant admin", async () => {
      const before = await counts();
      await expectStatus(createAccount(db(), district, { login: "td.admin", displayName: "Quản trị", unitId: district.unitId, role: "admin" }), 403);
      await expectStatus(createAccount(db(), province, { login: "tinh.admin2", displayName: "Quản trị", unitId: province.unitId, role: "admin" }), 403);
      expect(await counts()).toEqual(before);
      expect((await createAccount(db(), district, { login: "td.quanly2", displayName: "Phó Chủ tịch", unitId: district.unitId, role: "manager" })).ok).toBe(true);
      expect((await createAccount(db(), admin, { login: "tinh.admin2", displayName: "Quản trị 2", unitId: admin.unitId, role: "admin" })).ok).toBe(true);
    });

    it("refuses editors and viewers with 403 whatever the unit", async () => {
      const before = await counts();
      const own = await unitId("LC-TD-003");
      await expectStatus(createAccount(db(), editor, { login: "bt.tao", displayName: "X", unitId: own, role: "viewer" }), 403);
      await expectStatus(createAccount(db(), viewer, { login: "xem.tao", displayName: "X", unitId: viewer.unitId, role: "viewer" }), 403);
      expect(await counts()).toEqual(before);
    });

    it("answers a taken login, a bad login, a short password and a closed unit as field errors", async () => {
      const before = await counts();
      const unit = await unitId("LC-TD-003");
      expect(await createAccount(db(), district, { login: "COSO.BIENTAP", displayName: "Trùng", unitId: unit, role: "viewer" })).toEqual({
        ok: false,
        errors: { login: { key: "users.error.loginTaken" } },
      });
      const bad = await createAccount(db(), district, { login: "có dấu", displayName: "", unitId: unit, role: "viewer", password: "ngan" });
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(bad.errors.login.key).toBe("users.error.loginFormat");
        expect(bad.errors.displayName.key).toBe("validation.required");
        expect(bad.errors.password.key).toBe("account.error.passwordLength");
      }
      const closed = await unitId("LC-TD-011"); // merged away in the demo
      expect(await createAccount(db(), district, { login: "da.giai.the", displayName: "Giải thể", unitId: closed, role: "viewer" })).toEqual({
        ok: false,
        errors: { unitId: { key: "users.error.unitClosed" } },
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe("changing name, unit and role", () => {
    it("moves an account within the subtree and changes its role, recording before and after", async () => {
      const target = await makeAccount("viewer", "LC-TD-003");
      const result = await updateAccount(db(), district, { id: target.id, displayName: "Đã đổi tên", unitId: await unitId("LC-TD-004"), role: "editor" });
      expect(result).toEqual({ ok: true, value: { changed: true } });
      expect(await user(target.login)).toMatchObject({ display_name: "Đã đổi tên", role: "editor", unit_id: await unitId("LC-TD-004") });
      const audit = await db().selectFrom("audit_log").selectAll().where("entity_id", "=", target.id).where("action", "=", "update").executeTakeFirstOrThrow();
      expect(JSON.parse(audit.before_data!)).toMatchObject({ role: "viewer" });
      expect(JSON.parse(audit.after_data!)).toMatchObject({ role: "editor", displayName: "Đã đổi tên" });
    });

    it("answers 404 for an account outside the subtree or above it, and for a unit outside it", async () => {
      const target = await makeAccount("viewer", "LC-TD-003");
      const outside = await makeAccount("viewer", "LC-PT-001");
      const before = await snapshot(outside.login);
      await expectStatus(updateAccount(db(), district, { id: outside.id, displayName: "Chiếm", role: "viewer" }), 404);
      await expectStatus(updateAccount(db(), district, { id: await userId("tinh.quanly"), displayName: "Chiếm" }), 404);
      await expectStatus(updateAccount(db(), district, { id: target.id, displayName: "Chuyển đi", unitId: await unitId("LC-PT") }), 404);
      expect(await snapshot(outside.login)).toEqual(before);
      expect((await user(target.login)).unit_id).toBe(await unitId("LC-TD-003"));
    });

    it("refuses granting admin, touching an account that outranks the manager, and changing one's own role (403)", async () => {
      const target = await makeAccount("editor", "LC-TD-003");
      await expectStatus(updateAccount(db(), district, { id: target.id, displayName: "X", role: "admin" }), 403);
      const localAdmin = await makeAccount("admin", "LC-TD");
      await expectStatus(updateAccount(db(), district, { id: localAdmin.id, displayName: "Hạ quyền", role: "viewer" }), 403);
      await expectStatus(updateAccount(db(), district, { id: district.id, displayName: district.displayName, role: "editor" }), 403);
      await expectStatus(updateAccount(db(), district, { id: district.id, displayName: district.displayName, unitId: await unitId("LC-TD-003") }), 403);
      expect((await user(target.login)).role).toBe("editor");
      expect((await user(localAdmin.login)).role).toBe("admin");
      expect((await user("huyen.quanly")).role).toBe("manager");
      // Renaming oneself is fine.
      expect(await updateAccount(db(), district, { id: district.id, displayName: district.displayName })).toEqual({ ok: true, value: { changed: false } });
    });

    it("refuses editors and viewers (403), even on their own subtree", async () => {
      const target = await makeAccount("viewer", "LC-TD-003");
      await expectStatus(updateAccount(db(), editor, { id: target.id, displayName: "X", role: "editor" }), 403);
      await expectStatus(updateAccount(db(), viewer, { id: target.id, displayName: "X" }), 403);
      await expectStatus(getAccount(db(), editor, target.id), 403);
    });
  });

  describe("resetting a password", () => {
    it("gives a temporary password, forces a change at the next sign-in and ends the old sessions", async () => {
      const target = await makeAccount("editor", "LC-TD-003");
      const old = await authenticate(db(), target.login, target.password);
      expect(old).not.toBeNull();
      const result = await resetPassword(db(), district, { id: target.id });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const temporary = result.value.temporaryPassword!;
      expect(await loadActor(db(), old!.id, old!.epoch)).toBeNull();
      expect(await authenticate(db(), target.login, target.password)).toBeNull();
      const fresh = await authenticate(db(), target.login, temporary);
      expect(fresh).not.toBeNull();
      expect(await loadActor(db(), fresh!.id, fresh!.epoch)).toMatchObject({ isPasswordChangeRequired: true });
      const audit = await db().selectFrom("audit_log").selectAll().where("entity_id", "=", target.id).where("action", "=", "reset_password").executeTakeFirstOrThrow();
      expect(audit.user_id).toBe(district.id);
      expect(`${audit.before_data}${audit.after_data}`).not.toMatch(/argon2|password_hash/);
      expect(audit.after_data).not.toContain(temporary);
    });

    it("accepts a typed temporary password (8 characters at least)", async () => {
      const target = await makeAccount("viewer", "LC-TD");
      expect(await resetPassword(db(), district, { id: target.id, password: "ngan" })).toEqual({ ok: false, errors: { password: { key: "account.error.passwordLength" } } });
      expect(await resetPassword(db(), district, { id: target.id, password: "tam-thoi-456" })).toEqual({ ok: true, value: { login: target.login, temporaryPassword: null } });
      expect(await authenticate(db(), target.login, "tam-thoi-456")).not.toBeNull();
    });

    it("refuses outside the subtree (404), above the manager's role or on oneself (403), and for editors (403)", async () => {
      const outside = await makeAccount("viewer", "LC-PT-002");
      const localAdmin = await makeAccount("admin", "LC-TD-001");
      const inside = await makeAccount("viewer", "LC-TD-001");
      const before = await Promise.all([outside, localAdmin, inside].map((a) => snapshot(a.login)));
      const auditsBefore = (await counts()).audits;
      await expectStatus(resetPassword(db(), district, { id: outside.id }), 404);
      await expectStatus(resetPassword(db(), district, { id: await userId("admin") }), 404);
      await expectStatus(resetPassword(db(), district, { id: localAdmin.id }), 403);
      await expectStatus(resetPassword(db(), district, { id: district.id }), 403);
      await expectStatus(resetPassword(db(), editor, { id: inside.id }), 403);
      await expectStatus(resetPassword(db(), viewer, { id: inside.id }), 403);
      expect(await Promise.all([outside, localAdmin, inside].map((a) => snapshot(a.login)))).toEqual(before);
      expect((await counts()).audits).toBe(auditsBefore);
      // The admin, whose scope is the whole province, may.
      expect((await resetPassword(db(), admin, { id: localAdmin.id })).ok).toBe(true);
    });
  });

  describe("deactivating", () => {
    it("ends every session at once, refuses sign-in, and reactivation lets the user back in", async () => {
      const target = await makeAccount("editor", "LC-TD-005");
      const session = await authenticate(db(), target.login, target.password);
      expect(await loadActor(db(), session!.id, session!.epoch)).not.toBeNull();
      expect(await setAccountActive(db(), district, { id: target.id, active: false })).toEqual({ changed: true });
      expect(await loadActor(db(), session!.id, session!.epoch)).toBeNull();
      expect(await authenticate(db(), target.login, target.password)).toBeNull();
      expect(await setAccountActive(db(), district, { id: target.id, active: false })).toEqual({ changed: false });
      expect(await setAccountActive(db(), district, { id: target.id, active: true })).toEqual({ changed: true });
      const again = await authenticate(db(), target.login, target.password);
      expect(again).not.toBeNull();
      expect(again!.epoch).toBeGreaterThan(session!.epoch);
      const actions = await db().selectFrom("audit_log").select("action").where("entity_id", "=", target.id).where("entity", "=", "app_user").orderBy("id").execute();
      expect(actions.map((a) => a.action)).toEqual(["create", "deactivate", "reactivate"]);
    });

    it("refuses oneself, an outranking account (403), an account outside the subtree (404), and editors (403)", async () => {
      const outside = await makeAccount("viewer", "LC-PT-003");
      const localAdmin = await makeAccount("admin", "LC-TD-002");
      const inside = await makeAccount("viewer", "LC-TD-002");
      await expectStatus(setAccountActive(db(), district, { id: district.id, active: false }), 403);
      await expectStatus(setAccountActive(db(), admin, { id: admin.id, active: false }), 403);
      await expectStatus(setAccountActive(db(), district, { id: localAdmin.id, active: false }), 403);
      await expectStatus(setAccountActive(db(), district, { id: outside.id, active: false }), 404);
      await expectStatus(setAccountActive(db(), district, { id: await userId("tinh.quanly"), active: false }), 404);
      await expectStatus(setAccountActive(db(), editor, { id: inside.id, active: false }), 403);
      await expectStatus(setAccountActive(db(), viewer, { id: inside.id, active: false }), 403);
      for (const login of [outside.login, localAdmin.login, inside.login, "huyen.quanly", "admin", "tinh.quanly"]) {
        expect((await user(login)).is_active, login).toBe(true);
      }
    });
  });

  describe("changing one's own password", () => {
    it("checks the current password, refuses the same one and a mismatch, then rotates the session epoch", async () => {
      const me = await makeAccount("editor", "LC-TD-006", "mat-khau-ban-dau");
      const session = await authenticate(db(), me.login, me.password);
      const actor = (await loadActor(db(), session!.id, session!.epoch))!;
      const other = await authenticate(db(), me.login, me.password); // a second browser

      expect(await changeOwnPassword(db(), actor, { currentPassword: "sai", newPassword: "mat-khau-moi-1", confirmPassword: "mat-khau-moi-1" })).toEqual({
        ok: false,
        errors: { currentPassword: { key: "account.error.currentWrong" } },
      });
      const same = await changeOwnPassword(db(), actor, { currentPassword: me.password, newPassword: me.password, confirmPassword: me.password });
      expect(same).toMatchObject({ ok: false, errors: { newPassword: { key: "account.error.sameAsCurrent" } } });
      const mismatch = await changeOwnPassword(db(), actor, { currentPassword: me.password, newPassword: "mat-khau-moi-1", confirmPassword: "mat-khau-moi-2" });
      expect(mismatch).toMatchObject({ ok: false, errors: { confirmPassword: { key: "account.error.mismatch" } } });
      const short = await changeOwnPassword(db(), actor, { currentPassword: me.password, newPassword: "ngan", confirmPassword: "ngan" });
      expect(short).toMatchObject({ ok: false, errors: { newPassword: { key: "account.error.passwordLength" } } });
      const long = "x".repeat(257);
      expect(await changeOwnPassword(db(), actor, { currentPassword: me.password, newPassword: long, confirmPassword: long })).toMatchObject({ ok: false });
      expect(await loadActor(db(), session!.id, session!.epoch)).not.toBeNull(); // nothing changed yet

      const result = await changeOwnPassword(db(), actor, { currentPassword: me.password, newPassword: "mat-khau-moi-1", confirmPassword: "mat-khau-moi-1" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.epoch).toBe(session!.epoch + 1);
      expect(await loadActor(db(), session!.id, session!.epoch)).toBeNull();
      expect(await loadActor(db(), other!.id, other!.epoch)).toBeNull();
      expect(await loadActor(db(), actor.id, result.value.epoch)).not.toBeNull();
      expect(await authenticate(db(), me.login, me.password)).toBeNull();
      expect(await authenticate(db(), me.login, "mat-khau-moi-1")).not.toBeNull();
      const audit = await db().selectFrom("audit_log").selectAll().where("entity_id", "=", actor.id).where("action", "=", "change_password").executeTakeFirstOrThrow();
      expect(audit.user_id).toBe(actor.id);
    });

    it("clears the required change after a reset", async () => {
      const target = await makeAccount("viewer", "LC-TD-007");
      const reset = await resetPassword(db(), district, { id: target.id });
      const temporary = reset.ok ? reset.value.temporaryPassword! : "";
      const session = await authenticate(db(), target.login, temporary);
      const actor = (await loadActor(db(), session!.id, session!.epoch))!;
      expect(actor.isPasswordChangeRequired).toBe(true);
      const result = await changeOwnPassword(db(), actor, { currentPassword: temporary, newPassword: "mat-khau-rieng", confirmPassword: "mat-khau-rieng" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(await loadActor(db(), actor.id, result.value.epoch)).toMatchObject({ isPasswordChangeRequired: false });
    });

    it("refuses the old password once a manager has reset it meanwhile", async () => {
      const me = await makeAccount("viewer", "LC-TD-008", "mat-khau-goc-1");
      const session = await authenticate(db(), me.login, me.password);
      const actor = (await loadActor(db(), session!.id, session!.epoch))!;
      // A reset lands while the user's request is in flight: simulate by resetting right before.
      await resetPassword(db(), district, { id: me.id, password: "tam-thoi-999" });
      expect(await changeOwnPassword(db(), actor, { currentPassword: me.password, newPassword: "mat-khau-moi-9", confirmPassword: "mat-khau-moi-9" })).toEqual({
        ok: false,
        errors: { currentPassword: { key: "account.error.currentWrong" } },
      });
      expect(await authenticate(db(), me.login, "tam-thoi-999")).not.toBeNull();
    });
  });

  describe("listing", () => {
    it("filters by unit subtree, role, status, and searches names without diacritics", async () => {
      expect((await listUsers(db(), district, { q: "hoang van thang" })).map((u) => u.login)).toEqual(["huyen.quanly"]);
      expect((await listUsers(db(), district, { q: "THẮNG" })).map((u) => u.login)).toEqual(["huyen.quanly"]);
      expect((await listUsers(db(), district, { q: "luong thi" })).map((u) => u.login)).toContain("huyen.bientap");
      expect((await listUsers(db(), district, { q: "do minh tuan" })).map((u) => u.login)).toEqual([]); // the province's viewer is above
      const grassroots = await unitId("LC-TD-003");
      const inUnit = await listUsers(db(), district, { unit: grassroots });
      expect(inUnit.length).toBeGreaterThan(0);
      expect(inUnit.every((u) => u.unit_id === grassroots)).toBe(true);
      expect((await listUsers(db(), district, { role: "manager" })).every((u) => u.role === "manager")).toBe(true);
      const deactivated = await makeAccount("viewer", "LC-TD-009");
      await setAccountActive(db(), district, { id: deactivated.id, active: false });
      expect((await listUsers(db(), district, { status: "inactive" })).map((u) => u.login)).toContain(deactivated.login);
      expect((await listUsers(db(), district, { status: "active" })).map((u) => u.login)).not.toContain(deactivated.login);
      await expectStatus(listUsers(db(), district, { unit: await unitId("LC-PT") }), 404);
    });

    it("shows an account's page to its managers only, with what they may do", async () => {
      const localAdmin = await makeAccount("admin", "LC-TD-010");
      const plain = await makeAccount("viewer", "LC-TD-010");
      expect(await getAccount(db(), district, plain.id)).toMatchObject({ isSelf: false, canManage: true, canManageAccess: true });
      expect(await getAccount(db(), district, localAdmin.id)).toMatchObject({ canManage: false, canManageAccess: false });
      expect(await getAccount(db(), district, district.id)).toMatchObject({ isSelf: true, canManage: true, canManageAccess: false });
      await expectStatus(getAccount(db(), district, await userId("xem")), 404);
      const view = await getAccount(db(), district, plain.id);
      expect(view.account).not.toHaveProperty("password_hash");
      expect(view.history.map((h) => h.action)).toEqual(["create"]);
    });
  });

  it("never writes a password hash or a password into the audit log", async () => {
    const rows = await db().selectFrom("audit_log").select(["before_data", "after_data"]).where("entity", "=", "app_user").execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(`${row.before_data} ${row.after_data}`).not.toMatch(/argon2|password_hash|"password"|tam-thoi|mat-khau/);
  });

  it("keeps the command line's insertAccount working, with Vietnamese messages", async () => {
    const id = await insertAccount(db(), { login: "Cli.Admin", password: "mat-khau-cli-1", displayName: "CLI", role: "admin", unitId: await unitId("LC") });
    expect(await user("cli.admin")).toMatchObject({ id, is_password_change_required: false, role: "admin" });
    await expect(insertAccount(db(), { login: "x", password: "ngan", displayName: "CLI", role: "viewer", unitId: await unitId("LC") })).rejects.toThrow(
      /Tên đăng nhập gồm 3–64 ký tự[\s\S]*Mật khẩu cần từ 8 đến 256 ký tự/,
    );
    await expect(insertAccount(db(), { login: "cli.admin", password: "mat-khau-cli-1", displayName: "CLI", role: "viewer", unitId: await unitId("LC") })).rejects.toThrow(
      "đã có người dùng",
    );
  });

  it("generates readable, varied temporary passwords", () => {
    const all = new Set(Array.from({ length: 200 }, () => generateTemporaryPassword()));
    expect(all.size).toBe(200);
    for (const p of all) expect(p).toMatch(/^[abcdefghjkmnpqrstuvwxyz23456789]{4}(-[abcdefghjkmnpqrstuvwxyz23456789]{4}){2}$/);
  });
});
