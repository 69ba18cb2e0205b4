import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describe.each(testDialects())("exports over HTTP on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  let province: string; // tinh.quanly's cookie
  let grassroots: string; // coso.bientap's cookie
  let scope = "";
  let provinceId = 0;
  const db = () => database.handle.db;
  const get = (path: string, cookie?: string) => fetch(`${app.baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const body = async (response: Response) => Buffer.from(await response.arrayBuffer());

  beforeAll(async () => {
    database = await freshDatabase(dialect, "exports_http");
    app = await startApp(database.url); // loads the demo into the empty database
    province = await signIn(app, "tinh.quanly", PASSWORD);
    grassroots = await signIn(app, "coso.bientap", PASSWORD);
    const campaign = await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow();
    provinceId = (await db().selectFrom("unit").select("id").where("code", "=", "LC").executeTakeFirstOrThrow()).id;
    scope = new URLSearchParams({ campaign: String(campaign.id), unit: String(provinceId), from: "2022-07-11", to: "2022-12-31" }).toString();
  });
  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it("downloads the workbook with its type, a Vietnamese-safe file name and four sheets", async () => {
    const response = await get(`/tally.xlsx?${scope}`, province);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="tong-hop-chi-thi-12-lai-chau-2022.xlsx"; filename*=UTF-8''tong-hop-chi-thi-12-lai-chau-2022.xlsx`,
    );
    expect(response.headers.get("cache-control")).toContain("no-store");
    const file = await body(response);
    expect(file.subarray(0, 2).toString()).toBe("PK");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Tổng hợp", "Theo đơn vị", "Hoạt động", "Thông tin"]);
    expect(workbook.getWorksheet("Hoạt động")!.rowCount).toBeGreaterThan(100);
  });

  it("uses the page's defaults when the query is missing or malformed", async () => {
    const bare = await get("/tally.xlsx", province);
    expect(bare.status).toBe(200);
    expect(bare.headers.get("content-disposition")).toContain("tong-hop-chi-thi-12-lai-chau-2022.xlsx");
    expect((await body(bare)).length).toBeGreaterThan(1000);
    const malformed = await get("/activities.csv?campaign=abc&unit=x&from=2022-13-45", province);
    expect(malformed.status).toBe(200);
    expect((await body(malformed)).length).toBeGreaterThan(1000);
  });

  it("downloads the report and the activity list", async () => {
    const docx = await get(`/tally.docx?${scope}`, province);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe(DOCX);
    expect(docx.headers.get("content-disposition")).toContain("filename*=UTF-8''bao-cao-chi-thi-12-lai-chau-2022.docx");
    const zip = await JSZip.loadAsync(await body(docx));
    expect(await zip.file("word/document.xml")!.async("string")).toContain("BÁO CÁO");

    const csv = await get(`/activities.csv?${scope}`, province);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain("hoat-dong-chi-thi-12-lai-chau-2022.csv");
    const text = await body(csv);
    expect(text.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.toString("utf8")).toContain("Tên hoạt động");
  });

  it("lets the user edit the report's fields on a form that submits to /tally.docx", async () => {
    const page = await get(`/tally/report?${scope}`, province);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/tally.docx"');
    for (const field of ["number", "place", "date", "signerName", "signerPosition", "authority", "recipients", "issuingBody"]) expect(html).toContain(`name="${field}"`);
    expect(html).toContain('value="/BC-LĐLĐ"');
    expect(html).toContain('value="Lai Châu"');
    expect(html).toContain("BAN THƯỜNG VỤ");

    const fields = new URLSearchParams(scope);
    for (const [k, v] of Object.entries({ number: "15/BC-LĐLĐ", place: "Lai Châu", date: "05/01/2023", parentBody: "Liên đoàn Lao động tỉnh Lai Châu", issuingBody: "Ban Thường vụ", authority: "TM. BAN THƯỜNG VỤ", signerPosition: "Phó Chủ tịch", signerName: "Đông Thị Nghĩa", recipients: "Tổng LĐLĐ Việt Nam (b/c)\r\nLưu: VT, TgNc" })) fields.set(k, v);
    const good = await get(`/tally.docx?${fields}`, province);
    expect(good.status).toBe(200);
    const xml = await (await JSZip.loadAsync(await body(good))).file("word/document.xml")!.async("string");
    expect(xml).toContain("Lai Châu, ngày 05 tháng 01 năm 2023");
    expect(xml).toContain("Đông Thị Nghĩa");

    fields.set("date", "31/02/2023");
    fields.set("signerPosition", "");
    const bad = await get(`/tally.docx?${fields}`, province);
    expect(bad.status).toBe(303);
    const back = bad.headers.get("location")!;
    expect(back).toMatch(/^\/tally\/report\?/);
    const form = await get(back, province);
    expect(form.status).toBe(400);
    const again = await form.text();
    expect(again).toContain("Ngày không hợp lệ");
    expect(again).toContain("Mục này không được để trống.");
    expect(again).toContain('value="Đông Thị Nghĩa"'); // what was typed is kept
  });

  it("answers 404 for a scope outside the user's subtree, and sends strangers to sign in", async () => {
    const outside = `?${new URLSearchParams(scope)}`;
    for (const path of ["/tally.xlsx", "/tally.docx", "/activities.csv", "/tally/report"]) {
      const response = await get(`${path}${outside}`, grassroots);
      expect(response.status, path).toBe(404);
      await response.arrayBuffer();
    }
    const own = await get("/tally.xlsx", grassroots);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toContain("truong-thcs-binh-lu");
    await own.arrayBuffer();
    const stranger = await get(`/tally.xlsx?${scope}`);
    expect(stranger.status).toBe(302);
    expect(stranger.headers.get("location")).toMatch(/^\/login\?next=/);
  });
});
