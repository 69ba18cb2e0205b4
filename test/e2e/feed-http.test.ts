import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantAt, wallClockParts } from "~/domain/wall-clock";
import { freshDatabase, testDialects, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";
const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())("calendar feed and month plan over HTTP on %s", (dialect) => {
  let database: TestDatabase;
  let app: RunningApp;
  let grassroots: string; // coso.bientap's cookie
  let district: string; // huyen.quanly's cookie
  let soonId = 0;
  const db = () => database.handle.db;
  const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers }, redirect: "manual" });
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${app.baseUrl}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, Origin: app.baseUrl }, redirect: "manual" });
  const unitId = async (code: string) => (await db().selectFrom("unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const subtree = async (code: string) =>
    new Set((await db().selectFrom("unit_tree").select("descendant_id").where("ancestor_id", "=", await unitId(code)).execute()).map((r) => r.descendant_id));
  /** The feed path the account page shows (the only place a user sees the token). */
  async function feedPathOnPage(cookie: string): Promise<string | null> {
    const page = await (await get("/account/feed", cookie)).text();
    const match = /\/feeds\/([A-Za-z0-9_-]{43})\.ics/.exec(page);
    return match ? match[0] : null;
  }
  const activityIdsIn = (html: string) => [...new Set([...html.matchAll(/href="\/activities\/(\d+)"/g)].map((m) => Number(m[1])))];

  beforeAll(async () => {
    database = await freshDatabase(dialect, "feed_http");
    app = await startApp(database.url);
    grassroots = await signIn(app, "coso.bientap", PASSWORD);
    district = await signIn(app, "huyen.quanly", PASSWORD);
    // The demo lies in 2022, outside a feed window around today: add an activity two days from now, 08:00 Vietnam time.
    const day = wallClockParts(new Date(Date.now() + 2 * DAY)).date;
    const campaign = await db().selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow();
    const user = await db().selectFrom("app_user").select(["id", "unit_id"]).where("login", "=", "coso.bientap").executeTakeFirstOrThrow();
    soonId = (
      await db()
        .insertInto("activity")
        .values({
          campaign_id: campaign.id,
          unit_id: user.unit_id,
          channel: "spoken",
          form_id: null,
          title: "Nói chuyện chuyên đề; Chỉ thị 12, <b>đối ngoại</b>",
          starts_at: instantAt(day, "08:00"),
          ends_at: instantAt(day, "09:30"),
          is_all_day: false,
          location: "Hội trường",
          presenter: null,
          audience: null,
          planned_attendance: 30,
          planned_quantity: null,
          status: "planned",
          cancel_reason: null,
          series_id: null,
          external_ref: null,
          version: 1,
          created_by: user.id,
          created_at: new Date(),
          updated_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await app?.stop();
    await database?.dispose();
  });

  it("turns the feed on from /account/feed, and serves it as text/calendar without a session cookie", async () => {
    const off = await get("/account/feed", grassroots);
    expect(off.status).toBe(200);
    expect(off.headers.get("cache-control")).toContain("no-store");
    const offPage = await off.text();
    expect(offPage).toContain("Bật đồng bộ lịch");
    expect(offPage).toContain("Google Calendar");
    expect(await feedPathOnPage(grassroots)).toBeNull();

    const enabled = await post("/account/feed", grassroots, { intent: "enable" });
    expect(enabled.status).toBe(302);
    expect(enabled.headers.get("location")).toBe("/account/feed?done=enabled");
    const page = await (await get("/account/feed?done=enabled", grassroots)).text();
    expect(page).toContain("Đã bật đồng bộ lịch");
    expect(page).toContain(`value="${app.baseUrl}/feeds/`);
    const path = (await feedPathOnPage(grassroots))!;
    expect(path).not.toBeNull();

    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("private");
    expect(response.headers.get("x-robots-tag")).toContain("noindex");
    const ics = await response.text();
    const calendar = new ICAL.Component(ICAL.parse(ics));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const vevent = calendar.getAllSubcomponents("vevent").find((e) => e.getFirstPropertyValue("uid") === `activity-${soonId}@127.0.0.1`)!;
    expect(vevent).toBeDefined();
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe("[TT miệng] Nói chuyện chuyên đề; Chỉ thị 12, <b>đối ngoại</b>");
    expect(event.startDate.toString()).toMatch(/T08:00:00$/);
    expect(event.startDate.toJSDate().toISOString()).toMatch(/T01:00:00\.000Z$/);
    expect(vevent.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Asia/Ho_Chi_Minh");
    expect(event.description).toContain(`${app.baseUrl}/activities/${soonId}`);

    // A calendar app polling again with the ETag gets 304.
    const etag = response.headers.get("etag")!;
    expect(etag).toBeTruthy();
    expect((await get(path, undefined, { "If-None-Match": etag })).status).toBe(304);
  });

  it("answers 404, always the same, to a wrong, malformed, regenerated or disabled token, a deactivated account and a unit outside the scope", async () => {
    const path = (await feedPathOnPage(grassroots))!;
    const token = /\/feeds\/(.+)\.ics$/.exec(path)![1];
    const unknown = await get(`/feeds/${"A".repeat(43)}.ics`);
    expect(unknown.status).toBe(404);
    const body = await unknown.text();
    for (const other of [`/feeds/${token}`, `/feeds/${token}.ical`, `/feeds/${token.slice(2)}.ics`, `/feeds/${token}.ics?unit=${await unitId("LC-PT")}`]) {
      const response = await get(other);
      expect(response.status, other).toBe(404);
      expect(await response.text(), other).toBe(body);
    }

    const regenerated = await post("/account/feed", grassroots, { intent: "regenerate" });
    expect(regenerated.headers.get("location")).toBe("/account/feed?done=regenerated");
    const fresh = (await feedPathOnPage(grassroots))!;
    expect(fresh).not.toBe(path);
    expect((await get(path)).status).toBe(404);
    expect(await (await get(path)).text()).toBe(body);
    expect((await get(fresh)).status).toBe(200);

    await db().updateTable("app_user").set({ is_active: false }).where("login", "=", "coso.bientap").execute();
    expect((await get(fresh)).status).toBe(404);
    await db().updateTable("app_user").set({ is_active: true }).where("login", "=", "coso.bientap").execute();
    expect((await get(fresh)).status).toBe(200);

    const disabled = await post("/account/feed", grassroots, { intent: "disable" });
    expect(disabled.headers.get("location")).toBe("/account/feed?done=disabled");
    expect((await get(fresh)).status).toBe(404);
    expect(await feedPathOnPage(grassroots)).toBeNull();

    expect((await post("/account/feed", grassroots, { intent: "steal" })).status).toBe(400);
  });

  it("scopes a district manager's feed to the district, and keeps calendar filters in the URL", async () => {
    await post("/account/feed?unit=" + (await unitId("LC-TD-003")) + "&scope=unit", district, { intent: "enable" });
    const page = await (await get(`/account/feed?unit=${await unitId("LC-TD-003")}&scope=unit&view=week`, district)).text();
    const filtered = new RegExp(`/feeds/[A-Za-z0-9_-]{43}\\.ics\\?unit=${await unitId("LC-TD-003")}&amp;scope=unit`).exec(page);
    expect(filtered).not.toBeNull();
    const response = await get(filtered![0].replace(/&amp;/g, "&"));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`UID:activity-${soonId}@127.0.0.1`);
  });

  it("asks for sign-in before the month plan", async () => {
    const response = await get("/calendar/print?month=2022-09");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?next=%2Fcalendar%2Fprint%3Fmonth%3D2022-09");
  });

  it("prints a grassroots editor's month plan with only its own unit's activities", async () => {
    const response = await get("/calendar/print?month=2022-09", grassroots);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("KẾ HOẠCH TUYÊN TRUYỀN THÁNG 9/2022");
    expect(page).toContain("CÔNG ĐOÀN TRƯỜNG THCS BÌNH LƯ");
    for (const column of ["Ngày", "Thời gian", "Đơn vị", "Hình thức", "Nội dung hoạt động", "Nội dung tuyên truyền", "Báo cáo viên / Địa điểm", "Trạng thái"]) {
      expect(page).toContain(`<th scope="col">${column}</th>`);
    }
    const ids = activityIdsIn(page);
    expect(ids.length).toBeGreaterThan(0);
    const own = await unitId("LC-TD-003");
    const rows = await db().selectFrom("activity").select(["id", "unit_id"]).where("id", "in", ids).execute();
    expect(rows.every((r) => r.unit_id === own)).toBe(true);
    // Another district's activities of the same month never appear.
    const phongTho = await subtree("LC-PT");
    const elsewhere = await db()
      .selectFrom("activity")
      .select(["id", "title"])
      .where("unit_id", "in", [...phongTho])
      .where("starts_at", ">=", instantAt("2022-09-01", "00:00"))
      .where("starts_at", "<", instantAt("2022-10-01", "00:00"))
      .execute();
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const a of elsewhere) expect(page).not.toContain(`/activities/${a.id}"`);
    // Asking for another district is a 404, as on the calendar.
    expect((await get(`/calendar/print?month=2022-09&unit=${await unitId("LC-PT")}`, grassroots)).status).toBe(404);
  });

  it("prints a district manager's month plan within the district, with the filters applied", async () => {
    const page = await (await get("/calendar/print?month=2022-10&channel=spoken", district)).text();
    expect(page).toContain("KẾ HOẠCH TUYÊN TRUYỀN THÁNG 10/2022");
    expect(page).toContain("LIÊN ĐOÀN LAO ĐỘNG HUYỆN TAM ĐƯỜNG");
    const ids = activityIdsIn(page);
    expect(ids.length).toBeGreaterThan(0);
    const inDistrict = await subtree("LC-TD");
    const rows = await db().selectFrom("activity").select(["unit_id", "channel"]).where("id", "in", ids).execute();
    expect(rows.every((r) => inDistrict.has(r.unit_id) && r.channel === "spoken")).toBe(true);
    // An empty month says so.
    expect(await (await get("/calendar/print?month=2020-02", district)).text()).toContain("Không có hoạt động nào trong tháng này");
  });
});
