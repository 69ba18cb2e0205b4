import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, signInPage, useBrowserSession } from "../support/e2e";
import { signIn } from "../support/server";

const HEADER = "Mã,Tên đơn vị,Đơn vị cấp trên,Loại,Số đoàn viên,Ngày thành lập,Ngày giải thể";
const csvFile = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8") });

describe("managing units in Chromium", () => {
  const session = useBrowserSession("units-e2e");
  const consoleErrors: string[] = [];
  const db = () => session.database.handle.db;
  const unitCount = async () => Number((await db().selectFrom("unit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);


  async function signedIn(login: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    const page = await signInPage(session, login, options, consoleErrors);
    return { context: page.context(), page };
  }

  const fitsWidth = (page: Page, width: number) => page.evaluate((w) => document.documentElement.scrollWidth <= w, width);

  it("lets a district manager search the tree, create a unit, and import a file whose bad row is shown first", async () => {
    const { context, page } = await signedIn("huyen.quanly");
    await page.getByRole("navigation").getByRole("link", { name: "Đơn vị", exact: true }).click();
    await page.getByRole("heading", { name: "Đơn vị", exact: true }).waitFor();
    expect(await page.locator("main").textContent()).toContain("Công đoàn Trường THCS Bình Lư");
    await page.screenshot({ path: `${SHOTS}/units-tree.png`, fullPage: true });

    // Diacritics-insensitive search, results with their path.
    await page.getByLabel("Tìm đơn vị").fill("truong thcs binh lu");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await page.getByRole("heading", { name: /Tìm thấy 1 đơn vị/ }).waitFor();
    expect(await page.locator(".unit-results").textContent()).toContain("Thuộc: LĐLĐ huyện Tam Đường");
    await page.screenshot({ path: `${SHOTS}/units-search.png`, fullPage: true });

    // Create: a refused form keeps what was typed; then it saves.
    await page.goto(`${session.app.baseUrl}/units`);
    await page.getByRole("link", { name: "Thêm đơn vị" }).click();
    await page.getByRole("heading", { name: /Thêm đơn vị trực thuộc/ }).waitFor();
    await page.getByLabel("Tên đơn vị").fill("Công đoàn Trường Tiểu học Bản Hon");
    await page.getByLabel(/^Mã/).fill("mã sai");
    await page.getByLabel("Đoàn viên").fill("-3");
    await page.getByRole("button", { name: "Thêm đơn vị" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByLabel("Tên đơn vị").inputValue()).toBe("Công đoàn Trường Tiểu học Bản Hon");
    expect(await page.locator("main").textContent()).toContain("Số đoàn viên không được âm.");
    await page.screenshot({ path: `${SHOTS}/units-new-error.png`, fullPage: true });
    await page.getByLabel(/^Mã/).fill("LC-TD-020");
    await page.getByLabel("Đoàn viên").fill("35");
    await page.getByLabel("Ngày thành lập").fill("05/09/2012");
    await page.getByRole("button", { name: "Thêm đơn vị" }).click();
    await page.getByRole("heading", { name: "Công đoàn Trường Tiểu học Bản Hon" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("Đã thêm đơn vị.");
    const created = await db().selectFrom("unit").selectAll().where("code", "=", "LC-TD-020").executeTakeFirstOrThrow();
    expect(created).toMatchObject({ members: 35, opened_on: "2012-09-05" });

    // Import: the bad row is shown with its reason, nothing is written; the fixed file imports.
    const before = await unitCount();
    await page.goto(`${session.app.baseUrl}/units/import`);
    await page.getByLabel("Tệp cần nhập").setInputFiles(
      csvFile("don-vi.csv", [
        HEADER,
        "TD-N1,Công đoàn xã Nà Tăm,,Công đoàn cơ sở,0,01/07/2025,",
        "TD-N1-01,Công đoàn Trường Mầm non Nà Tăm 2,TD-N1,grassroots,24,05/09/2015,",
        "TD-N1-02,Công đoàn Trạm Y tế Nà Tăm,TD-N9,grassroots,11,,",
      ]),
    );
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByRole("heading", { name: /3 dòng, 2 dòng hợp lệ, 1 dòng lỗi/ }).waitFor();
    const preview = (await page.locator(".unit-preview").textContent()) ?? "";
    expect(preview).toContain("Chưa ghi gì vào hệ thống.");
    expect(preview).toContain("Không tìm thấy đơn vị cấp trên “TD-N9”");
    expect(await page.getByRole("button", { name: /^Nhập \d+ đơn vị$/ }).count()).toBe(0);
    expect(await unitCount()).toBe(before);
    await page.screenshot({ path: `${SHOTS}/units-import-errors.png`, fullPage: true });

    await page.getByLabel("Tệp cần nhập").setInputFiles(
      csvFile("don-vi.csv", [
        HEADER,
        "TD-N1,Công đoàn xã Nà Tăm,,Công đoàn cơ sở,0,01/07/2025,",
        "TD-N1-01,Công đoàn Trường Mầm non Nà Tăm 2,TD-N1,grassroots,24,05/09/2015,",
        "TD-N1-02,Công đoàn Trạm Y tế Nà Tăm,TD-N1,grassroots,11,,",
      ]),
    );
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByRole("heading", { name: /3 dòng, 3 dòng hợp lệ, 0 dòng lỗi/ }).waitFor();
    expect(await page.locator(".unit-preview").textContent()).toContain("Tệp hợp lệ.");
    await page.screenshot({ path: `${SHOTS}/units-import-ready.png`, fullPage: true });
    await page.getByRole("button", { name: "Nhập 3 đơn vị" }).click();
    await page.waitForURL(/\/units\?done=imported&n=3$/);
    await page.getByText("Đã nhập 3 đơn vị.").waitFor();
    expect(await unitCount()).toBe(before + 3);
    expect(await page.locator("main").textContent()).toContain("Công đoàn xã Nà Tăm");

    // Move the new school under the imported commune union, from its page.
    await page.goto(`${session.app.baseUrl}/units/${created.id}`);
    await page.getByRole("link", { name: "Chuyển đơn vị cấp trên" }).click();
    await page.getByLabel("Tìm đơn vị cấp trên mới").fill("xa na tam");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await page.getByLabel(/Công đoàn xã Nà Tăm/).check();
    await page.screenshot({ path: `${SHOTS}/units-move.png`, fullPage: true });
    await page.getByRole("button", { name: "Chuyển đơn vị" }).click();
    await page.getByRole("status").filter({ hasText: "Đã chuyển đơn vị" }).waitFor();
    const moved = await db().selectFrom("unit").select("parent_id").where("id", "=", created.id).executeTakeFirstOrThrow();
    const commune = await db().selectFrom("unit").select("id").where("code", "=", "TD-N1").executeTakeFirstOrThrow();
    expect(moved.parent_id).toBe(commune.id);
    await page.screenshot({ path: `${SHOTS}/units-detail.png`, fullPage: true });
    await context.close();
  });

  it("works without JavaScript: the import preview, the commit and a refused form", async () => {
    const { context, page } = await signedIn("huyen.quanly", { javaScriptEnabled: false });
    const before = await unitCount();
    await page.goto(`${session.app.baseUrl}/units/import`);
    await page.getByLabel("Tệp cần nhập").setInputFiles(csvFile("khong-js.csv", [HEADER, "TD-K1,Công đoàn Khun Há 2,,không có loại này,5,,"]));
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByRole("heading", { name: /1 dòng, 0 dòng hợp lệ, 1 dòng lỗi/ }).waitFor();
    expect(await page.locator(".unit-preview").textContent()).toContain("Loại đơn vị “không có loại này” không có trong danh mục.");
    await page.getByLabel("Tệp cần nhập").setInputFiles(csvFile("khong-js.csv", [HEADER, "TD-K1,Công đoàn Khun Há 2,,grassroots,5,,"]));
    await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
    await page.getByRole("button", { name: "Nhập 1 đơn vị" }).click();
    await page.waitForURL(/\/units\?done=imported&n=1$/);
    expect(await unitCount()).toBe(before + 1);

    const school = await db().selectFrom("unit").select("id").where("code", "=", "LC-TD-004").executeTakeFirstOrThrow();
    await page.goto(`${session.app.baseUrl}/units/${school.id}/close`);
    await page.getByLabel("Ngày giải thể").fill("01/01/2001");
    await page.getByRole("button", { name: "Ghi nhận giải thể" }).click();
    await page.getByText("Ngày giải thể không được trước ngày thành lập.").waitFor();
    expect(await page.getByLabel("Ngày giải thể").inputValue()).toBe("01/01/2001");
    await context.close();
  });

  it("lets the administrator add a unit kind, and refuses unit pages to the wrong people over HTTP", async () => {
    const { context, page } = await signedIn("admin");
    await page.goto(`${session.app.baseUrl}/units/kinds`);
    const form = page.locator("#kind-new");
    await form.getByLabel("Tên loại").fill("Công đoàn xã, phường");
    await form.getByLabel("Mã loại").fill("commune");
    await form.getByLabel("Cấp", { exact: true }).fill("2");
    await form.getByRole("button", { name: "Thêm loại đơn vị" }).click();
    await page.getByRole("status").filter({ hasText: "Đã thêm loại đơn vị." }).waitFor();
    expect(await db().selectFrom("unit_kind").select(["name", "level", "is_grassroots"]).where("code", "=", "commune").executeTakeFirst()).toEqual({
      name: "Công đoàn xã, phường",
      level: 2,
      is_grassroots: false,
    });
    expect(await page.locator("#kind-new").getByLabel("Tên loại").inputValue()).toBe("");
    await page.screenshot({ path: `${SHOTS}/units-kinds-admin.png`, fullPage: true });
    await context.close();

    const get = (path: string, cookie: string) => fetch(`${session.app.baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    const post = (path: string, cookie: string, body: Record<string, string>) =>
      fetch(`${session.app.baseUrl}${path}`, { method: "POST", headers: { Cookie: cookie, Origin: session.app.baseUrl }, body: new URLSearchParams(body), redirect: "manual" });
    const district = await db().selectFrom("unit").select("id").where("code", "=", "LC-TD").executeTakeFirstOrThrow();
    const outside = await db().selectFrom("unit").select("id").where("code", "=", "LC-PT-001").executeTakeFirstOrThrow();
    const editor = await signIn(session.app, "huyen.bientap", "Demo@2022");
    expect((await get("/units/import", editor)).status).toBe(403);
    expect((await get(`/units/new?parent=${district.id}`, editor)).status).toBe(403);
    expect((await post("/units/new", editor, { parentId: String(district.id), name: "X", kindId: "1", members: "0" })).status).toBe(403);
    expect((await post("/units/import/run", editor, { uploadId: "1" })).status).toBe(403);
    expect((await get(`/units/${district.id}`, editor)).status).toBe(200);
    const manager = await signIn(session.app, "huyen.quanly", "Demo@2022");
    expect((await get(`/units/${outside.id}`, manager)).status).toBe(404);
    expect((await get(`/units/${outside.id}/edit`, manager)).status).toBe(404);
    expect((await post(`/units/${outside.id}/move`, manager, { parentId: String(district.id) })).status).toBe(404);
    expect((await post(`/units/${outside.id}/close`, manager, { closedOn: "2024-01-01" })).status).toBe(404);
    expect((await post("/units/kinds", manager, { intent: "create", code: "x", name: "X", level: "2" })).status).toBe(403);
    const template = await get("/units/import/template.csv", manager);
    expect(template.headers.get("content-type")).toContain("text/csv");
    expect(template.headers.get("content-disposition")).toContain("mau-nhap-don-vi.csv");
    const xlsx = await get("/units/import/template.xlsx", manager);
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
  });

  it("fits a 360 px phone screen on the tree, a unit, its forms and the import", async () => {
    const { context, page } = await signedIn("huyen.quanly", { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const district = await db().selectFrom("unit").select("id").where("code", "=", "LC-TD").executeTakeFirstOrThrow();
    const pages: [string, string][] = [
      ["/units", "units-phone-tree"],
      ["/units?q=binh%20lu", "units-phone-search"],
      [`/units/${district.id}`, "units-phone-detail"],
      [`/units/new?parent=${district.id}`, "units-phone-new"],
      ["/units/import", "units-phone-import"],
      ["/units/kinds", "units-phone-kinds"],
    ];
    for (const [path, shot] of pages) {
      await page.goto(`${session.app.baseUrl}${path}`);
      await page.locator("main h1").waitFor();
      expect(await fitsWidth(page, 360), path).toBe(true);
      await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    }
    // The same pages in English.
    await page.goto(`${session.app.baseUrl}/units/import`);
    await page.getByRole("button", { name: "Ngôn ngữ" }).click();
    await page.getByRole("heading", { name: "Import units from a file" }).waitFor();
    await page.goto(`${session.app.baseUrl}/units`);
    await page.getByLabel("Find a unit").waitFor();
    expect(await page.locator("main").textContent()).toContain("open units below");
    await page.screenshot({ path: `${SHOTS}/units-phone-en.png`, fullPage: true });
    await context.close();
    // The one expected console error is the refused import's 422 (no-JS context logs nothing).
    expect(consoleErrors.filter((text) => !/status of 4(00|22)/.test(text))).toEqual([]);
  });
});
