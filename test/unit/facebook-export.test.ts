import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  activityTitleOf,
  applyDefaultsToAll,
  exportTotals,
  importFormSchema,
  importFormShape,
  MAX_FB_IMPORT_BYTES,
  MAX_FB_IMPORT_ROWS,
  parseCount,
  parseFacebookExport,
  parsePublishTime,
  permalinkKey,
  postIdFromPermalink,
  type FacebookExport,
} from "~/domain/facebook-export";

const FIXTURES = join(import.meta.dirname, "../fixtures/facebook");
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const utf8 = (text: string) => new TextEncoder().encode(text);

function parsed(bytes: Uint8Array, name = "test.csv"): FacebookExport {
  const outcome = parseFacebookExport(bytes, name);
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.error)}`);
  return outcome.export;
}

function refusal(bytes: Uint8Array, name = "test.csv") {
  const outcome = parseFacebookExport(bytes, name);
  if (outcome.ok) throw new Error("expected a refusal");
  return outcome.error;
}

const usedMap = (e: FacebookExport) => Object.fromEntries(e.columns.used.map((u) => [u.field, u.headers.join(" + ")]));

describe("Facebook export fixtures", () => {
  it("reads the Page Insights post export: skips the description row, Pacific times, lifetime metrics", () => {
    const e = parsed(fixture("page-insights.csv"));
    expect(e.shape).toBe("page_insights");
    expect(e.encoding).toBe("utf-8");
    expect(e.descriptionRowSkipped).toBe(true);
    expect(e.problems).toEqual([]);
    expect(exportTotals(e.posts)).toEqual({ posts: 4, reach: 23041, views: 36849, engagements: 1860, shares: 240 });
    expect(usedMap(e)).toMatchObject({
      postId: "Post ID",
      permalink: "Permalink",
      message: "Post Message",
      publishedAt: "Posted",
      reach: "Lifetime Post Total Reach",
      views: "Lifetime Post Total Impressions",
      engagements:
        "Lifetime Talking About This (Post) by action type - like + Lifetime Talking About This (Post) by action type - comment + Lifetime Talking About This (Post) by action type - share",
      shares: "Lifetime Talking About This (Post) by action type - share",
    });
    expect(e.columns.used.find((u) => u.field === "reach")?.source).toBe("insights_lifetime_reach");
    expect(e.columns.used.find((u) => u.field === "views")?.source).toBe("insights_lifetime_impressions");
    expect(e.columns.ignored).toContain("Lifetime Engaged Users");
    expect(e.columns.unrecognised).toEqual([]);
    const [first, , third, fourth] = e.posts;
    // "pageid_postid" keeps the post's own id; rows numbered as a spreadsheet shows them.
    expect(first).toMatchObject({ line: 3, postId: "3356122334484201", reachSource: "insights_lifetime_reach", viewsSource: "insights_lifetime_impressions" });
    // 07/20/2022 06:15:00 PM Pacific (UTC-7 in summer) is 08:15 on 21/07 in Vietnam.
    expect(first.publishedAt.toISOString()).toBe("2022-07-21T01:15:00.000Z");
    expect(first.text).toMatch(/^Ban Thường vụ LĐLĐ tỉnh Lai Châu ban hành Công văn 967\/LĐLĐ/);
    expect(first.text).not.toContain("\n");
    expect(third.text).toContain("\"cầu nối\"");
    expect(fourth.publishedAt.toISOString()).toBe("2022-09-02T16:03:47.000Z");
  });

  it("reads the Business Suite export (UTF-8 with BOM, extra columns, quoted thousands)", () => {
    const e = parsed(fixture("business-suite.csv"));
    expect(e.shape).toBe("business_suite");
    expect(e.encoding).toBe("utf-8-bom");
    expect(e.descriptionRowSkipped).toBe(false);
    expect(e.dateOrder).toBe("mdy");
    expect(e.dateOrderFromFile).toBe(true);
    expect(e.problems).toEqual([]);
    expect(e.warnings).toEqual([]);
    expect(exportTotals(e.posts)).toEqual({ posts: 5, reach: 20765, views: 32791, engagements: 1542, shares: 134 });
    expect(usedMap(e)).toMatchObject({
      postId: "Post ID",
      permalink: "Permalink",
      title: "Title",
      publishedAt: "Publish time",
      reach: "Reach",
      views: "Views",
      engagements: "Reactions, Comments and Shares",
      shares: "Shares",
    });
    expect(e.columns.ignored).toEqual(expect.arrayContaining(["Page ID", "Date", "Total clicks", "Reactions", "Comments", "Reach from Organic posts"]));
    expect(e.columns.unrecognised).toEqual([]);
    expect(e.posts[0]).toMatchObject({ line: 2, postId: "122109834765043219", reachSource: "meta_reach", viewsSource: "meta_views" });
    // 10/03/2022 20:15 is 3 October, Vietnam time.
    expect(e.posts[0].publishedAt.toISOString()).toBe("2022-10-03T13:15:00.000Z");
    expect(e.posts[1]).toMatchObject({ views: 12905, text: "Clip: Đối ngoại nhân dân là gì? 1 phút hiểu Chỉ thị 12-CT/TW" });
  });

  it("reads the updated Business Suite export (another column set)", () => {
    const e = parsed(fixture("business-suite-updated.csv"));
    expect(exportTotals(e.posts)).toEqual({ posts: 6, reach: 22964, views: 35845, engagements: 1693, shares: 147 });
    expect(e.columns.ignored).toContain("Negative feedback from users: Hide all");
  });

  it("reads Vietnamese headers and dotted thousands", () => {
    const e = parsed(fixture("business-suite-vi.csv"));
    expect(e.shape).toBe("business_suite");
    expect(e.problems).toEqual([]);
    expect(e.warnings).toEqual([]); // "Trọn đời" is lifetime
    expect(exportTotals(e.posts)).toEqual({ posts: 4, reach: 3508, views: 5013, engagements: 291, shares: 31 });
    expect(usedMap(e)).toMatchObject({
      postId: "ID bài viết",
      permalink: "Liên kết cố định",
      title: "Tiêu đề",
      publishedAt: "Thời gian đăng",
      reach: "Số người tiếp cận",
      views: "Lượt xem",
      engagements: "Cảm xúc, bình luận và lượt chia sẻ",
      shares: "Lượt chia sẻ",
    });
    expect(e.columns.ignored).toContain("Tổng lượt click");
    expect(e.posts[0]).toMatchObject({ views: 1284, reach: 902, reachSource: "meta_reach" });
    expect(e.posts[1].reach).toBe(1377);
  });

  it("reads UTF-16 LE with a BOM and a sep=, first line", () => {
    const bytes = fixture("business-suite-utf16.csv");
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const e = parsed(bytes);
    expect(e.encoding).toBe("utf-16le");
    expect(e.delimiter).toBe(",");
    expect(exportTotals(e.posts)).toEqual({ posts: 3, reach: 931, views: 1330, engagements: 136, shares: 7 });
    expect(e.posts[0].text).toMatch(/^Công đoàn Trường THCS Bình Lư tuyên truyền Chỉ thị 12-CT\/TW/);
  });

  it("refuses the malformed and the empty fixtures with a message key", () => {
    expect(refusal(fixture("malformed.csv")).key).toBe("fbImport.error.malformed");
    expect(refusal(fixture("empty.csv")).key).toBe("fbImport.error.empty");
  });
});

describe("Facebook export refusals", () => {
  it("refuses more than 10 MB before reading it (a 50 MB buffer)", () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    expect(refusal(big)).toEqual({ key: "fbImport.error.tooBig", params: { size: "10 MB" } });
    expect(refusal(new Uint8Array(MAX_FB_IMPORT_BYTES + 1).fill(0x41)).key).toBe("fbImport.error.tooBig");
  });

  it("refuses blank, binary, spreadsheet and badly encoded files", () => {
    expect(refusal(utf8("\uFEFF\r\n  \r\n")).key).toBe("fbImport.error.empty");
    expect(refusal(utf8("sep=,\r\n")).key).toBe("fbImport.error.empty");
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])).key).toBe("fbImport.error.notCsv");
    expect(refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), "posts.xlsx").key).toBe("fbImport.error.spreadsheet");
    expect(refusal(new Uint8Array([1, 0, 2, 0, 0, 3, 0, 0, 7, 8, 0, 0, 9])).key).toBe("fbImport.error.notCsv");
    // Windows-1258 / Latin-1 bytes are not UTF-8.
    expect(refusal(new Uint8Array([0x50, 0x6f, 0x73, 0x74, 0x20, 0x49, 0x44, 0xe9, 0x0a])).key).toBe("fbImport.error.encoding");
  });

  it("refuses a file with no recognised column, or without the required ones", () => {
    expect(refusal(utf8("Họ và tên,Ngày sinh\nNguyễn Văn A,01/01/1990\n")).key).toBe("fbImport.error.noColumns");
    expect(refusal(utf8("Post ID,Reach\n1,2\n"))).toEqual({ key: "fbImport.error.missingColumns", params: { columns: "Publish time / Posted / Thời gian đăng" } });
    expect(refusal(utf8("Title,Publish time,Reach\nA,09/01/2025 21:13,2\n")).key).toBe("fbImport.error.missingColumns");
    expect(refusal(utf8("Post ID,Publish time,Reach\n")).key).toBe("fbImport.error.noRows");
  });

  it(`refuses more than ${MAX_FB_IMPORT_ROWS} rows`, () => {
    const rows = Array.from({ length: MAX_FB_IMPORT_ROWS + 1 }, (_, i) => `${1000 + i},09/01/2025 21:13,${i}`);
    const error = refusal(utf8(`Post ID,Publish time,Reach\n${rows.join("\n")}\n`));
    expect(error).toEqual({ key: "fbImport.error.tooManyRows", params: { max: MAX_FB_IMPORT_ROWS, rows: MAX_FB_IMPORT_ROWS + 1 } });
    const exactly = parsed(utf8(`Post ID,Publish time,Reach\n${rows.slice(1).join("\n")}\n`));
    expect(exactly.posts).toHaveLength(MAX_FB_IMPORT_ROWS);
  });
});

describe("Facebook export rows", () => {
  it("reports bad numbers, bad dates, missing ids and repeats with row numbers, and keeps the good rows", () => {
    const csv = [
      "Post ID,Permalink,Publish time,Reach,Views,Shares",
      "101,https://www.facebook.com/p/posts/101,09/01/2025 21:13,\"1,200\",2 400,5",
      "102,,09/02/2025 08:00,abc,10,1",
      "103,,31/02/2025 08:00,10,10,1",
      ",,09/03/2025 08:00,10,10,1",
      "104,not a link,09/03/2025 08:00,10,10,1",
      "",
      "101,,09/04/2025 08:00,10,10,1",
      "105,,,10,10,1",
      "106,,09/05/2025 9:05 PM,-,,0",
    ].join("\r\n");
    const e = parsed(utf8(csv));
    expect(e.totalRows).toBe(8);
    expect(e.posts.map((p) => [p.line, p.postId, p.reach, p.views, p.shares])).toEqual([
      [2, "101", 1200, 2400, 5],
      [10, "106", null, null, 0],
    ]);
    expect(e.posts[1].publishedAt.toISOString()).toBe("2025-09-05T14:05:00.000Z");
    expect(e.posts[1].reachSource).toBeNull();
    expect(e.problems.map((p) => [p.line, p.errors.map((x) => x.key)])).toEqual([
      [3, ["fbImport.row.badNumber"]],
      [4, ["fbImport.row.badDate"]],
      [5, ["fbImport.row.noId"]],
      [6, ["fbImport.row.badPermalink"]],
      [8, ["fbImport.row.duplicate"]],
      [9, ["fbImport.row.noDate"]],
    ]);
    expect(e.problems[0].errors[0].params).toEqual({ column: "Reach", value: "abc" });
    expect(e.problems[4].errors[0].params).toEqual({ line: 2 });
  });

  it("sums reactions, comments and shares when no total column is given", () => {
    const e = parsed(utf8("Post ID,Publish time,Cảm xúc,Bình luận,Lượt chia sẻ\n1,09/01/2025 21:13,10,2,3\n2,09/01/2025 21:14,,,\n"));
    expect(e.posts.map((p) => p.engagements)).toEqual([15, null]);
    expect(e.columns.used.find((u) => u.field === "engagements")).toMatchObject({ rule: "sum", headers: ["Cảm xúc", "Bình luận", "Lượt chia sẻ"] });
    expect(e.provides).toEqual({ reach: false, views: false, engagements: true, shares: true });
  });

  it("reads day-first dates when the file shows them, semicolons from a sep= line, UTF-16 BE", () => {
    const text = "sep=;\nPost ID;Thời gian đăng;Lượt xem\n1;25/10/2022 20:00;5\n2;03/11/2022 07:00;6\n";
    const e = parsed(utf8(text));
    expect(e.delimiter).toBe(";");
    expect(e.dateOrder).toBe("dmy");
    expect(e.posts.map((p) => p.publishedAt.toISOString())).toEqual(["2022-10-25T13:00:00.000Z", "2022-11-03T00:00:00.000Z"]);
    expect(e.posts[0]).toMatchObject({ views: 5, viewsSource: "meta_views", reach: null, reachSource: null });
    const be = new Uint8Array(2 + text.length * 2);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) be.set([text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff], 2 + i * 2);
    expect(parsed(be).encoding).toBe("utf-16be");
    expect(exportTotals(parsed(be).posts).views).toBe(11);
  });

  it("warns when figures are not lifetime figures", () => {
    const e = parsed(utf8("Post ID,Publish time,Date,Reach\n1,09/01/2025 21:13,09/01/2025,5\n"));
    expect(e.warnings).toEqual([{ key: "fbImport.warning.notLifetime", params: { column: "Date" } }]);
  });
});

describe("Facebook export cells", () => {
  it("reads counts with thousands separators", () => {
    expect(parseCount("1,234,567")).toEqual({ ok: true, value: 1234567 });
    expect(parseCount("1.234")).toEqual({ ok: true, value: 1234 });
    expect(parseCount("1 234")).toEqual({ ok: true, value: 1234 });
    expect(parseCount("1\u00a0234")).toEqual({ ok: true, value: 1234 });
    expect(parseCount("812.0")).toEqual({ ok: true, value: 812 });
    expect(parseCount("")).toEqual({ ok: true, value: null });
    expect(parseCount("--")).toEqual({ ok: true, value: null });
    expect(parseCount("12.5").ok).toBe(false);
    expect(parseCount("1,23").ok).toBe(false);
    expect(parseCount("-3").ok).toBe(false);
    expect(parseCount("1.2K").ok).toBe(false);
  });

  it("reads publish times in the given zone, with AM/PM (and SA/CH) or an ISO offset", () => {
    const vn = "Asia/Ho_Chi_Minh";
    expect(parsePublishTime("09/01/2025 21:13", "mdy", vn)?.toISOString()).toBe("2025-09-01T14:13:00.000Z");
    expect(parsePublishTime("01/19/2017 09:03:47 AM", "mdy", "America/Los_Angeles")?.toISOString()).toBe("2017-01-19T17:03:47.000Z");
    expect(parsePublishTime("01/19/2017 12:10:00 AM", "mdy", vn)?.toISOString()).toBe("2017-01-18T17:10:00.000Z");
    expect(parsePublishTime("19/01/2017 12:10 CH", "dmy", vn)?.toISOString()).toBe("2017-01-19T05:10:00.000Z");
    expect(parsePublishTime("2025-09-01T21:13:00+0000", "mdy", vn)?.toISOString()).toBe("2025-09-01T21:13:00.000Z");
    expect(parsePublishTime("2025-09-01 21:13", "mdy", vn)?.toISOString()).toBe("2025-09-01T14:13:00.000Z");
    expect(parsePublishTime("13/13/2025 10:00", "mdy", vn)).toBeNull();
    expect(parsePublishTime("09/01/2025 25:00", "mdy", vn)).toBeNull();
    expect(parsePublishTime("09/01/2025 13:00 PM", "mdy", vn)).toBeNull();
    expect(parsePublishTime("Lifetime", "mdy", vn)).toBeNull();
  });

  it("reduces permalinks to what identifies the post", () => {
    expect(permalinkKey("https://m.facebook.com/congdoanlaichau/posts/123/?ref=share&__tn__=K")).toBe("facebook.com/congdoanlaichau/posts/123");
    expect(permalinkKey("https://www.facebook.com/congdoanlaichau/posts/123")).toBe("facebook.com/congdoanlaichau/posts/123");
    expect(permalinkKey("https://www.facebook.com/permalink.php?story_fbid=55&id=66&ref=x")).toBe("facebook.com/permalink.php?story_fbid=55&id=66");
    expect(permalinkKey("javascript:alert(1)")).toBeNull();
    expect(postIdFromPermalink("https://www.facebook.com/x/videos/3379421576153612/")).toBe("3379421576153612");
    expect(postIdFromPermalink("https://www.facebook.com/permalink.php?story_fbid=55&id=66")).toBe("55");
    expect(postIdFromPermalink("https://www.facebook.com/x/posts/pfbid0aZ1")).toBeNull();
  });

  it("makes a new activity's title from the post text", () => {
    expect(activityTitleOf({ text: "Ngắn gọn" }, "fallback")).toBe("Ngắn gọn");
    expect(activityTitleOf({ text: null }, "Bài đăng Facebook 01/09/2025 21:13")).toBe("Bài đăng Facebook 01/09/2025 21:13");
    const long = activityTitleOf({ text: "Công đoàn Lai Châu tuyên truyền Chỉ thị 12-CT/TW ".repeat(10) }, "x");
    expect(long.length).toBeLessThanOrEqual(150);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("the preview form", () => {
  it("reads the choices for all rows and per row; unticked rows are excluded", () => {
    const form = new FormData();
    form.set("intent", "commit");
    form.set("payload", "v1.x");
    form.set("unitId", "11");
    form.set("campaignId", "1");
    form.append("pointIds", "2");
    form.append("pointIds", "3");
    for (const i of ["0", "1", "2"]) form.append("row", i);
    form.append("include", "0");
    form.append("include", "2");
    form.set("unitId.2", "14");
    form.set("campaignId.2", "");
    form.append("pointIds.2", "4");
    const parsedForm = importFormSchema.parse(importFormShape(form));
    expect(parsedForm.intent).toBe("commit");
    expect(parsedForm.choices).toEqual({
      defaults: { unitId: 11, campaignId: 1, pointIds: [2, 3] },
      rows: {
        0: { include: true, unitId: null, campaignId: null, pointIds: [] },
        1: { include: false, unitId: null, campaignId: null, pointIds: [] },
        2: { include: true, unitId: 14, campaignId: null, pointIds: [4] },
      },
    });
    expect(applyDefaultsToAll(parsedForm.choices).rows).toEqual({
      0: { include: true, unitId: 11, campaignId: 1, pointIds: [2, 3] },
      1: { include: false, unitId: 11, campaignId: 1, pointIds: [2, 3] },
      2: { include: true, unitId: 11, campaignId: 1, pointIds: [2, 3] },
    });
  });

  it("refuses a form without the carried export or with bad ids", () => {
    const form = new FormData();
    form.set("intent", "commit");
    expect(importFormSchema.safeParse(importFormShape(form)).success).toBe(false);
    form.set("payload", "x");
    form.set("unitId", "abc");
    expect(importFormSchema.safeParse(importFormShape(form)).success).toBe(false);
  });
});
