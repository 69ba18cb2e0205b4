import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";

describe.each(testDialects())("accounts over HTTP on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  let manager: string; // huyen.quanly's cookie
  const db = () => database.handle.db;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const userRow = (login: string) => db().selectFrom("app_user").selectAll().where("login", "=", login).executeTakeFirst();
  const counts = async () => {
    const n = async (table: "app_user" | "audit_log") =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    return { users: await n("app_user"), audits: await n("audit_log") };
  };
  const get = (path: string, cookie: string) => fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${app.baseUrl}${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Cookie: cookie, Origin: app.baseUrl },
      redirect: "manual",
    });
  const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";
  /** The generated password as the page shows it once. */
  const secretIn = (html: string) => /class="users-secret"[^>]*>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</.exec(html)?.[1];

  beforeAll(async () => {
    database = await freshDatabase(dialect, "users_http");
    app = await startApp(database.url);
    manager = await signIn(app, "huyen.quanly", PASSWORD);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it("answers 404 to a new account for a unit outside the manager's subtree (or above it), and writes nothing", async () => {
    const before = await counts();
    for (const code of ["LC-PT-001", "LC"]) {
      const response = await post("/users/new", manager, { displayName: "Ngoài phạm vi", login: `ngoai.${code.toLowerCase()}`, unitId: String(await unitId(code)), role: "editor" });
      expect(response.status).toBe(404);
      const page = await response.text();
      expect(page).toContain("nằm ngoài phạm vi đơn vị của bạn");
      expect(page).not.toContain("Phong Thổ");
    }
    expect(await counts()).toEqual(before);
    expect(await userRow("ngoai.lc-pt-001")).toBeUndefined();
  });

  it("answers 403 when a manager tries to create an admin, and to editors on every accounts page", async () => {
    const before = await counts();
    const admin = await post("/users/new", manager, { displayName: "Quản trị", login: "td.quantri", unitId: String(await unitId("LC-TD")), role: "admin" });
    expect(admin.status).toBe(403);
    const editor = await signIn(app, "huyen.bientap", PASSWORD);
    const someone = (await userRow("coso.bientap"))!.id;
    expect((await get("/users", editor)).status).toBe(403);
    expect((await get("/users/new", editor)).status).toBe(403);
    expect((await get(`/users/${someone}`, editor)).status).toBe(403);
    const attempt = await post("/users/new", editor, { displayName: "X", login: "bientap.tao", unitId: String(await unitId("LC-TD-003")), role: "viewer" });
    expect(attempt.status).toBe(403);
    expect((await post(`/users/${someone}`, editor, { intent: "deactivate" })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for an account page outside the subtree, and 400 with the typed values (never the password) on a bad form", async () => {
    const outside = (await userRow("tinh.quanly"))!.id;
    expect((await get(`/users/${outside}`, manager)).status).toBe(404);
    expect((await post(`/users/${outside}`, manager, { intent: "reset" })).status).toBe(404);
    expect((await get("/users/abc", manager)).status).toBe(404);

    const bad = await post("/users/new", manager, { displayName: "Giàng A Páo", login: "coso.bientap", unitId: String(await unitId("LC-TD-003")), role: "editor", password: "bi-mat-rieng-1" });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain("Tên đăng nhập này đã có người dùng");
    expect(page).toContain('value="Giàng A Páo"');
    expect(page).not.toContain("bi-mat-rieng-1");
  });

  it("creates an account whose user is sent to /account/password until the temporary password is changed", async () => {
    const created = await post("/users/new", manager, { displayName: "Vàng Thị Lan", login: "binhlu.lan", unitId: String(await unitId("LC-TD-003")), role: "editor", password: "" });
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toContain("no-store");
    const temporary = secretIn(await created.text());
    expect(temporary).toBeDefined();
    expect(await userRow("binhlu.lan")).toMatchObject({ is_password_change_required: true, role: "editor" });

    const user = await signIn(app, "binhlu.lan", temporary!);
    const home = await get("/", user);
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/account/password");
    const elsewhere = await get("/tally?x=1", user);
    expect(elsewhere.headers.get("location")).toBe("/account/password?next=%2Ftally%3Fx%3D1");
    // Client-side navigations (single fetch .data requests) are redirected too.
    const data = await get("/tally.data", user);
    expect(await data.text()).toContain("/account/password");
    const write = await post("/lang", user, { lang: "en", redirectTo: "/" });
    expect(write.status).toBe(302); // the language switch needs no account

    const page = await get("/account/password?next=%2Ftally", user);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Bạn cần đặt mật khẩu mới");
    expect(html).toMatch(/autocomplete="current-password"/i);
    expect(html).toMatch(/autocomplete="new-password"/i);

    const mismatch = await post("/account/password", user, { currentPassword: temporary!, newPassword: "mat-khau-cua-lan", confirmPassword: "mat-khau-cua-lam", next: "/tally" });
    expect(mismatch.status).toBe(400);
    const mismatchPage = await mismatch.text();
    expect(mismatchPage).toContain("Hai lần nhập mật khẩu mới không khớp nhau.");
    expect(mismatchPage).not.toContain("mat-khau-cua-lan");
    expect(mismatchPage).not.toContain(temporary!);

    const changed = await post("/account/password", user, { currentPassword: temporary!, newPassword: "mat-khau-cua-lan", confirmPassword: "mat-khau-cua-lan", next: "/tally" });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/tally");
    const rotated = cookieOf(changed);
    expect(rotated).toMatch(/^tt_session=/);
    expect(rotated).not.toBe(user);
    // The old cookie's session ended with the epoch; the new one works everywhere.
    expect((await get("/", user)).headers.get("location")).toBe("/login");
    expect((await get("/", rotated)).status).toBe(200);
    expect((await get("/tally", rotated)).status).toBe(200);
    expect(await userRow("binhlu.lan")).toMatchObject({ is_password_change_required: false });
  });

  it("refuses a wrong current password with a Vietnamese message and changes nothing", async () => {
    const user = await signIn(app, "huyen.bientap", PASSWORD);
    const response = await post("/account/password", user, { currentPassword: "sai-mat-khau", newPassword: "mat-khau-moi-1", confirmPassword: "mat-khau-moi-1" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Mật khẩu hiện tại không đúng.");
    expect((await get("/", user)).status).toBe(200);
  });

  it("resets a password: the page shows it once, the user's sessions end, and the next sign-in must change it", async () => {
    const user = await signIn(app, "coso.bientap", PASSWORD);
    const id = (await userRow("coso.bientap"))!.id;
    const reset = await post(`/users/${id}`, manager, { intent: "reset", password: "" });
    expect(reset.status).toBe(200);
    expect(reset.headers.get("cache-control")).toContain("no-store");
    const temporary = secretIn(await reset.text());
    expect(temporary).toBeDefined();
    expect((await get("/", user)).headers.get("location")).toBe("/login");
    const again = await signIn(app, "coso.bientap", temporary!);
    expect((await get("/units", again)).headers.get("location")).toBe("/account/password?next=%2Funits");
    // The account page no longer shows the password.
    expect(await (await get(`/users/${id}`, manager)).text()).not.toContain(temporary!);
  });

  it("deactivates and reactivates: the user's sessions end at once; a manager cannot deactivate themselves", async () => {
    const user = await signIn(app, "huyen.bientap", PASSWORD);
    const id = (await userRow("huyen.bientap"))!.id;
    const off = await post(`/users/${id}`, manager, { intent: "deactivate" });
    expect(off.status).toBe(302);
    expect(off.headers.get("location")).toBe(`/users/${id}?done=deactivated`);
    expect((await get("/", user)).headers.get("location")).toBe("/login");
    const refused = await fetch(`${app.baseUrl}/login`, { method: "POST", body: new URLSearchParams({ login: "huyen.bientap", password: PASSWORD }), headers: { Origin: app.baseUrl }, redirect: "manual" });
    expect(refused.status).toBe(401);
    expect((await post(`/users/${id}`, manager, { intent: "reactivate" })).status).toBe(302);
    await signIn(app, "huyen.bientap", PASSWORD);

    const self = (await userRow("huyen.quanly"))!.id;
    expect((await post(`/users/${self}`, manager, { intent: "deactivate" })).status).toBe(403);
    expect((await post(`/users/${self}`, manager, { intent: "update", displayName: "Hoàng Văn Thắng", role: "editor" })).status).toBe(403);
    expect(await userRow("huyen.quanly")).toMatchObject({ is_active: true, role: "manager" });
  });

  it("filters the list and searches without diacritics", async () => {
    const page = await (await get("/users?q=luong+thi&status=all", manager)).text();
    expect(page).toContain("huyen.bientap");
    expect(page).not.toContain("coso.bientap");
    const outside = await get(`/users?unit=${await unitId("LC-PT")}`, manager);
    expect(outside.status).toBe(404);
  });
});
