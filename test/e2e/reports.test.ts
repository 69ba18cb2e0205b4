import sharp from "sharp";
import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, signInPage, useBrowserSession } from "../support/e2e";

const UNIT = "Công đoàn Trường THCS Bình Lư";

describe("unit reports in Chromium", () => {
  const session = useBrowserSession("reports-e2e");
  const consoleErrors: string[] = [];
  const db = () => session.database.handle.db;


  async function signedIn(login: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    const page = await signInPage(session, login, options, consoleErrors);
    return { context: page.context(), page };
  }

  const fitsWidth = (page: Page, width: number) => page.evaluate((w) => document.documentElement.scrollWidth <= w, width);
  const reportRow = async () => {
    const unit = await db().selectFrom("unit").select("id").where("code", "=", "LC-TD-003").executeTakeFirstOrThrow();
    return db().selectFrom("unit_report").selectAll().where("unit_id", "=", unit.id).executeTakeFirst();
  };

  it("the grassroots editor submits, the district manager returns it with a comment, the editor corrects and resubmits, the manager accepts", async () => {
    // The grassroots editor first logs a spoken session, with a photo as evidence.
    const { context: editorContext, page: editor } = await signedIn("coso.bientap");
    await editor.goto(`${session.app.baseUrl}/activities/new?date=2022-11-28&start=14:00&end=16:00`);
    await editor.getByLabel("Tên hoạt động").fill("Sinh hoạt chuyên đề: tám nhiệm vụ trọng tâm của đối ngoại nhân dân");
    await editor.getByLabel("1.4. Tám nhiệm vụ trọng tâm", { exact: false }).check();
    await editor.getByRole("button", { name: "Lưu kế hoạch" }).click();
    await editor.getByText("Đã lên lịch 1 hoạt động.").waitFor();
    await editor.getByRole("link", { name: "Ghi kết quả", exact: true }).click();
    await editor.getByLabel("Số lượt người tham dự").fill("-3");
    await editor.getByRole("button", { name: "Ghi kết quả" }).click();
    await editor.getByText("Giá trị nhỏ nhất là 0.").waitFor();
    await editor.getByLabel("Số lượt người tham dự").fill("46");
    await editor.getByLabel("Trong đó nữ").fill("31");
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#2e7d32" } }).jpeg().toBuffer();
    await editor.getByLabel("Ảnh minh chứng").setInputFiles({ name: "sinh-hoat-chuyen-de.jpg", mimeType: "image/jpeg", buffer: photo });
    await editor.getByRole("button", { name: "Ghi kết quả" }).click();
    await editor.getByText("Đã ghi kết quả").waitFor();
    const thumbnail = editor.getByRole("img", { name: "sinh-hoat-chuyen-de.jpg" });
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    const logged = await db().selectFrom("activity").innerJoin("activity_result as r", "r.activity_id", "activity.id").select(["activity.status", "r.attendance", "r.women_attending"]).where("activity.title", "like", "Sinh hoạt chuyên đề: tám%").executeTakeFirstOrThrow();
    expect(logged).toEqual({ status: "done", attendance: 46, women_attending: 31 });

    // No report yet: the editor writes the narrative and sends it.
    await editor.getByRole("navigation").getByRole("link", { name: "Báo cáo", exact: true }).click();
    await editor.getByRole("heading", { name: "Báo cáo của các đơn vị" }).waitFor();
    expect(await editor.locator("tbody tr").count()).toBe(1);
    await editor.getByRole("link", { name: UNIT }).click();
    await editor.getByRole("heading", { name: `Báo cáo của ${UNIT}` }).waitFor();
    expect(await editor.locator(".report-facts").textContent()).toContain("Chưa lập");
    expect(await editor.locator(".report-figures").textContent()).toContain("Số lượt người tham dự");
    await editor.screenshot({ path: `${SHOTS}/reports-editor-new.png`, fullPage: true });

    // Sending without the required sections says why and keeps what was typed.
    await editor.getByLabel("Khó khăn, vướng mắc").fill("Địa bàn rộng, giáo viên ở xa trường.");
    await editor.getByRole("button", { name: "Gửi báo cáo" }).click();
    await expect.poll(() => editor.locator("#highlights-error").textContent()).toContain("không được để trống");
    expect(await editor.getByLabel("Khó khăn, vướng mắc").inputValue()).toBe("Địa bàn rộng, giáo viên ở xa trường.");
    expect(await reportRow()).toBeUndefined();

    await editor.getByLabel("Kết quả nổi bật").fill("Tổ chức 3 buổi sinh hoạt chuyên đề về Chỉ thị số 12-CT/TW cho toàn thể đoàn viên.");
    await editor.getByLabel("Đánh giá chung").fill("Đoàn viên nắm được nội dung cơ bản của Chỉ thị.");
    await editor.getByRole("button", { name: "Gửi báo cáo" }).click();
    await editor.getByText("Đã gửi báo cáo lên cấp trên.").waitFor();
    expect(await editor.locator(".report-facts").textContent()).toContain("Đã gửi, chờ duyệt");
    expect(await editor.locator("main").textContent()).toContain("được khóa cho đến khi cấp trên trả lại");
    expect(await editor.getByRole("button", { name: "Gửi báo cáo" }).count()).toBe(0);
    expect((await reportRow())?.status).toBe("submitted");

    // The district manager finds it among the reports awaiting review and returns it.
    const { context: managerContext, page: manager } = await signedIn("huyen.quanly");
    await manager.getByRole("navigation").getByRole("link", { name: "Báo cáo", exact: true }).click();
    await manager.getByRole("heading", { name: "Báo cáo của các đơn vị" }).waitFor();
    const unfiltered = await manager.locator("tbody tr").count();
    await manager.getByLabel("Tình trạng").selectOption({ label: "Chờ duyệt" });
    await manager.getByRole("button", { name: "Xem", exact: true }).click();
    await manager.waitForURL(/status=submitted/);
    // The address changes before the filtered list renders: wait for the shorter list itself.
    await expect.poll(() => manager.locator("tbody tr").count()).toBeLessThan(unfiltered);
    expect(await manager.locator("tbody").textContent()).toContain(UNIT);
    await manager.screenshot({ path: `${SHOTS}/reports-list.png`, fullPage: true });
    await manager.getByRole("link", { name: UNIT }).click();
    await manager.getByRole("heading", { name: `Báo cáo của ${UNIT}` }).waitFor();
    expect(await manager.locator(".report-narrative").textContent()).toContain("Tổ chức 3 buổi sinh hoạt chuyên đề");

    await manager.getByRole("button", { name: "Trả lại báo cáo" }).click();
    await expect.poll(() => manager.locator("#comment-error").textContent()).toContain("ghi rõ lý do trả lại");
    const comment = "Đề nghị bổ sung số lượt nữ đoàn viên tham dự và nêu rõ thời gian tổ chức từng buổi.";
    await manager.getByLabel("Ý kiến của cấp trên").fill(comment);
    await manager.getByRole("button", { name: "Trả lại báo cáo" }).click();
    await manager.getByText("Đã trả lại báo cáo cho đơn vị.").waitFor();
    expect(await manager.locator(".report-facts").textContent()).toContain("Bị trả lại");
    await manager.screenshot({ path: `${SHOTS}/reports-returned.png`, fullPage: true });

    // The editor sees the comment and resubmits, here without JavaScript: the forms still work.
    await editorContext.close();
    const { context: plainContext, page: plain } = await signedIn("coso.bientap", { javaScriptEnabled: false });
    await plain.goto(`${session.app.baseUrl}/reports`);
    await plain.getByRole("link", { name: UNIT }).click();
    await plain.getByRole("heading", { name: `Báo cáo của ${UNIT}` }).waitFor();
    expect(await plain.locator(".report-comment").textContent()).toContain(comment);
    expect(await plain.locator("main").textContent()).toContain("Cấp trên đã trả lại báo cáo");
    const highlights = plain.getByLabel("Kết quả nổi bật");
    expect(await highlights.inputValue()).toContain("Tổ chức 3 buổi sinh hoạt chuyên đề");
    // A refused resubmission (the assessment erased) keeps the corrected text.
    await highlights.fill("Tổ chức 3 buổi sinh hoạt chuyên đề cho 31 lượt đoàn viên, trong đó 19 lượt nữ (ngày 21/7, 3/9 và 15/10/2022).");
    await plain.getByLabel("Đánh giá chung").fill("");
    await plain.getByRole("button", { name: "Gửi lại báo cáo" }).click();
    await plain.locator("#assessment-error").waitFor();
    expect(await plain.getByLabel("Kết quả nổi bật").inputValue()).toContain("trong đó 19 lượt nữ");
    await plain.getByLabel("Đánh giá chung").fill("Đoàn viên nắm được nội dung cơ bản của Chỉ thị; đã bổ sung số liệu theo ý kiến của LĐLĐ huyện.");
    await plain.getByRole("button", { name: "Gửi lại báo cáo" }).click();
    await plain.getByText("Đã gửi báo cáo lên cấp trên.").waitFor();
    expect((await reportRow())?.status).toBe("submitted");

    // On a 360 px phone the report reads without sideways scrolling.
    await plain.setViewportSize({ width: 360, height: 780 });
    await plain.reload();
    expect(await fitsWidth(plain, 360)).toBe(true);
    await plain.screenshot({ path: `${SHOTS}/reports-editor-360.png`, fullPage: true });
    await plainContext.close();

    // The manager accepts, by keyboard.
    await manager.reload();
    await manager.getByRole("heading", { name: `Báo cáo của ${UNIT}` }).waitFor();
    expect(await manager.locator(".report-narrative").textContent()).toContain("trong đó 19 lượt nữ");
    await manager.getByLabel("Ý kiến của cấp trên").fill("Đồng ý. Báo cáo đã bổ sung đầy đủ.");
    await manager.keyboard.press("Tab");
    expect(await manager.evaluate(() => document.activeElement?.textContent)).toBe("Chấp nhận báo cáo");
    await manager.keyboard.press("Enter");
    await manager.getByText("Đã chấp nhận báo cáo.").waitFor();
    expect(await manager.locator(".report-facts").textContent()).toContain("Đã chấp nhận");
    const history = await manager.locator(".report-history li").allTextContents();
    expect(history).toHaveLength(4);
    expect(history[1]).toContain(comment);
    expect(history[3]).toContain("Đồng ý. Báo cáo đã bổ sung đầy đủ.");
    await manager.screenshot({ path: `${SHOTS}/reports-accepted.png`, fullPage: true });

    const row = await reportRow();
    expect(row?.status).toBe("accepted");
    expect(row?.version).toBe(4);

    // The audit log shows who returned and accepted the report, before and after.
    await manager.getByRole("navigation").getByRole("link", { name: "Nhật ký", exact: true }).click();
    await manager.getByRole("heading", { name: "Nhật ký thay đổi" }).waitFor();
    await manager.getByLabel("Loại dữ liệu").selectOption({ label: "Báo cáo" });
    await manager.getByRole("button", { name: "Lọc", exact: true }).click();
    await manager.waitForURL(/entity=report/);
    // The URL changes before the filtered list arrives: wait for the list itself.
    await expect.poll(() => manager.locator(".audit-entry").count()).toBe(4);
    const entries = await manager.locator(".audit-entry").allTextContents();
    expect(entries[0]).toContain("Chấp nhận báo cáo");
    expect(entries[0]).toContain("Hoàng Văn Thắng");
    expect(entries[2]).toContain("Trả lại báo cáo");
    expect(entries[2]).toContain(comment);
    await manager.screenshot({ path: `${SHOTS}/audit-log.png`, fullPage: true });
    await managerContext.close();

    // The refused posts above answer 400 on purpose; anything else in the console is a bug.
    expect(consoleErrors.filter((text) => !text.includes("status of 400"))).toEqual([]);
  });

  it("prints the reminder list without the menus", async () => {
    const { context, page } = await signedIn("huyen.quanly");
    await page.goto(`${session.app.baseUrl}/reports`);
    await page.getByRole("link", { name: "Danh sách nhắc báo cáo" }).click();
    await page.getByRole("heading", { name: "Danh sách đơn vị chưa gửi báo cáo" }).waitFor();
    const text = await page.locator("main").textContent();
    expect(text).toContain("Công đoàn Trường PTDTBT Tiểu học và THCS Sơn Bình");
    expect(text).not.toContain("Công đoàn Công ty Cổ phần Chè Tam Đường"); // accepted
    await page.getByRole("button", { name: "In danh sách" }).waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".mainnav").isVisible()).toBe(false);
    expect(await page.locator(".reminders-actions").isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/reports-reminders-print.png`, fullPage: true });
    await context.close();
  });
});
