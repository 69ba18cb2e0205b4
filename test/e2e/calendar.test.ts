import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, signInPage, useBrowserSession } from "../support/e2e";

const TITLE = "Tuyên truyền đối ngoại nhân dân cho công nhân Chè Tam Đường";

describe("planning on the calendar in Chromium", () => {
  const session = useBrowserSession("calendar-e2e");
  // The browser runs in UTC like the server: the page must still show Vietnam's times.
  const signedIn = (login: string) => signInPage(session, login, { viewport: { width: 1280, height: 1000 }, timezoneId: "UTC" });

  /** A point near the bottom of a month-view day cell (row and column from 0), clear of events. */
  async function monthCellPoint(page: Page, row: number, column: number): Promise<{ x: number; y: number }> {
    const cell = (await page.locator(".rbc-month-row").nth(row).locator(".rbc-day-bg").nth(column).boundingBox())!;
    return { x: cell.x + cell.width / 2, y: cell.y + cell.height - 10 };
  }

  async function dragEventTo(page: Page, event: Locator, to: { x: number; y: number }) {
    const from = (await event.boundingBox())!;
    const start = { x: from.x + 10, y: from.y + from.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(start.x + ((to.x - start.x) * i) / 10, start.y + ((to.y - start.y) * i) / 10);
    await page.mouse.up();
  }

  it("plans from a day cell, shows 08:00 Vietnam time, moves by drag and drop, and refuses a stale save", async () => {
    const page = await signedIn("huyen.bientap");
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await page.goto(`${session.app.baseUrl}/calendar?view=month&date=2022-11-15`);
    await page.locator(".rbc-month-view").waitFor();
    expect(await page.locator(".rbc-toolbar-label").textContent()).toBe("Tháng 11/2022");
    expect(await page.locator(".rbc-header").first().textContent()).toBe("Thứ Hai");

    // November 2022 starts on a Tuesday: the 8th is row 1, column 1. Clicking its empty part opens the form.
    const tuesday8 = await monthCellPoint(page, 1, 1);
    await page.mouse.click(tuesday8.x, tuesday8.y);
    await page.waitForURL(/\/activities\/new\?date=2022-11-08/);

    await page.getByLabel("Tên hoạt động").fill(TITLE);
    await page.getByLabel("Đơn vị tổ chức").selectOption({ label: "— Công đoàn Công ty Cổ phần Chè Tam Đường" });
    await page.getByLabel("Cả ngày").uncheck();
    await page.getByLabel("Giờ bắt đầu").fill("08:00");
    await page.getByLabel("Giờ kết thúc").fill("10:00");
    await page.getByLabel("Báo cáo viên").fill("Đ/c Vàng Thị Mai");
    await page.getByLabel("1.4. Tám nhiệm vụ trọng tâm", { exact: false }).check();
    expect(await page.getByLabel("1.4.8.", { exact: false }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Lưu kế hoạch" }).click();
    await page.getByText("Đã lên lịch 1 hoạt động.").waitFor();
    const activityUrl = page.url().replace(/\?.*$/, "");
    expect(await page.locator(".activity-summary").textContent()).toContain("08/11/2022 08:00 – 10:00");

    // A second editor opens the same activity before it moves.
    const other = await signedIn("huyen.quanly");
    await other.goto(activityUrl);
    await other.getByLabel("Tên hoạt động").waitFor();

    await page.goto(`${session.app.baseUrl}/calendar?view=week&date=2022-11-08`);
    const timed = page.locator(".rbc-event", { hasText: TITLE });
    await timed.waitFor();
    expect(await timed.locator(".rbc-event-label").textContent()).toBe("08:00–10:00");
    await page.screenshot({ path: `${SHOTS}/calendar-week.png`, fullPage: true });

    await page.goto(`${session.app.baseUrl}/calendar?view=month&date=2022-11-15`);
    const event = page.locator(".rbc-event", { hasText: TITLE });
    await event.waitFor();
    await dragEventTo(page, event, await monthCellPoint(page, 1, 3)); // Thursday 10 November
    await page.getByText("Đã lưu thời gian mới").waitFor();
    await page.reload();
    await page.locator(".rbc-event", { hasText: TITLE }).waitFor();
    const moved = await session.database.handle.db.selectFrom("activity").select(["starts_at", "ends_at", "version"]).where("title", "=", TITLE).executeTakeFirstOrThrow();
    expect(moved.starts_at.toISOString()).toBe("2022-11-10T01:00:00.000Z");
    expect(moved.ends_at.toISOString()).toBe("2022-11-10T03:00:00.000Z");
    expect(moved.version).toBe(2);

    // The stale page saves against version 1 and is refused with the fresh data shown.
    await other.getByLabel("Địa điểm").fill("Hội trường công ty");
    await other.getByRole("button", { name: "Lưu", exact: true }).click();
    await other.getByText("Đã có người sửa hoạt động này").waitFor();
    await expect.poll(() => other.getByLabel("Ngày bắt đầu").inputValue()).toBe("10/11/2022");
    const after = await session.database.handle.db.selectFrom("activity").select(["location", "version"]).where("title", "=", TITLE).executeTakeFirstOrThrow();
    expect(after).toEqual({ location: null, version: 2 });
    expect(consoleErrors).toEqual([]);
    await other.context().close();
    await page.context().close();
  });

  it("does not let a viewer drag", async () => {
    const page = await signedIn("xem");
    await page.goto(`${session.app.baseUrl}/calendar?view=month&date=2022-11-15`);
    const event = page.locator(".rbc-event", { hasText: TITLE });
    await event.waitFor();
    const before = await session.database.handle.db.selectFrom("activity").select(["starts_at", "version"]).where("title", "=", TITLE).executeTakeFirstOrThrow();
    await dragEventTo(page, event, await monthCellPoint(page, 1, 5));
    await page.waitForTimeout(500);
    expect(await page.getByText("Đã lưu thời gian mới").count()).toBe(0);
    const after = await session.database.handle.db.selectFrom("activity").select(["starts_at", "version"]).where("title", "=", TITLE).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await page.getByRole("link", { name: "Lên kế hoạch hoạt động" }).count()).toBe(0);
    await page.context().close();
  });
});
