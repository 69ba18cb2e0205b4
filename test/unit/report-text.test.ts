import { describe, expect, it } from "vitest";
import {
  basisParagraph,
  citeDocument,
  closingParagraph,
  contentDisposition,
  coverageParagraph,
  defaultRecipients,
  defaultReportNumber,
  exportFileName,
  headerLines,
  numberLine,
  placeFromUnitNames,
  reachMetric,
  reachPhrase,
  recipientLines,
  reportingParagraph,
  reportSummaryLine,
  resultsParagraph,
  slugify,
  visualBreakdown,
  visualItemPhrase,
  vietnameseDateLine,
  type ActivityFigures,
} from "~/domain/report-text";
import { hasReportFields, parseTallyQuery, reportOptionsSchema, resolveTallyDefaults } from "~/domain/tally-query";

const activity = (a: Partial<ActivityFigures> & Pick<ActivityFigures, "channel">): ActivityFigures => ({
  form_name: null,
  quantity: null,
  quantity_unit: null,
  reach: null,
  reach_source: null,
  ...a,
});

describe("the official format's lines (Nghị định 30/2020)", () => {
  it("zero-pads days under 10 and the months January and February only", () => {
    expect(vietnameseDateLine("Lai Châu", "2023-01-05")).toBe("Lai Châu, ngày 05 tháng 01 năm 2023");
    expect(vietnameseDateLine("Lai Châu", "2023-02-28")).toBe("Lai Châu, ngày 28 tháng 02 năm 2023");
    expect(vietnameseDateLine("Lai Châu", "2022-07-11")).toBe("Lai Châu, ngày 11 tháng 7 năm 2022");
    expect(vietnameseDateLine("Hà Nội", "2022-12-09")).toBe("Hà Nội, ngày 09 tháng 12 năm 2022");
  });

  it("takes the place from the nearest unit naming a province or city", () => {
    expect(placeFromUnitNames(["Liên đoàn Lao động tỉnh Lai Châu"])).toBe("Lai Châu");
    expect(placeFromUnitNames(["Công đoàn Trường THCS Bình Lư", "Liên đoàn Lao động huyện Tam Đường", "Liên đoàn Lao động tỉnh Lai Châu"])).toBe("Lai Châu");
    expect(placeFromUnitNames(["Liên đoàn Lao động thành phố Hà Nội"])).toBe("Hà Nội");
    expect(placeFromUnitNames(["Công đoàn Trường THCS Bình Lư"])).toBeNull();
  });

  it("numbers a report /BC-{initials}, leaving room for the register number", () => {
    expect(defaultReportNumber({ name: "Liên đoàn Lao động tỉnh Lai Châu", shortName: "LĐLĐ tỉnh Lai Châu", isGrassroots: false })).toBe("/BC-LĐLĐ");
    expect(defaultReportNumber({ name: "Công đoàn Trường THCS Bình Lư", shortName: "Trường THCS Bình Lư", isGrassroots: true })).toBe("/BC-CĐCS");
    expect(defaultReportNumber({ name: "Công đoàn ngành Y tế tỉnh Lai Châu", shortName: "Công đoàn ngành Y tế", isGrassroots: false })).toBe("/BC-CĐN");
    expect(numberLine("/BC-LĐLĐ")).toMatch(/^Số:\s{3,}\/BC-LĐLĐ$/);
    expect(numberLine("15/BC-LĐLĐ")).toBe("Số: 15/BC-LĐLĐ");
  });

  it("breaks a long body name before the place, within the width", () => {
    expect(headerLines("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", 22)).toEqual(["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH LAI CHÂU"]);
    expect(headerLines("BAN THƯỜNG VỤ", 22)).toEqual(["BAN THƯỜNG VỤ"]);
    expect(headerLines("CÔNG ĐOÀN CƠ QUAN UBND HUYỆN TAM ĐƯỜNG", 22)).toEqual(["CÔNG ĐOÀN CƠ QUAN UBND", "HUYỆN TAM ĐƯỜNG"]);
    for (const line of headerLines("CÔNG ĐOÀN CÔNG TY CỔ PHẦN THỦY ĐIỆN NẬM CHÀ HUYỆN NẬM NHÙN TỈNH LAI CHÂU", 20)) expect(line.length).toBeLessThanOrEqual(20);
  });

  it("says what the report is about without repeating the campaign's own verb", () => {
    expect(reportSummaryLine("Tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW")).toBe("Kết quả tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW");
    expect(reportSummaryLine("Nghị quyết số 02-NQ/TW về đổi mới tổ chức Công đoàn")).toBe("Kết quả tuyên truyền, phổ biến, quán triệt Nghị quyết số 02-NQ/TW về đổi mới tổ chức Công đoàn");
    expect(closingParagraph("Kết quả tuyên truyền Chỉ thị 12", "LĐLĐ tỉnh Lai Châu")).toBe("Trên đây là báo cáo kết quả tuyên truyền Chỉ thị 12 của LĐLĐ tỉnh Lai Châu./.");
  });

  it("cites the source documents in the 'Căn cứ' sentence", () => {
    const directive = { kind: "chi_thi", number: "12-CT/TW", issued_on: "2022-01-05", issuer: "Ban Bí thư", title: "Về tăng cường sự lãnh đạo của Đảng" };
    const letter = { kind: "cong_van", number: "967/LĐLĐ", issued_on: "2022-07-11", issuer: "Ban Thường vụ LĐLĐ tỉnh Lai Châu", title: "V/v Tuyên truyền Chỉ thị số 12-CT/TW" };
    const guidance = { kind: "huong_dan", number: "71-HD/BTGTU", issued_on: null, issuer: "Ban Tuyên giáo Tỉnh ủy", title: "Hướng dẫn tuyên truyền Chỉ thị 12" };
    expect(citeDocument(directive)).toBe("Chỉ thị số 12-CT/TW ngày 05/01/2022 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng");
    expect(citeDocument(letter)).toBe("Công văn số 967/LĐLĐ ngày 11/07/2022 của Ban Thường vụ LĐLĐ tỉnh Lai Châu về việc tuyên truyền Chỉ thị số 12-CT/TW");
    expect(citeDocument(guidance)).toBe("Hướng dẫn số 71-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy về tuyên truyền Chỉ thị 12");
    expect(basisParagraph([directive, letter], "LĐLĐ huyện Tam Đường", "Kết quả tuyên truyền Chỉ thị 12")).toBe(
      `Căn cứ ${citeDocument(directive)}; ${citeDocument(letter)}; LĐLĐ huyện Tam Đường báo cáo kết quả tuyên truyền Chỉ thị 12 như sau:`,
    );
    expect(basisParagraph([], "LĐLĐ huyện Tam Đường", "Kết quả tuyên truyền")).toBe("LĐLĐ huyện Tam Đường báo cáo kết quả tuyên truyền như sau:");
  });
});

describe("the results paragraph, phrased as union reports are", () => {
  const totals = {
    spoken: { activities: 42, attendance: 3150 },
    visual: { activities: 5, quantity: 1385 },
    media: { activities: 10, items: 24 },
    facebook: { activities: 30, posts: 30, reach: 15300, engagements: 900 },
  };
  const visuals = [
    activity({ channel: "visual", form_name: "Khẩu hiệu, băng rôn", quantity: 80, quantity_unit: "cái" }),
    activity({ channel: "visual", form_name: "Khẩu hiệu, băng rôn", quantity: 5, quantity_unit: "cái" }),
    activity({ channel: "visual", form_name: "Tờ rơi", quantity: 1200, quantity_unit: "tờ" }),
    activity({ channel: "visual", form_name: "Áp phích", quantity: 40, quantity_unit: "tờ" }),
    activity({ channel: "visual", form_name: "Pa nô", quantity: 60, quantity_unit: "cái" }),
  ];
  const posts = [activity({ channel: "facebook", reach: 15000, reach_source: "meta_reach" }), activity({ channel: "facebook", reach: 300, reach_source: "Meta Business Suite: Reach" })];

  it("writes sessions and attendances, visual items by form with their verbs, articles and Facebook figures, with '.' thousands", () => {
    const text = resultsParagraph({ from: "2022-07-11", to: "2022-12-31", subject: "LĐLĐ tỉnh Lai Châu và các công đoàn cấp dưới", totalActivities: 87, totals, activities: [...visuals, ...posts] });
    expect(text).toBe(
      "Từ ngày 11/07/2022 đến ngày 31/12/2022, LĐLĐ tỉnh Lai Châu và các công đoàn cấp dưới đã thực hiện 87 hoạt động tuyên truyền, trong đó: " +
        "tổ chức được 42 buổi tuyên truyền miệng cho 3.150 lượt đoàn viên, người lao động; treo 85 khẩu hiệu, băng rôn; dựng 60 pa nô; dán 40 tờ áp phích; cấp phát 1.200 tờ rơi; " +
        "đăng 24 tin, bài trên các phương tiện thông tin đại chúng, cổng thông tin điện tử; trang Facebook đăng 30 bài với 15.300 lượt tiếp cận, 900 lượt tương tác.",
    );
  });

  it("names the reach metrics when the figures were not all the same metric", () => {
    const mixed = [activity({ channel: "facebook", reach: 12000, reach_source: "meta_reach" }), activity({ channel: "facebook", reach: 3300, reach_source: "meta_views" })];
    const text = resultsParagraph({ from: "2022-07-11", to: "2022-12-31", subject: "X", totalActivities: 30, totals: { ...totals, spoken: { activities: 0, attendance: 0 }, visual: { activities: 0, quantity: 0 }, media: { activities: 0, items: 0 } }, activities: mixed });
    expect(text).toContain("trang Facebook đăng 30 bài với 15.300 lượt tiếp cận, lượt xem (gồm 12.000 lượt tiếp cận, 3.300 lượt xem), 900 lượt tương tác.");
    expect(reachPhrase(500, [{ metric: "views", reach: 500 }])).toBe("500 lượt xem");
    expect(reachMetric("insights_lifetime_impressions")).toBe("impressions");
    expect(reachMetric("Meta Business Suite: Views")).toBe("views");
    expect(reachMetric(null)).toBe("other");
  });

  it("says when nothing has been counted, and leaves out channels with nothing", () => {
    const none = { spoken: { activities: 0, attendance: 0 }, visual: { activities: 0, quantity: 0 }, media: { activities: 0, items: 0 }, facebook: { activities: 0, posts: 0, reach: 0, engagements: 0 } };
    expect(resultsParagraph({ from: "2022-07-11", to: "2022-07-31", subject: "CĐCS Bình Lư", totalActivities: 0, totals: none, activities: [] })).toBe(
      "Từ ngày 11/07/2022 đến ngày 31/07/2022, CĐCS Bình Lư chưa có hoạt động tuyên truyền nào được ghi nhận kết quả.",
    );
    const spokenOnly = resultsParagraph({ from: "2022-07-11", to: "2022-07-31", subject: "CĐCS Bình Lư", totalActivities: 2, totals: { ...none, spoken: { activities: 2, attendance: 60 } }, activities: [] });
    expect(spokenOnly).toBe("Từ ngày 11/07/2022 đến ngày 31/07/2022, CĐCS Bình Lư đã thực hiện 2 hoạt động tuyên truyền, trong đó: tổ chức được 2 buổi tuyên truyền miệng cho 60 lượt đoàn viên, người lao động.");
  });

  it("counts visual products in their own unit word", () => {
    expect(visualItemPhrase(1200, "Tờ rơi", "tờ")).toBe("1.200 tờ rơi");
    expect(visualItemPhrase(40, "Áp phích", "tờ")).toBe("40 tờ áp phích");
    expect(visualItemPhrase(50, "Sách, báo", "cuốn")).toBe("50 cuốn sách, báo");
    expect(visualItemPhrase(3, null, null)).toBe("3 sản phẩm trực quan khác");
    expect(visualBreakdown(visuals).reduce((s, v) => s + v.quantity, 0)).toBe(1385);
  });

  it("reports completeness, timeliness and member coverage in percent with a decimal comma", () => {
    expect(reportingParagraph({ expected: 6, submitted: 4, onTime: 3, memberCoverage: 0.6554 })).toBe(
      "Về báo cáo kết quả: 4/6 đơn vị phải báo cáo đã gửi báo cáo (đạt 66,7%), trong đó 3 đơn vị gửi đúng hạn (50%); còn 2 đơn vị chưa gửi báo cáo. " +
        "Tỷ lệ đoàn viên được tuyên truyền trực tiếp đạt 65,5% (lượt người dự tuyên truyền miệng của mỗi đơn vị tính tối đa bằng số đoàn viên của đơn vị).",
    );
    expect(reportingParagraph({ expected: 0, submitted: 0, onTime: 0, memberCoverage: null })).toBe("");
    expect(coverageParagraph([{ code: "1", activities: 3 }, { code: "2", activities: 0 }])).toBe("Có 1/2 nội dung tuyên truyền đã có hoạt động được tính; nội dung chưa có hoạt động: 2.");
  });
});

describe("recipients and file names", () => {
  it("writes the recipient list as the format does, archive line last", () => {
    expect(recipientLines("Tổng LĐLĐ Việt Nam (b/c)\n- Lưu: VT, TgNc.\n\n • Ban Tuyên giáo Tỉnh ủy;")).toEqual([
      "- Tổng LĐLĐ Việt Nam (b/c);",
      "- Ban Tuyên giáo Tỉnh ủy;",
      "- Lưu: VT, TgNc.",
    ]);
    expect(recipientLines("")).toEqual(["- Lưu: VT."]);
    expect(recipientLines(defaultRecipients(["LĐLĐ huyện Tam Đường"]))).toEqual(["- LĐLĐ huyện Tam Đường (b/c);", "- Lưu: VT."]);
  });

  it("names the files in ASCII after the campaign's document, the place and the year", () => {
    expect(slugify("Đông Thị Nghĩa, Lai Châu")).toBe("dong-thi-nghia-lai-chau");
    const input = { campaignTitle: "Tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW", unitName: "Liên đoàn Lao động tỉnh Lai Châu", unitShortName: "LĐLĐ tỉnh Lai Châu", from: "2022-07-11", to: "2022-12-31" };
    expect(exportFileName("tong-hop", input, "xlsx")).toBe("tong-hop-chi-thi-12-lai-chau-2022.xlsx");
    expect(exportFileName("bao-cao", { ...input, unitName: "Công đoàn Trường THCS Bình Lư", unitShortName: "Trường THCS Bình Lư", to: "2023-03-31" }, "docx")).toBe(
      "bao-cao-chi-thi-12-truong-thcs-binh-lu-2022-2023.docx",
    );
    expect(contentDisposition("tong-hop-chi-thi-12-lai-chau-2022.xlsx")).toBe(
      `attachment; filename="tong-hop-chi-thi-12-lai-chau-2022.xlsx"; filename*=UTF-8''tong-hop-chi-thi-12-lai-chau-2022.xlsx`,
    );
    expect(contentDisposition("báo cáo.docx")).toBe(`attachment; filename="bao cao.docx"; filename*=UTF-8''b%C3%A1o%20c%C3%A1o.docx`);
  });
});

describe("the tally's query and the report form", () => {
  const campaign = { id: 7, starts_on: "2022-07-11", ends_on: "2022-12-31" };

  it("falls back to the defaults for malformed values", () => {
    const query = parseTallyQuery(new URLSearchParams("campaign=abc&unit=-3&from=2022-02-30&to=31/12/2022"));
    expect(query).toEqual({ campaign: undefined, unit: undefined, from: undefined, to: "2022-12-31" });
    expect(resolveTallyDefaults(query, campaign, 42)).toEqual({ campaignId: 7, unitId: 42, from: "2022-07-11", to: "2022-12-31" });
  });

  it("keeps what was asked and turns a backwards period round", () => {
    const query = parseTallyQuery(new URLSearchParams("campaign=7&unit=9&from=2022-10-31&to=2022-10-01"));
    expect(resolveTallyDefaults(query, campaign, 42)).toEqual({ campaignId: 7, unitId: 9, from: "2022-10-01", to: "2022-10-31" });
  });

  it("validates the report fields with messages the form shows", () => {
    const good = { number: "15/BC-LĐLĐ", place: "Lai Châu", date: "05/01/2023", parentBody: "", issuingBody: "BAN THƯỜNG VỤ", authority: "TM. BAN THƯỜNG VỤ", signerPosition: "PHÓ CHỦ TỊCH", signerName: "Đông Thị Nghĩa", recipients: "Như trên\r\nLưu: VT" };
    const parsed = reportOptionsSchema.parse(good);
    expect(parsed).toMatchObject({ date: "2023-01-05", parentBody: null, recipients: "Như trên\nLưu: VT" });
    const bad = reportOptionsSchema.safeParse({ ...good, number: "=1+1", date: "31/02/2023", place: " ", issuingBody: "A\u0007B" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({ number: "exports.form.numberInvalid", date: "validation.invalidDate", place: "validation.required", issuingBody: "validation.invalid" });
    expect(hasReportFields(new URLSearchParams("campaign=1&unit=2"))).toBe(false);
    expect(hasReportFields(new URLSearchParams("campaign=1&number=15"))).toBe(true);
  });
});
