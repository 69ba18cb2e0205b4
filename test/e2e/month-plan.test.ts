import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserSession } from "../support/e2e";

const PASSWORD = "Demo@2022";

describe("month plan and feed page in Chromium", () => {
  const session = useBrowserSession("month_plan_browser");


  async function signIn(page: Page, login: string) {
    await page.goto(`${session.app.baseUrl}/login`);
    await page.getByLabel("Tên đăng nhập").fill(login);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Tổng quan" }).waitFor();
  }

  it("renders the month plan table, prints without the app's chrome, and fits a 360 px phone", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await signIn(page, "huyen.quanly");
    await page.goto(`${session.app.baseUrl}/calendar/print?month=2022-09`);
    await page.getByRole("heading", { name: "KẾ HOẠCH TUYÊN TRUYỀN THÁNG 9/2022" }).waitFor();
    const headers = await page.locator(".plan-table thead th").allTextContents();
    expect(headers).toEqual(["Ngày", "Thời gian", "Đơn vị", "Hình thức", "Nội dung hoạt động", "Nội dung tuyên truyền", "Báo cáo viên / Địa điểm", "Trạng thái"]);
    expect(await page.locator(".plan-table tbody tr").count()).toBeGreaterThan(5);
    expect(await page.locator(".plan-table tbody th").first().textContent()).toMatch(/^\d{2}\/09\/2022 (Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật)$/);
    const print = page.getByRole("button", { name: "In" });
    await print.waitFor();
    await page.screenshot({ path: `${SHOTS}/month-plan.png`, fullPage: true });

    // On paper: no navigation, no toolbar; the header row repeats (table-header-group).
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".topbar").isVisible()).toBe(false);
    expect(await page.locator(".mainnav").isVisible()).toBe(false);
    expect(await print.isVisible()).toBe(false);
    expect(await page.locator(".plan-table thead").evaluate((el) => getComputedStyle(el).display)).toBe("table-header-group");
    expect(await page.locator(".plan-table tbody tr").first().evaluate((el) => getComputedStyle(el).breakInside)).toBe("avoid");
    await page.setViewportSize({ width: 1123, height: 794 }); // A4 landscape at 96 dpi
    await page.screenshot({ path: `${SHOTS}/month-plan-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // A phone: the rows become cards, nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.reload();
    await page.getByRole("heading", { name: "KẾ HOẠCH TUYÊN TRUYỀN THÁNG 9/2022" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/month-plan-360.png`, fullPage: true });

    // An empty month says so.
    await page.goto(`${session.app.baseUrl}/calendar/print?month=2021-03`);
    await page.getByText("Không có hoạt động nào trong tháng này").waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // A province month on paper, to look at: A4 landscape sheets with the header row on each.
    const province = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const provincePage = await province.newPage();
    await signIn(provincePage, "tinh.quanly");
    await provincePage.goto(`${session.app.baseUrl}/calendar/print?month=2022-10`);
    await provincePage.getByRole("heading", { name: "KẾ HOẠCH TUYÊN TRUYỀN THÁNG 10/2022" }).waitFor();
    await provincePage.emulateMedia({ media: "print" });
    await provincePage.pdf({ path: `${SHOTS}/month-plan.pdf`, preferCSSPageSize: true, printBackground: true });
    await province.close();
  });

  it("turns the feed on from the calendar's link and shows the address to copy", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: session.app.baseUrl });
    const page = await context.newPage();
    await signIn(page, "coso.bientap");
    await page.goto(`${session.app.baseUrl}/calendar?date=2022-09-15`);
    await page.getByRole("link", { name: "Đồng bộ lịch" }).click();
    await page.getByRole("heading", { name: "Đồng bộ lịch" }).waitFor();
    await page.getByRole("button", { name: "Bật đồng bộ lịch" }).click();
    await page.getByText("Đã bật đồng bộ lịch").waitFor();
    const url = await page.getByLabel("Địa chỉ đăng ký lịch (iCal)").inputValue();
    expect(url).toMatch(new RegExp(`^${session.app.baseUrl.replace(/\./g, "\\.")}/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    await page.getByRole("button", { name: "Chép địa chỉ" }).first().click();
    await page.getByText("Đã chép địa chỉ.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await page.screenshot({ path: `${SHOTS}/account-feed.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/account-feed-360.png`, fullPage: true });

    // Regenerating asks first, then replaces the address.
    page.once("dialog", (dialog) => dialog.accept());
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "Tạo địa chỉ mới" }).click();
    await page.getByText("Đã tạo địa chỉ mới").waitFor();
    expect(await page.getByLabel("Địa chỉ đăng ký lịch (iCal)").inputValue()).not.toBe(url);
    await context.close();
  });
});
