import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserSession } from "../support/e2e";

const PASSWORD = "Demo@2022";

describe("accounts in Chromium", () => {
  const session = useBrowserSession("users_browser");


  async function signIn(page: Page, login: string, password: string) {
    await page.goto(`${session.app.baseUrl}/login`);
    await page.getByLabel("Tên đăng nhập").fill(login);
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
  }

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= 360);

  it("a district manager creates an editor for a grassroots union, who must change the temporary password before reaching the dashboard", async () => {
    const grassroots = await session.database.handle.db.selectFrom("unit").select("id").where("code", "=", "LC-TD-003").executeTakeFirstOrThrow();
    const consoleErrors: string[] = [];

    // The manager.
    const managerContext = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const manager = await managerContext.newPage();
    manager.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await signIn(manager, "huyen.quanly", PASSWORD);
    await manager.getByRole("heading", { name: "Tổng quan" }).waitFor();
    await manager.getByRole("navigation").getByRole("link", { name: "Tài khoản" }).click();
    await manager.getByRole("heading", { name: "Tài khoản" }).waitFor();
    await manager.getByLabel("Tìm theo tên hoặc tên đăng nhập").fill("dung");
    await manager.getByRole("button", { name: "Lọc", exact: true }).click();
    await manager.waitForURL(/q=dung/);
    await expect.poll(() => manager.locator("tbody tr").count()).toBe(1);
    expect(await manager.locator("tbody").textContent()).toContain("Tẩn Thị Dung");
    await manager.screenshot({ path: `${SHOTS}/users-list.png`, fullPage: true });

    await manager.getByRole("link", { name: "Tạo tài khoản" }).click();
    await manager.getByRole("heading", { name: "Tạo tài khoản" }).waitFor();
    // A refused form keeps what was typed and says why.
    await manager.getByLabel("Tên đăng nhập").fill("Bình Lư");
    await manager.getByRole("button", { name: "Tạo tài khoản" }).click();
    await manager.getByRole("alert").waitFor();
    expect(await manager.locator("#login-error").textContent()).toContain("chữ không dấu");
    expect(await manager.locator("#displayName-error").textContent()).toContain("không được để trống");
    expect(await manager.getByLabel("Tên đăng nhập").inputValue()).toBe("Bình Lư");

    await manager.getByLabel("Họ và tên").fill("Giàng Thị Mỷ");
    await manager.getByLabel("Tên đăng nhập").fill("binhlu.my");
    await manager.getByLabel("Đơn vị").selectOption(String(grassroots.id));
    await manager.getByLabel("Vai trò").selectOption({ label: "Biên tập" });
    expect(await manager.getByLabel("Mật khẩu tạm thời").getAttribute("autocomplete")).toBe("new-password");
    await manager.screenshot({ path: `${SHOTS}/users-new.png`, fullPage: true });
    await manager.getByRole("button", { name: "Tạo tài khoản" }).click();
    await manager.getByRole("heading", { name: "Đã tạo tài khoản cho Giàng Thị Mỷ" }).waitFor();
    const temporary = (await manager.locator(".users-secret").textContent())!.trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await manager.screenshot({ path: `${SHOTS}/users-created.png`, fullPage: true });
    await manager.getByRole("link", { name: "Xem tài khoản" }).click();
    await manager.getByRole("heading", { name: "Giàng Thị Mỷ", exact: true }).waitFor();
    expect(await manager.locator("main").textContent()).toContain("Chờ đổi mật khẩu");
    await manager.screenshot({ path: `${SHOTS}/users-detail.png`, fullPage: true });

    // The new editor, in another browser.
    const userContext = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const user = await userContext.newPage();
    user.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await signIn(user, "binhlu.my", temporary);
    await user.waitForURL(/\/account\/password$/);
    await user.getByRole("heading", { name: "Bạn cần đặt mật khẩu mới" }).waitFor();
    // Every other page sends the user back here.
    await user.getByRole("navigation").getByRole("link", { name: "Lịch" }).click();
    await user.waitForURL(/\/account\/password\?next=%2Fcalendar$/);
    await user.screenshot({ path: `${SHOTS}/account-password-forced.png`, fullPage: true });

    await user.getByLabel("Mật khẩu hiện tại").fill(temporary);
    await user.getByLabel("Mật khẩu mới", { exact: true }).fill("Mỷ-bình-lư-2022");
    await user.getByLabel("Nhập lại mật khẩu mới").fill("Mỷ-bình-lư-2021");
    await user.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await expect.poll(() => user.locator("#confirmPassword-error").textContent()).toContain("không khớp");
    // Passwords are never kept after a refusal.
    expect(await user.getByLabel("Mật khẩu hiện tại").inputValue()).toBe("");

    await user.getByLabel("Mật khẩu hiện tại").fill(temporary);
    await user.getByLabel("Mật khẩu mới", { exact: true }).fill("Mỷ-bình-lư-2022");
    await user.getByLabel("Nhập lại mật khẩu mới").fill("Mỷ-bình-lư-2022");
    await user.getByLabel("Nhập lại mật khẩu mới").press("Enter");
    await user.waitForURL(/\/calendar$/);
    await user.getByRole("navigation").getByRole("link", { name: "Tổng quan" }).click();
    await user.getByRole("heading", { name: "Tổng quan" }).waitFor();
    expect(await user.locator(".account").textContent()).toContain("Biên tập");
    await user.screenshot({ path: `${SHOTS}/users-new-editor-dashboard.png`, fullPage: true });

    // The manager's page now shows the change in the account's history.
    await manager.reload();
    expect(await manager.locator(".users-history").textContent()).toContain("Người dùng tự đổi mật khẩu");
    expect(await manager.locator("main").textContent()).not.toContain("Chờ đổi mật khẩu");

    // A fresh sign-in with the new password goes straight to the dashboard.
    await userContext.clearCookies();
    await signIn(user, "binhlu.my", "Mỷ-bình-lư-2022");
    await user.getByRole("heading", { name: "Tổng quan" }).waitFor();

    // The only expected console errors are the refused submissions (HTTP 400).
    expect(consoleErrors.filter((text) => !text.includes("status of 400"))).toEqual([]);
    await managerContext.close();
    await userContext.close();
  });

  it("fits the accounts pages on a 360 px phone screen", async () => {
    const context = await session.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, "huyen.quanly", PASSWORD);
    await page.getByRole("heading", { name: "Tổng quan" }).waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    const someone = await session.database.handle.db.selectFrom("app_user").select("id").where("login", "=", "coso.bientap").executeTakeFirstOrThrow();
    for (const [path, shot] of [
      ["/users", "users-list-phone"],
      ["/users/new", "users-new-phone"],
      [`/users/${someone.id}`, "users-detail-phone"],
      ["/account/password", "account-password-phone"],
    ] as const) {
      await page.goto(`${session.app.baseUrl}${path}`);
      await page.locator("h1").waitFor();
      expect(await noSidewaysScroll(page), path).toBe(true);
      await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    }
    await context.close();
  });
});
