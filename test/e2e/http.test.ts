import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";

describe.each(testDialects())("the running app on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  const unitCount = async () =>
    Number((await database.handle.db.selectFrom("unit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const unitIdByName = async (fragment: string) =>
    (await database.handle.db.selectFrom("unit").select("id").where("name", "like", `%${fragment}%`).orderBy("id").executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    database = await freshDatabase(dialect, "http");
    app = await startApp(database.url);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it("loads the demo data on first start and reports its database on /healthz", async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: dialect });
    expect(await unitCount()).toBeGreaterThan(40);
  });

  it("sends a visitor who is not signed in to the Vietnamese sign-in page", async () => {
    const response = await fetch(`${app.baseUrl}/units`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?next=%2Funits");
    const page = await (await fetch(`${app.baseUrl}/login`)).text();
    expect(page).toContain('<html lang="vi"');
    expect(page).toContain("Tên đăng nhập");
    expect(page).toContain("Mật khẩu");
  });

  it("answers a wrong password with the generic message and keeps the typed login", async () => {
    const response = await fetch(`${app.baseUrl}/login`, {
      method: "POST",
      body: new URLSearchParams({ login: "coso.bientap", password: "sai" }),
      headers: { Origin: app.baseUrl },
      redirect: "manual",
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
    const page = await response.text();
    expect(page).toContain("Sai tên đăng nhập hoặc mật khẩu.");
    expect(page).toContain('value="coso.bientap"');
  });

  it("refuses writes from another origin, by Origin, Referer or Sec-Fetch-Site", async () => {
    const attempts: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { Referer: "https://evil.example/page" },
      { "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${app.baseUrl}/login`, {
        method: "POST",
        body: new URLSearchParams({ login: "admin", password: PASSWORD }),
        headers,
        redirect: "manual",
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.text()).toContain("Yêu cầu bị từ chối");
    }
  });

  it("signs in, rotating the session, and serves the shell with security headers", async () => {
    const first = await signIn(app, "coso.bientap", PASSWORD);
    const second = await signIn(app, "coso.bientap", PASSWORD);
    expect(first).not.toBe(second);
    const response = await fetch(`${app.baseUrl}/`, { headers: { Cookie: first } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const page = await response.text();
    for (const label of ["Tổng quan", "Lịch", "Kế hoạch tuyên truyền", "Tổng hợp", "Đơn vị", "Đăng xuất"]) {
      expect(page).toContain(label);
    }
    // Accounts are a manager's page: an editor's menu does not offer it.
    expect(page).not.toContain('href="/users"');
    const managerPage = await (await fetch(`${app.baseUrl}/`, { headers: { Cookie: await signIn(app, "huyen.quanly", PASSWORD) } })).text();
    expect(managerPage).toContain('href="/users"');
  });

  it("lets a grassroots editor open its own unit and answers 404 for units outside its subtree", async () => {
    const cookie = await signIn(app, "coso.bientap", PASSWORD);
    const me = await database.handle.db
      .selectFrom("app_user").select("unit_id").where("login", "=", "coso.bientap").executeTakeFirstOrThrow();
    const own = await fetch(`${app.baseUrl}/units/${me.unit_id}`, { headers: { Cookie: cookie } });
    expect(own.status).toBe(200);
    const otherDistrict = await unitIdByName("Phong Thổ");
    const outside = await fetch(`${app.baseUrl}/units/${otherDistrict}`, { headers: { Cookie: cookie } });
    expect(outside.status).toBe(404);
    const body = await outside.text();
    expect(body).toContain("nằm ngoài phạm vi đơn vị của bạn");
    expect(body).not.toContain("Phong Thổ");
    const malformed = await fetch(`${app.baseUrl}/units/abc`, { headers: { Cookie: cookie } });
    expect(malformed.status).toBe(404);
  });

  it("keeps only managers on the accounts page", async () => {
    const editor = await signIn(app, "coso.bientap", PASSWORD);
    expect((await fetch(`${app.baseUrl}/users`, { headers: { Cookie: editor } })).status).toBe(403);
    const manager = await signIn(app, "huyen.quanly", PASSWORD);
    const page = await fetch(`${app.baseUrl}/users`, { headers: { Cookie: manager } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("coso.bientap");
    expect(text).not.toContain("tinh.quanly");
  });

  it("signs out by clearing the session cookie and returning to the sign-in page", async () => {
    const cookie = await signIn(app, "xem", PASSWORD);
    const out = await fetch(`${app.baseUrl}/logout`, { method: "POST", headers: { Cookie: cookie, Origin: app.baseUrl }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.get("set-cookie")).toMatch(/Expires=Thu, 01 Jan 1970/i);
  });

  it("keeps its data across a restart and does not load the demo twice", async () => {
    const before = await unitCount();
    await app.stop();
    app = await startApp(database.url);
    expect(await unitCount()).toBe(before);
    await signIn(app, "admin", PASSWORD);
  });
});
