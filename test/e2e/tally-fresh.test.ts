import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { testDialects } from "../support/databases";
import { SHOTS, signInPage, useBrowserSession } from "../support/e2e";

// A write does not update the tally's roll-up itself: it leaves its change pending, and a fold adds
// it up (in the server's background, and before any tally reads). What a board sees must not lag:
// the result an editor has just logged is in the tally page it opens next.
describe.each(testDialects())("a logged result in the tally at once, on %s", (dialect) => {
  const session = useBrowserSession(`tally-fresh-${dialect}`, dialect);
  const db = () => session.database.handle.db;

  /** A summary card's figure ("1.234" in Vietnamese) by its caption. */
  const figure = async (page: Page, caption: string) => {
    const card = page.locator(".card").filter({ has: page.getByText(caption, { exact: true }) });
    return Number((await card.locator(".figure").innerText()).replace(/\./g, ""));
  };
  const HELD = "Hoạt động đã thực hiện";
  const ATTENDANCES = "Lượt người dự tuyên truyền miệng";

  it("the provincial manager logs a spoken session's attendance; the tally counts the session and its attendees", async () => {
    const editor = await db().selectFrom("app_user").select("unit_id").where("login", "=", "tinh.quanly").executeTakeFirstOrThrow();
    const activity = await db()
      .selectFrom("activity as a")
      .innerJoin("unit_tree as t", "t.descendant_id", "a.unit_id")
      .select(["a.id", "a.campaign_id"])
      .where("t.ancestor_id", "=", editor.unit_id)
      .where("a.status", "=", "planned")
      .where("a.channel", "=", "spoken")
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("unit_report as r").select("r.unit_id").whereRef("r.unit_id", "=", "a.unit_id").whereRef("r.campaign_id", "=", "a.campaign_id").where("r.status", "in", ["submitted", "accepted"]))),
      )
      .orderBy("a.starts_at")
      .executeTakeFirstOrThrow();
    const tallyUrl = `${session.app.baseUrl}/tally?campaign=${activity.campaign_id}`;

    const page = await signInPage(session, "tinh.quanly");
    await page.goto(tallyUrl);
    const held = await figure(page, HELD);
    const attendances = await figure(page, ATTENDANCES);

    await page.goto(`${session.app.baseUrl}/activities/${activity.id}/result`);
    await page.getByLabel("Số lượt người tham dự").fill("47");
    await page.getByRole("button", { name: "Ghi kết quả" }).click();
    await page.getByText("Đã ghi kết quả").waitFor();

    await page.goto(tallyUrl);
    expect(await figure(page, HELD)).toBe(held + 1);
    expect(await figure(page, ATTENDANCES)).toBe(attendances + 47);
    await page.screenshot({ path: `${SHOTS}/tally-fresh-${dialect}.png`, fullPage: false });
    await page.context().close();
  });
});
