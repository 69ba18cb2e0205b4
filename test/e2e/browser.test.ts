import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserSession } from "../support/e2e";


describe("signing in with Chromium", () => {
  const session = useBrowserSession("browser");


  async function signIn(page: Page, login: string) {
    await page.goto(`${session.app.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("Tên đăng nhập").fill(login);
    await page.getByLabel("Mật khẩu").fill("Demo@2022");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Tổng quan" }).waitFor();
  }

  it("signs in, shows the Vietnamese shell with the user, switches to English and signs out", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));

    await page.goto(`${session.app.baseUrl}/`);
    await page.getByLabel("Tên đăng nhập").fill("tinh.quanly");
    await page.getByLabel("Mật khẩu").fill("sai mật khẩu");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Sai tên đăng nhập hoặc mật khẩu");
    expect(await page.getByLabel("Tên đăng nhập").inputValue()).toBe("tinh.quanly");

    await signIn(page, "tinh.quanly");
    const nav = page.getByRole("navigation");
    for (const label of ["Tổng quan", "Lịch", "Kế hoạch tuyên truyền", "Tổng hợp", "Đơn vị", "Tài khoản"]) {
      await expect.poll(() => nav.getByRole("link", { name: label, exact: true }).count()).toBe(1);
    }
    const header = await page.locator(".account").textContent();
    expect(header).toContain("Liên đoàn Lao động tỉnh Lai Châu");
    expect(header).toContain("Quản lý");
    await page.screenshot({ path: `${SHOTS}/dashboard-vi.png`, fullPage: true });

    await nav.getByRole("link", { name: "Kế hoạch tuyên truyền" }).click();
    await page.getByRole("link", { name: /Chỉ thị số 12-CT\/TW/ }).first().click();
    await page.getByRole("heading", { name: "Nội dung tuyên truyền" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("12-CT/TW");

    await page.getByRole("button", { name: "Ngôn ngữ" }).click();
    await page.getByRole("heading", { name: "Content points" }).waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("button", { name: "Language" }).click();
    await page.getByRole("heading", { name: "Tổng quan" }).waitFor();

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${session.app.baseUrl}/units`);
    await page.waitForURL(/\/login\?next=%2Funits$/);
    // The one expected failure is the wrong password's 401 at the start.
    expect(consoleErrors.filter((text) => !text.includes("status of 401"))).toEqual([]);
    await context.close();
  });

  it("fits a 360 px phone screen without sideways scrolling", async () => {
    const context = await session.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, "coso.bientap");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expect.poll(() => page.getByRole("button", { name: "Đăng xuất" }).isVisible()).toBe(true);
    await page.getByRole("navigation").getByRole("link", { name: "Đơn vị" }).click();
    await page.waitForURL(/\/units$/);
    await page.getByLabel("Tìm đơn vị", { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/units-phone.png`, fullPage: true });
    await context.close();
  });
});
