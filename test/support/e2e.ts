import { mkdirSync } from "node:fs";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { DialectName } from "@db/dialect-name";
import { launchChromium } from "./browser";
import { freshDatabase, type TestDatabase } from "./databases";
import { startApp, type RunningApp } from "./server";

/** Where end-to-end tests leave screenshots for people to look at. */
export const SHOTS = "test-results";
export const DEMO_PASSWORD = "Demo@2022";

export interface BrowserSession {
  database: TestDatabase;
  app: RunningApp;
  browser: Browser;
}

/**
 * One running app (on a fresh database that it fills with the demo on first start) and one
 * Chromium for a whole test file; the returned object is filled in before the tests run.
 */
export function useBrowserSession(label: string, dialect: DialectName = "sqlite"): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session.database = await freshDatabase(dialect, label);
    session.app = await startApp(session.database.url);
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.app?.stop();
    await session.database?.dispose();
  });
  return session;
}

/**
 * A new browser context signed in through the real form, on the dashboard. Console errors of the
 * page, from its first load on, are pushed into `consoleErrors` when given.
 */
export async function signInPage(session: BrowserSession, login: string, options: BrowserContextOptions = {}, consoleErrors?: string[]): Promise<Page> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  if (consoleErrors) page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
  await page.goto(`${session.app.baseUrl}/login`);
  await page.getByLabel("Tên đăng nhập").fill(login);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("heading", { name: "Tổng quan" }).waitFor();
  return page;
}
