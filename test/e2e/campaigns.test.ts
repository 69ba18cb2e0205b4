import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHOTS, signInPage, useBrowserSession } from "../support/e2e";

const SECTION_1 = readFileSync(new URL("../fixtures/guidance/967-section1.txt", import.meta.url), "utf8");

describe("recreating Công văn 967/LĐLĐ as a campaign in Chromium", () => {
  const session = useBrowserSession("campaign-e2e");
  const signedIn = (login: string) => signInPage(session, login);

  it("lets a province manager build the campaign from the letter's text, and a grassroots editor only read it", async () => {
    const page = await signedIn("tinh.quanly");
    await page.getByRole("navigation").getByRole("link", { name: "Kế hoạch tuyên truyền" }).click();
    await page.getByRole("link", { name: "Tạo kế hoạch mới" }).click();

    // A wrong period is refused with a Vietnamese message and the typed title is kept.
    await page.getByLabel("Tên kế hoạch, đợt tuyên truyền").fill("Quán triệt Chỉ thị 12-CT/TW (tạo lại)");
    await page.getByLabel("Từ ngày").fill("2022-07-11");
    await page.getByLabel("Đến ngày").fill("2022-07-01");
    await page.getByLabel("Hạn báo cáo", { exact: true }).fill("2022-12-25");
    await page.getByRole("button", { name: "Tạo kế hoạch" }).click();
    await page.getByText("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.").waitFor();
    expect(await page.getByLabel("Tên kế hoạch, đợt tuyên truyền").inputValue()).toBe("Quán triệt Chỉ thị 12-CT/TW (tạo lại)");

    await page.getByLabel("Đến ngày").fill("2022-12-31");
    await page.getByLabel("Công đoàn cơ sở", { exact: true }).check();
    await page.getByLabel("Hạn báo cáo của Công đoàn cơ sở").fill("2022-12-10");
    await page.getByRole("button", { name: "Tạo kế hoạch" }).click();
    await page.getByText("Đã tạo kế hoạch.").waitFor();

    await page.getByLabel("Dán mục “Nội dung tuyên truyền” của văn bản").fill(SECTION_1);
    await page.getByRole("button", { name: "Xem trước" }).click();
    await page.getByText("Hệ thống nhận được 16 nội dung.").waitFor();
    await page.screenshot({ path: `${SHOTS}/campaign-paste-preview.png`, fullPage: true });
    await page.getByRole("button", { name: "Lưu các nội dung đã chọn" }).click();
    await page.getByText("Đã thêm 16 nội dung tuyên truyền.").waitFor();
    expect(await page.locator(".point-tree").first().textContent()).toContain("Trụ cột đối ngoại nhân dân");

    await page.getByRole("link", { name: "Xem toàn văn kế hoạch" }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    const campaignUrl = page.url();
    await page.getByRole("navigation", { name: "Quản lý kế hoạch" }).getByRole("link", { name: "Văn bản căn cứ" }).click();
    await page.getByLabel("Loại văn bản").selectOption("cong_van");
    await page.getByLabel("Số, ký hiệu").fill("967/LĐLĐ");
    await page.getByLabel("Ngày ban hành").fill("2022-07-11");
    await page.getByLabel("Cơ quan ban hành").fill("Ban Thường vụ LĐLĐ tỉnh Lai Châu");
    await page.getByLabel("Trích yếu").fill("V/v Tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW");
    await page.getByLabel("Đường dẫn").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Thêm văn bản" }).click();
    await page.getByText("Đường dẫn phải bắt đầu bằng http:// hoặc https://.").waitFor();
    expect(await page.getByLabel("Số, ký hiệu").inputValue()).toBe("967/LĐLĐ");
    await page.getByLabel("Đường dẫn").fill("");
    await page.getByRole("button", { name: "Thêm văn bản" }).click();
    await page.getByRole("cell", { name: "967/LĐLĐ" }).waitFor();

    await page.goto(`${campaignUrl}/channels`);
    for (const form of ["Báo cáo viên, tuyên truyền viên", "Pa nô", "Bài viết"]) await page.getByLabel(form).check();
    await page.getByRole("button", { name: "Lưu", exact: true }).click();
    await page.waitForURL(/saved=1/);
    await page.getByLabel("Loại", { exact: true }).selectOption({ label: "Công đoàn cơ sở" });
    await page.getByLabel("Từ số đoàn viên").fill("1.000");
    await page.getByLabel("Số hoạt động tối thiểu").fill("4");
    await page.getByRole("button", { name: "Thêm chỉ tiêu" }).click();
    // The list item, not the form's hint, which gives the same words as its example.
    await page.locator("#targets li", { hasText: "Công đoàn cơ sở từ 1.000 đoàn viên: ít nhất 4 hoạt động" }).waitFor();

    await page.goto(campaignUrl);
    const text = await page.locator("main").textContent();
    for (const expected of ["Công văn số 967/LĐLĐ ngày 11/07/2022", "Nội hàm đối ngoại nhân dân", "Pa nô", "ít nhất 4 hoạt động", "Công đoàn cơ sở báo cáo kết quả trước ngày 10/12/2022"]) {
      expect(text).toContain(expected);
    }
    await page.screenshot({ path: `${SHOTS}/campaign-page.png`, fullPage: true });
    await page.context().close();

    const reader = await signedIn("coso.bientap");
    await reader.goto(campaignUrl);
    await reader.getByRole("heading", { name: "Quán triệt Chỉ thị 12-CT/TW (tạo lại)" }).waitFor();
    expect(await reader.getByRole("link", { name: "Sửa thông tin chung" }).count()).toBe(0);
    const response = await reader.goto(`${campaignUrl}/points`);
    expect(response?.status()).toBe(403);
    expect(await reader.locator("main").textContent()).toContain("không có quyền");
    await reader.context().close();
  });
});
