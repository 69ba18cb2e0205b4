import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, SHOTS, signInPage, useBrowserSession } from "../support/e2e";
import { signIn, type RunningApp } from "../support/server";

const FIXTURES = join(import.meta.dirname, "../fixtures/facebook");
const MAX_FILE = 10 * 1024 * 1024;

/** Sends only the headers of a multipart upload of `length` bytes and returns the server's answer. */
function headersOnlyUpload(baseUrl: string, cookie: string, length: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/results/import/facebook`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(length) },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, text });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

const POST_IDS = ["122109834765043219", "122111203948561007", "122112987700214556", "122114410293382771", "122116023558190342"];

describe("importing a Facebook page export in Chromium", () => {
  const session = useBrowserSession("fbimport-e2e"); // the app loads the demo into its empty database
  const consoleErrors: string[] = [];
  const db = () => session.database.handle.db;
  let app: RunningApp;
  beforeAll(() => {
    app = session.app;
  });

  async function rowCounts() {
    const count = async (table: "activity" | "activity_result" | "audit_log") =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    return { activity: await count("activity"), activity_result: await count("activity_result"), audit_log: await count("audit_log") };
  }

  async function signedIn(login: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    const page = await signInPage(session, login, options);
    page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    return { context: page.context(), page };
  }

  it("lets a district editor upload a Business Suite export, map the columns, pick a unit for all new posts and commit", async () => {
    const tamDuong = await db().selectFrom("unit").select("id").where("code", "=", "LC-TD").executeTakeFirstOrThrow();
    const { context, page } = await signedIn("huyen.bientap");
    await page.goto(`${app.baseUrl}/results/import/facebook`);
    await page.getByRole("heading", { name: "Nhập kết quả từ tệp xuất trang Facebook" }).waitFor();

    await page.getByLabel("Tệp CSV xuất từ trang Facebook").setInputFiles(join(FIXTURES, "business-suite.csv"));
    await page.getByRole("button", { name: "Đọc tệp và xem trước" }).click();
    await page.getByRole("heading", { name: "Xem trước: business-suite.csv" }).waitFor();

    // Which column fed which field, and the metric behind the reach figure.
    const mapping = page.locator("table.fb-columns");
    expect(await mapping.getByRole("row", { name: /Thời gian đăng/ }).textContent()).toContain("Publish time");
    expect(await mapping.getByRole("row", { name: /Lượt tiếp cận/ }).textContent()).toContain("Meta Business Suite: Số người tiếp cận (Reach)");
    expect(await mapping.getByRole("row", { name: /Lượt tương tác/ }).textContent()).toContain("Reactions, Comments and Shares");
    expect(await page.locator(".fb-preview").textContent()).toContain("Total clicks");
    // New posts wait for a unit; the campaign is preselected when only one is open.
    expect(await page.locator(".fb-counts").textContent()).toContain("5 Bài mới cần chọn đơn vị, kế hoạch");
    expect(await page.locator("table.fb-rows tbody tr").count()).toBe(5);
    // Times in Vietnam, dd/MM/yyyy HH:mm.
    expect(await page.locator("table.fb-rows").textContent()).toContain("03/10/2022 20:15");

    // Choices for all new rows, applied to each row.
    await page.getByLabel("Đơn vị", { exact: true }).selectOption(String(tamDuong.id));
    await page.getByRole("checkbox", { name: /^1\. Chủ trương/ }).check();
    await page.getByRole("button", { name: "Áp dụng cho tất cả bài mới" }).click();
    await page.waitForFunction(
      (id) => Array.from(document.querySelectorAll<HTMLSelectElement>("select[name^='unitId.']")).every((s) => s.value === id),
      String(tamDuong.id),
    );
    expect(await page.getByLabel("Đơn vị cho bài ở dòng 2").inputValue()).toBe(String(tamDuong.id));
    expect(await page.locator(".fb-counts").textContent()).toContain("5 Thêm hoạt động mới");
    await page.screenshot({ path: `${SHOTS}/fb-import-preview.png`, fullPage: true });

    const before = await rowCounts();
    await page.getByRole("button", { name: "Ghi vào cơ sở dữ liệu" }).click();
    await page.getByText("Đã cập nhật 0 bài, thêm mới 5 hoạt động.").waitFor();
    await page.screenshot({ path: `${SHOTS}/fb-import-done.png`, fullPage: true });
    const made = await db()
      .selectFrom("activity as a")
      .innerJoin("activity_result as r", "r.activity_id", "a.id")
      .select(["a.unit_id", "a.status", "r.reach"])
      .where("a.external_ref", "in", POST_IDS)
      .execute();
    expect(made).toHaveLength(5);
    expect(made.every((a) => a.unit_id === tamDuong.id && a.status === "done")).toBe(true);
    expect(made.reduce((n, a) => n + (a.reach ?? 0), 0)).toBe(20765);
    expect(await rowCounts()).toEqual({ activity: before.activity + 5, activity_result: before.activity_result + 5, audit_log: before.audit_log + 11 });

    // The same file again: every post found, nothing to write.
    await page.getByLabel("Tệp CSV xuất từ trang Facebook").setInputFiles(join(FIXTURES, "business-suite.csv"));
    await page.getByRole("button", { name: "Đọc tệp và xem trước" }).click();
    await page.getByRole("heading", { name: "Xem trước: business-suite.csv" }).waitFor();
    expect(await page.locator(".fb-counts").textContent()).toContain("5 Không thay đổi");
    await page.getByRole("button", { name: "Ghi vào cơ sở dữ liệu" }).click();
    await page.getByText("Đã cập nhật 0 bài, thêm mới 0 hoạt động.").waitFor();
    expect(await rowCounts()).toEqual({ activity: before.activity + 5, activity_result: before.activity_result + 5, audit_log: before.audit_log + 11 });
    await context.close();
  });

  it("shows a refused file's reason, and fits a 360 px screen", async () => {
    const { context, page } = await signedIn("huyen.bientap", { viewport: { width: 360, height: 780 } });
    await page.goto(`${app.baseUrl}/results/import/facebook`);
    await page.getByLabel("Tệp CSV xuất từ trang Facebook").setInputFiles(join(FIXTURES, "malformed.csv"));
    await page.getByRole("button", { name: "Đọc tệp và xem trước" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Tệp CSV bị lỗi định dạng");
    expect(await page.getByRole("alert").textContent()).toContain("Chưa ghi gì vào cơ sở dữ liệu.");

    await page.getByLabel("Tệp CSV xuất từ trang Facebook").setInputFiles(join(FIXTURES, "business-suite-vi.csv"));
    await page.getByRole("button", { name: "Đọc tệp và xem trước" }).click();
    await page.getByRole("heading", { name: "Xem trước: business-suite-vi.csv" }).waitFor();
    expect(await page.locator("table.fb-columns").getByRole("row", { name: /Lượt tiếp cận/ }).textContent()).toContain("Số người tiếp cận");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= 360)).toBe(true);
    // Keyboard: the first row's checkbox is reachable and toggles with the space bar.
    const include = page.getByLabel("Nhập bài ở dòng 2");
    await include.focus();
    await page.keyboard.press("Space");
    expect(await include.isChecked()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/fb-import-360.png`, fullPage: true });
    await context.close();
  });

  it("works without JavaScript: a grassroots editor's own union is preselected and the commit uses it", async () => {
    const own = await db().selectFrom("unit").select("id").where("code", "=", "LC-TD-003").executeTakeFirstOrThrow();
    const { context, page } = await signedIn("coso.bientap", { javaScriptEnabled: false });
    await page.goto(`${app.baseUrl}/results/import/facebook`);
    await page.getByLabel("Tệp CSV xuất từ trang Facebook").setInputFiles(join(FIXTURES, "business-suite-utf16.csv"));
    await page.getByRole("button", { name: "Đọc tệp và xem trước" }).click();
    await page.getByRole("heading", { name: "Xem trước: business-suite-utf16.csv" }).waitFor();
    expect(await page.locator(".fb-facts").textContent()).toContain("UTF-16 LE");
    expect(await page.getByLabel("Đơn vị", { exact: true }).inputValue()).toBe(String(own.id));
    // Untick the last post; the rows keep "(as chosen for all)" and take the choices above.
    await page.getByLabel("Nhập bài ở dòng 4").uncheck();
    await page.getByRole("button", { name: "Ghi vào cơ sở dữ liệu" }).click();
    await page.getByText("Đã cập nhật 0 bài, thêm mới 2 hoạt động.").waitFor();
    expect(await page.locator(".fb-summary").textContent()).toContain("không chọn nhập: 1 bài");
    const made = await db().selectFrom("activity").select(["unit_id", "external_ref"]).where("external_ref", "in", ["122101187640023345", "122102655093318876", "122103920174460128"]).execute();
    expect(made.map((a) => a.external_ref).sort()).toEqual(["122101187640023345", "122102655093318876"]);
    expect(made.every((a) => a.unit_id === own.id)).toBe(true);
    await context.close();
  });

  it("refuses 50 MB and broken uploads over HTTP with a clear message, writing nothing", async () => {
    const cookie = await signIn(app, "huyen.bientap", DEMO_PASSWORD);
    const before = await rowCounts();
    const post = async (name: string, bytes: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.set("file", new Blob([bytes], { type: "text/csv" }), name);
      const response = await fetch(`${app.baseUrl}/results/import/facebook`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: app.baseUrl } });
      return { status: response.status, text: await response.text() };
    };
    // 50 MB: refused on its Content-Length before any of the body is read (the server answers
    // while the client waits to send it).
    const big = await headersOnlyUpload(app.baseUrl, cookie, 50 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(big.text).toContain("quá lớn");
    // Just over the 10 MB file limit: read, refused by the page with its message.
    const over = await post("over.csv", new Uint8Array(MAX_FILE + 200 * 1024).fill(0x41));
    expect(over.status).toBe(413);
    expect(over.text).toContain("Tệp quá lớn: tối đa 10 MB.");
    const broken = await post("malformed.csv", new Uint8Array(readFileSync(join(FIXTURES, "malformed.csv"))));
    expect(broken.status).toBe(422);
    expect(broken.text).toContain("lỗi định dạng");
    const empty = await post("empty.csv", new Uint8Array(0));
    expect([400, 422]).toContain(empty.status);
    expect(empty.text).toMatch(/Tệp rỗng|Hãy chọn tệp CSV/);
    expect(await rowCounts()).toEqual(before);

    // A viewer cannot reach the page.
    const viewer = await signIn(app, "xem", DEMO_PASSWORD);
    const refused = await fetch(`${app.baseUrl}/results/import/facebook`, { headers: { Cookie: viewer } });
    expect(refused.status).toBe(403);
    // Chromium logs refused (4xx) answers as console errors; anything else is a fault.
    expect(consoleErrors.filter((e) => !e.startsWith("Failed to load resource"))).toEqual([]);
  });
});
