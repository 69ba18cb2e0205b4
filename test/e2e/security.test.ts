/**
 * Security over the running app: cross-site writes, sign-in throttling, session rotation and
 * sign-out everywhere, headers and CSP (in Chromium), upload limits and zip bombs, and a corpus
 * of XSS / formula payloads rendered inert in pages, CSV, XLSX and the iCalendar feed.
 * One server (SQLite) for the whole file: none of this depends on the dialect.
 */
import { deflateRawSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipText } from "../support/zip";
import { launchChromium } from "../support/browser";
import { demoDatabase, type TestDatabase } from "../support/databases";
import { signIn, startApp, type RunningApp } from "../support/server";

const PASSWORD = "Demo@2022";
const FOREIGN = "https://evil.example";

/** Each payload flips window.__xss if it ever runs; the formula ones must not stay formulas. */
const XSS = [
  `<script>window.__xss="script"</script>`,
  `"><img src=x onerror="window.__xss='img'">`,
  `'><svg onload=window.__xss='svg'>`,
  `javascript:window.__xss='href'`,
  `{{constructor.constructor('window.__xss="tpl"')()}}`,
  `</textarea></title><iframe srcdoc="<script>parent.__xss='frame'</script>">`,
];
const FORMULAS = [`=HYPERLINK("http://evil.example","bấm")`, `+1+cmd|' /C calc'!A0`, `@SUM(1+1)`, `-2+3+cmd|'/C calc'!A0`];
const TITLE = `XSS-TITLE ${XSS[0]} ${XSS[1]}`;

describe("security of the running app", () => {
  let database: TestDatabase;
  let app: RunningApp;
  let browser: Browser;
  const ids = { unit: 0, activity: 0, campaign: 0, attachment: 0, formulaActivity: 0 };

  beforeAll(async () => {
    database = await demoDatabase("sqlite", "security");
    const db = database.handle.db;
    const unit = await db.selectFrom("unit").select("id").where("code", "=", "LC-TD-003").executeTakeFirstOrThrow();
    ids.unit = unit.id;
    const activities = await db.selectFrom("activity").select(["id"]).where("unit_id", "=", unit.id).where("status", "=", "done").orderBy("id").execute();
    ids.activity = activities[0].id;
    ids.formulaActivity = activities[1].id;
    await db.updateTable("unit").set({ short_name: `XSS-UNIT ${XSS[2]}` }).where("id", "=", unit.id).execute();
    await db.updateTable("activity").set({ title: TITLE, location: XSS[3], presenter: XSS[4] }).where("id", "=", ids.activity).execute();
    await db.updateTable("activity").set({ title: FORMULAS[0] }).where("id", "=", ids.formulaActivity).execute();
    // The feed holds 60 days back to 400 ahead: one payload activity is moved to tomorrow for it.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    await db
      .updateTable("activity")
      .set({ title: `XSS-FEED ${XSS[0]}\r\nBEGIN:VEVENT\r\nSUMMARY:giả, mạo; ${XSS[1]}`, starts_at: tomorrow, ends_at: new Date(tomorrow.getTime() + 3600 * 1000) })
      .where("id", "=", activities[2].id)
      .execute();
    await db.updateTable("activity_result").set({ notes: `XSS-NOTES ${XSS[5]} ${FORMULAS[1]}` }).where("activity_id", "=", ids.activity).execute();
    const campaign = await db.selectFrom("campaign").select("id").orderBy("id").executeTakeFirstOrThrow();
    ids.campaign = campaign.id;
    await db.updateTable("campaign").set({ summary: `XSS-CAMPAIGN ${XSS[1]} ${XSS[4]}` }).where("id", "=", campaign.id).execute();
    ids.attachment = (
      await db
        .insertInto("attachment")
        .values({ activity_id: ids.activity, campaign_id: null, file_name: `"><img src=x onerror=window.__xss='file'>.png`, mime_type: "image/png", size_bytes: 3, content: Buffer.from("png"), thumbnail: null, created_at: new Date(), created_by: null })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    app = await startApp(database.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.dispose();
  });

  describe("cross-site writes", () => {
    const HOSTILE: Record<string, string>[] = [
      { Origin: FOREIGN },
      { Origin: "null" },
      { Referer: `${FOREIGN}/trang` },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      { Origin: FOREIGN, "Sec-Fetch-Site": "same-origin" },
    ];
    const TARGETS = ["/login", "/logout", "/lang", "/account/feed", "/account/password", "/units/import/run", "/units/import", "/activities/new", "/results/import/facebook", "/attachments/1", "/activities.csv"];

    it("refuses every state-changing method from another site, page routes and resource routes alike", async () => {
      const cookie = await signIn(app, "admin", PASSWORD);
      const failures: string[] = [];
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        for (const path of TARGETS) {
          for (const headers of HOSTILE) {
            const response = await fetch(`${app.baseUrl}${path}`, {
              method,
              headers: { Cookie: cookie, ...headers },
              body: new URLSearchParams({ login: "admin", password: PASSWORD, intent: "enable", lang: "en" }),
              redirect: "manual",
            });
            const text = await response.text();
            if (response.status !== 403 || !text.includes("Yêu cầu bị từ chối") || response.headers.get("set-cookie")) {
              failures.push(`${method} ${path} ${JSON.stringify(headers)} → ${response.status}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      // Nothing happened: the feed stayed off.
      const admin = await database.handle.db.selectFrom("app_user").select("feed_token").where("login", "=", "admin").executeTakeFirstOrThrow();
      expect(admin.feed_token).toBeNull();
    });

    it("lets the same writes through from the app's own pages", async () => {
      const cookie = await signIn(app, "admin", PASSWORD);
      const fromPage = await fetch(`${app.baseUrl}/account/feed`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: app.baseUrl, "Sec-Fetch-Site": "same-origin" },
        body: new URLSearchParams({ intent: "enable" }),
        redirect: "manual",
      });
      expect(fromPage.status).toBe(302);
      const byReferer = await fetch(`${app.baseUrl}/account/feed`, {
        method: "POST",
        headers: { Cookie: cookie, Referer: `${app.baseUrl}/account/feed` },
        body: new URLSearchParams({ intent: "disable" }),
        redirect: "manual",
      });
      expect(byReferer.status).toBe(302);
    });
  });

  describe("sign-in", () => {
    it("throttles one account after five failures with the generic message and the wait, and logs it", async () => {
      const attempt = (password: string) =>
        fetch(`${app.baseUrl}/login`, { method: "POST", headers: { Origin: app.baseUrl }, body: new URLSearchParams({ login: "huyen.quanly", password }), redirect: "manual" });
      for (let n = 1; n < 5; n++) expect((await attempt("sai")).status).toBe(401);
      const fifth = await attempt("sai");
      expect(fifth.status).toBe(429);
      expect(fifth.headers.get("retry-after")).toBe("1");
      const page = await fifth.text();
      expect(page).toContain("Sai tên đăng nhập hoặc mật khẩu.");
      expect(page).toContain("thử lại sau 1 giây");
      // While it waits, even the right password is refused and no session is made.
      const during = await attempt(PASSWORD);
      expect(during.status).toBe(429);
      expect(during.headers.get("set-cookie")).toBeNull();
      // Other accounts are not held up.
      await signIn(app, "huyen.bientap", PASSWORD);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await attempt(PASSWORD)).status).toBe(302);
      expect((await attempt("sai")).status).toBe(401); // the success reset the count
      expect(app.output()).toContain('[login-throttle]');
      expect(app.output()).toContain('login="huyen.quanly" failures=5 wait=1s');
    });

    it("gives a new session at every sign-in and ends the others at a password change", async () => {
      const a = await signIn(app, "xem", PASSWORD);
      const b = await signIn(app, "xem", PASSWORD);
      expect(a).not.toBe(b);
      const change = await fetch(`${app.baseUrl}/account/password`, {
        method: "POST",
        headers: { Cookie: a, Origin: app.baseUrl },
        body: new URLSearchParams({ currentPassword: PASSWORD, newPassword: "Mat-khau-moi-2024", confirmPassword: "Mat-khau-moi-2024" }),
        redirect: "manual",
      });
      expect(change.status).toBe(302);
      const fresh = change.headers.get("set-cookie")!.split(";")[0];
      expect(fresh).not.toBe(a);
      for (const old of [a, b]) {
        const response = await fetch(`${app.baseUrl}/units`, { headers: { Cookie: old }, redirect: "manual" });
        expect(response.status).toBe(302);
        expect(response.headers.get("location")).toMatch(/^\/login/);
      }
      expect((await fetch(`${app.baseUrl}/units`, { headers: { Cookie: fresh }, redirect: "manual" })).status).toBe(200);
    });

    it("signs out everywhere: every cookie of the account stops working", async () => {
      const here = await signIn(app, "huyen.bientap", PASSWORD);
      const elsewhere = await signIn(app, "huyen.bientap", PASSWORD);
      const page = await (await fetch(`${app.baseUrl}/account/password`, { headers: { Cookie: here } })).text();
      expect(page).toContain("Đăng xuất khỏi mọi thiết bị");
      const out = await fetch(`${app.baseUrl}/account/password`, {
        method: "POST",
        headers: { Cookie: here, Origin: app.baseUrl },
        body: new URLSearchParams({ intent: "signOutEverywhere" }),
        redirect: "manual",
      });
      expect(out.status).toBe(302);
      expect(out.headers.get("location")).toBe("/login");
      for (const cookie of [here, elsewhere]) {
        const response = await fetch(`${app.baseUrl}/calendar`, { headers: { Cookie: cookie }, redirect: "manual" });
        expect(response.status).toBe(302);
        expect(response.headers.get("location")).toMatch(/^\/login/);
      }
      // Signing in again works.
      expect((await fetch(`${app.baseUrl}/`, { headers: { Cookie: await signIn(app, "huyen.bientap", PASSWORD) } })).status).toBe(200);
    });
  });

  describe("headers", () => {
    it("sends a CSP with a fresh nonce that Remix's inline scripts carry, and the other headers", async () => {
      const cookie = await signIn(app, "coso.bientap", PASSWORD);
      const [one, two] = await Promise.all([fetch(`${app.baseUrl}/`, { headers: { Cookie: cookie } }), fetch(`${app.baseUrl}/`, { headers: { Cookie: cookie } })]);
      const csp = one.headers.get("content-security-policy")!;
      for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'", "img-src 'self' data: blob:", "connect-src 'self'", "font-src 'self'", "style-src 'self'"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      expect(nonce.length).toBeGreaterThanOrEqual(16);
      expect(two.headers.get("content-security-policy")).not.toContain(nonce);
      const html = await one.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
      expect(inline.length).toBeGreaterThan(0);
      for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
      expect(one.headers.get("x-content-type-options")).toBe("nosniff");
      expect(one.headers.get("referrer-policy")).toBe("same-origin");
      expect(one.headers.get("x-powered-by")).toBeNull();
      // Idle connections outlast clients' and proxies' (~60 s), so none is closed as it is reused.
      expect(one.headers.get("keep-alive")).toBe("timeout=65");
      const file = await fetch(`${app.baseUrl}/favicon.svg`);
      expect(file.headers.get("content-security-policy")).toContain("default-src 'self'");
    });

    it("loads the main pages in Chromium with no CSP violation and working scripts", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
      await page.goto(`${app.baseUrl}/login`);
      await page.getByLabel("Tên đăng nhập").fill("huyen.quanly");
      await page.getByLabel("Mật khẩu").fill(PASSWORD);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL(`${app.baseUrl}/`);
      await page.goto(`${app.baseUrl}/calendar?view=month&date=2022-09-15`);
      await page.locator(".rbc-month-view").waitFor();
      await page.locator(".rbc-event").first().waitFor();
      expect(await page.locator(".rbc-event").count()).toBeGreaterThan(0);
      // Client-side navigation works: the app hydrated under the policy.
      await page.getByRole("link", { name: "Tổng hợp" }).first().click();
      await page.waitForURL(/\/tally/);
      await page.locator(".recharts-surface").first().waitFor();
      await page.goto(`${app.baseUrl}/campaigns/${ids.campaign}`);
      await page.locator("h1").first().waitFor();
      await page.goto(`${app.baseUrl}/activities/new`);
      await page.getByLabel("Tên hoạt động").waitFor();
      await page.goto(`${app.baseUrl}/units`);
      await page.locator("h1").first().waitFor();
      await context.close();
      expect(problems).toEqual([]);
    });
  });

  describe("uploads and imports", () => {
    it("refuses bodies over the route's limit, chunked bodies and too many parts, before reading them", async () => {
      const cookie = await signIn(app, "admin", PASSWORD);
      const headers = { Cookie: cookie, Origin: app.baseUrl };
      // The server answers 413 from the headers and closes without reading the body: the client either
      // reads that answer or, still sending, sees the connection closed (EPIPE/ECONNRESET). Both are a refusal.
      const refused = (request: Promise<Response>) =>
        request.then(
          (response) => response.status,
          (error: { cause?: { code?: string } }) => (["EPIPE", "ECONNRESET"].includes(error.cause?.code ?? "") ? "closed" : Promise.reject(error)),
        );
      const big = await refused(fetch(`${app.baseUrl}/units/import`, { method: "POST", headers: { ...headers, "Content-Type": "application/octet-stream" }, body: new Uint8Array(7 * 1024 * 1024), redirect: "manual" }));
      expect([413, "closed"]).toContain(big);
      const form = await refused(fetch(`${app.baseUrl}/activities/new`, { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: "title=" + "a".repeat(2 * 1024 * 1024), redirect: "manual" }));
      expect([413, "closed"]).toContain(form);
      const chunked = await fetch(`${app.baseUrl}/units/import`, {
        method: "POST",
        headers,
        body: new ReadableStream({ start(c) { c.enqueue(new Uint8Array(10)); c.close(); } }),
        duplex: "half", // Node's fetch needs this for a streamed body
        redirect: "manual",
      });
      expect(chunked.status).toBe(411);
      const parts = new FormData();
      for (let n = 0; n < 500; n++) parts.append(`f${n}`, "x");
      const many = await fetch(`${app.baseUrl}/units/import`, { method: "POST", headers, body: parts, redirect: "manual" });
      expect(many.status).toBe(413);
      // The limits leave normal use alone: a 3 MB photo route body is not refused at the door.
      expect(app.output()).not.toMatch(/Error: .*TooManyParts/);
    });

    it("refuses an XLSX zip bomb quickly with a clear Vietnamese message", async () => {
      const cookie = await signIn(app, "admin", PASSWORD);
      const bomb = zipOf([
        { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
        { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(200 * 1024 * 1024, 0x20) },
      ]);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(bomb)]), "don-vi.xlsx");
      const started = Date.now();
      const response = await fetch(`${app.baseUrl}/units/import`, { method: "POST", headers: { Cookie: cookie, Origin: app.baseUrl }, body: form, redirect: "manual" });
      const elapsed = Date.now() - started;
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await response.text()).toContain("Tệp nén quá lớn khi giải nén");
      expect(elapsed).toBeLessThan(20_000); // a generous bound: exceljs would take minutes and gigabytes
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    });
  });

  describe("output", () => {
    it("shows the XSS corpus as text in pages, and nothing runs", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      let dialogs = 0;
      page.on("dialog", (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      await page.goto(`${app.baseUrl}/login`);
      await page.getByLabel("Tên đăng nhập").fill("coso.bientap");
      await page.getByLabel("Mật khẩu").fill(PASSWORD);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL(`${app.baseUrl}/`);
      const pages = [
        `/activities/${ids.activity}`,
        `/activities/${ids.activity}/result`,
        `/calendar?view=agenda&date=2022-01-01`,
        `/units/${ids.unit}`,
        `/campaigns/${ids.campaign}`,
        `/tally/activities?campaign=${ids.campaign}`,
        `/results/pending`,
      ];
      for (const path of pages) {
        await page.goto(`${app.baseUrl}${path}`);
        await page.waitForLoadState("networkidle");
        expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), path).toBeUndefined();
        expect(await page.locator("iframe, svg[onload], img[onerror]").count(), path).toBe(0);
      }
      await page.goto(`${app.baseUrl}/activities/${ids.activity}`);
      expect(await page.locator("body").innerText()).toContain("XSS-TITLE");
      // No link from user input leads to javascript:.
      const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
      expect(dialogs).toBe(0);
      await context.close();
    });

    it("neutralises formulas in the CSV and XLSX exports and keeps the payloads as text", async () => {
      const cookie = await signIn(app, "coso.bientap", PASSWORD);
      const csv = await (await fetch(`${app.baseUrl}/activities.csv?campaign=${ids.campaign}`, { headers: { Cookie: cookie } })).text();
      expect(csv).toContain("XSS-TITLE");
      for (const line of csv.split(/\r?\n/)) {
        for (const field of line.split(",")) expect(field.replace(/^"/, ""), field).not.toMatch(/^[=+\-@]\D/);
      }
      const xlsx = new Uint8Array(await (await fetch(`${app.baseUrl}/tally.xlsx?campaign=${ids.campaign}`, { headers: { Cookie: cookie } })).arrayBuffer());
      const text = zipText(xlsx);
      expect(text).not.toMatch(/<f>[^<]*HYPERLINK/i);
      expect(text).not.toContain("<f>SUM(1+1)");
    });

    it("writes the payloads into the iCalendar feed as escaped text", async () => {
      const cookie = await signIn(app, "coso.bientap", PASSWORD);
      await fetch(`${app.baseUrl}/account/feed`, { method: "POST", headers: { Cookie: cookie, Origin: app.baseUrl }, body: new URLSearchParams({ intent: "enable" }), redirect: "manual" });
      const token = (await database.handle.db.selectFrom("app_user").select("feed_token").where("login", "=", "coso.bientap").executeTakeFirstOrThrow()).feed_token!;
      const feed = await fetch(`${app.baseUrl}/feeds/${token}.ics`);
      expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
      expect(feed.headers.get("x-content-type-options")).toBe("nosniff");
      const body = (await feed.text()).replace(/\r\n[ \t]/g, "");
      const summary = body.split("\r\n").find((line) => line.startsWith("SUMMARY:") && line.includes("XSS-FEED"));
      expect(summary).toBeDefined();
      // The payload stays text inside its one property: its line breaks and separators are escaped,
      // so it cannot start a new property or event.
      expect(summary).toContain("<script>");
      expect(summary).toMatch(/\\nBEGIN:VEVENT\\nSUMMARY:giả\\, mạo\\;/);
      const lines = body.split("\r\n");
      expect(lines.filter((line) => line.startsWith("SUMMARY:giả"))).toEqual([]);
      expect(lines.filter((line) => line === "BEGIN:VEVENT").length).toBe(lines.filter((line) => line === "END:VEVENT").length);
    });

    it("accepts only http and https evidence links", async () => {
      const cookie = await signIn(app, "coso.bientap", PASSWORD);
      const form = new FormData();
      for (const [k, v] of Object.entries({ attendance: "10", links: "javascript:alert(1)" })) form.append(k, v);
      const response = await fetch(`${app.baseUrl}/activities/${ids.activity}/result`, { method: "POST", headers: { Cookie: cookie, Origin: app.baseUrl }, body: form, redirect: "manual" });
      expect(response.status).toBe(400);
      const links = await database.handle.db.selectFrom("activity_result").select("links").where("activity_id", "=", ids.activity).executeTakeFirstOrThrow();
      expect(links.links ?? "").not.toContain("javascript:");
    });
  });
});

function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = deflateRawSync(entry.data, { level: 9 });
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}


export type { Page };
