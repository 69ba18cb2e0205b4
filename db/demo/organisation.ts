/**
 * Demo organisation: the trade-union tree of Lai Châu province as it stood in 2022,
 * the recipients of Công văn 967/LĐLĐ (11/7/2022). Names are realistic, figures invented.
 *
 * Member counts sit on grassroots unions only (đoàn viên belong to a CĐCS); the levels
 * above carry 0 so a roll-up never counts a member twice.
 */

export type DemoKindCode = "province" | "department" | "district" | "sector" | "civil_servant" | "grassroots";

export interface DemoUnitKind {
  code: DemoKindCode;
  name: string;
  level: number;
  isGrassroots: boolean;
}

export const DEMO_UNIT_KINDS: readonly DemoUnitKind[] = [
  { code: "province", name: "Liên đoàn Lao động tỉnh", level: 1, isGrassroots: false },
  { code: "department", name: "Ban chuyên môn", level: 2, isGrassroots: false },
  { code: "district", name: "LĐLĐ huyện, thành phố", level: 2, isGrassroots: false },
  { code: "sector", name: "Công đoàn ngành", level: 2, isGrassroots: false },
  { code: "civil_servant", name: "Công đoàn Viên chức", level: 2, isGrassroots: false },
  { code: "grassroots", name: "Công đoàn cơ sở", level: 3, isGrassroots: true },
];

export interface DemoUnit {
  code: string;
  name: string;
  shortName: string;
  kind: DemoKindCode;
  members: number;
  openedOn: string;
  closedOn: string | null;
  children: readonly DemoUnit[];
}

/** A grassroots union (CĐCS); its short name is its name without the leading "Công đoàn". */
function cs(code: string, name: string, members: number, openedOn: string, closedOn: string | null = null): DemoUnit {
  const rest = name.replace(/^Công đoàn /, "");
  const shortName = rest.charAt(0).toUpperCase() + rest.slice(1);
  return { code, name, shortName, kind: "grassroots", members, openedOn, closedOn, children: [] };
}

/** A unit above grassroots level (members 0: its members are counted in its CĐCS). */
function upper(
  code: string,
  kind: DemoKindCode,
  name: string,
  shortName: string,
  openedOn: string,
  children: readonly DemoUnit[] = [],
): DemoUnit {
  return { code, name, shortName, kind, members: 0, openedOn, closedOn: null, children };
}

/** Two schools of Sơn Bình merged on 01/10/2022: the old unions close, the new one opens. */
export const DEMO_MERGER = { closedOn: "2022-09-30", openedOn: "2022-10-01" } as const;

export const DEMO_ORGANISATION: DemoUnit = upper(
  "LC",
  "province",
  "Liên đoàn Lao động tỉnh Lai Châu",
  "LĐLĐ tỉnh Lai Châu",
  "2004-01-01",
  [
    upper("LC-TGNC", "department", "Ban Tuyên giáo - Nữ công", "Ban Tuyên giáo - Nữ công", "2004-01-01"),

    upper("LC-TP", "district", "Liên đoàn Lao động thành phố Lai Châu", "LĐLĐ thành phố Lai Châu", "2004-01-01", [
      cs("LC-TP-001", "Công đoàn cơ quan UBND thành phố Lai Châu", 96, "2004-03-01"),
      cs("LC-TP-002", "Công đoàn Trường THCS Đoàn Kết", 48, "2005-09-05"),
      cs("LC-TP-003", "Công đoàn Trường Mầm non Tân Phong", 36, "2007-08-20"),
      cs("LC-TP-004", "Công đoàn Trường Tiểu học Quyết Thắng", 42, "2005-09-05"),
      cs("LC-TP-005", "Công đoàn Công ty TNHH Xây dựng Hoàng Long", 1060, "2012-05-14"),
      cs("LC-TP-006", "Công đoàn cơ quan UBND phường Quyết Tiến", 24, "2014-01-10"),
      cs("LC-TP-007", "Công đoàn Công ty Cổ phần Môi trường và Đô thị Lai Châu", 132, "2009-06-01"),
    ]),

    upper("LC-TD", "district", "Liên đoàn Lao động huyện Tam Đường", "LĐLĐ huyện Tam Đường", "2004-01-01", [
      cs("LC-TD-001", "Công đoàn cơ quan UBND huyện Tam Đường", 78, "2004-02-16"),
      cs("LC-TD-002", "Công đoàn Trường THCS thị trấn Tam Đường", 34, "2004-09-05"),
      cs("LC-TD-003", "Công đoàn Trường THCS Bình Lư", 31, "2006-09-04"),
      cs("LC-TD-004", "Công đoàn Trường Mầm non Bình Lư", 27, "2006-09-04"),
      cs("LC-TD-005", "Công đoàn Trường PTDTBT THCS Bản Giang", 24, "2008-09-03"),
      cs("LC-TD-006", "Công đoàn Công ty Cổ phần Chè Tam Đường", 560, "2010-04-12"),
      cs("LC-TD-007", "Công đoàn cơ quan UBND xã Bản Bo", 21, "2012-03-08"),
      cs("LC-TD-008", "Công đoàn cơ quan UBND xã Nà Tăm", 19, "2012-03-08"),
      cs("LC-TD-009", "Công đoàn Trường Mầm non Hồ Thầu", 26, "2009-09-05"),
      cs("LC-TD-010", "Công đoàn Trường Tiểu học Khun Há", 27, "2010-09-05"),
      cs("LC-TD-011", "Công đoàn Trường Tiểu học Sơn Bình", 22, "2007-09-05", DEMO_MERGER.closedOn),
      cs("LC-TD-012", "Công đoàn Trường THCS Sơn Bình", 19, "2007-09-05", DEMO_MERGER.closedOn),
      cs("LC-TD-013", "Công đoàn Trường PTDTBT Tiểu học và THCS Sơn Bình", 41, DEMO_MERGER.openedOn),
    ]),

    upper("LC-PT", "district", "Liên đoàn Lao động huyện Phong Thổ", "LĐLĐ huyện Phong Thổ", "2004-01-01", [
      cs("LC-PT-001", "Công đoàn cơ quan UBND huyện Phong Thổ", 84, "2004-02-20"),
      cs("LC-PT-002", "Công đoàn Trường THCS Mường So", 29, "2006-09-05"),
      cs("LC-PT-003", "Công đoàn Trường Mầm non Dào San", 33, "2008-09-05"),
      cs("LC-PT-004", "Công đoàn Trường PTDTBT THCS Sì Lở Lầu", 26, "2009-09-05"),
      cs("LC-PT-005", "Công đoàn Thủy điện Nậm Na 2", 46, "2015-08-03"),
      cs("LC-PT-006", "Công đoàn cơ quan UBND xã Khổng Lào", 17, "2012-04-02"),
    ]),

    upper("LC-SH", "district", "Liên đoàn Lao động huyện Sìn Hồ", "LĐLĐ huyện Sìn Hồ", "2004-01-01", [
      cs("LC-SH-001", "Công đoàn cơ quan UBND huyện Sìn Hồ", 81, "2004-02-18"),
      cs("LC-SH-002", "Công đoàn Trường THCS thị trấn Sìn Hồ", 36, "2005-09-05"),
      cs("LC-SH-003", "Công đoàn Trường PTDTBT THCS Pa Tần", 28, "2009-09-05"),
      cs("LC-SH-004", "Công đoàn Trường Mầm non Tả Phìn", 23, "2010-09-05"),
      cs("LC-SH-005", "Công đoàn Công ty Cổ phần Thủy điện Nậm Tăm", 38, "2017-03-15"),
    ]),

    upper("LC-MT", "district", "Liên đoàn Lao động huyện Mường Tè", "LĐLĐ huyện Mường Tè", "2004-01-01", [
      cs("LC-MT-001", "Công đoàn cơ quan UBND huyện Mường Tè", 72, "2004-02-25"),
      cs("LC-MT-002", "Công đoàn Trường PTDTBT THCS Ka Lăng", 25, "2008-09-05"),
      cs("LC-MT-003", "Công đoàn Trường Mầm non Bum Tở", 21, "2011-09-05"),
      cs("LC-MT-004", "Công đoàn Trường Tiểu học thị trấn Mường Tè", 30, "2006-09-05"),
      cs("LC-MT-005", "Công đoàn cơ quan UBND xã Pa Ủ", 14, "2013-05-06"),
    ]),

    upper("LC-NN", "district", "Liên đoàn Lao động huyện Nậm Nhùn", "LĐLĐ huyện Nậm Nhùn", "2013-01-02", [
      cs("LC-NN-001", "Công đoàn cơ quan UBND huyện Nậm Nhùn", 64, "2013-02-01"),
      cs("LC-NN-002", "Công đoàn Trường THCS Nậm Hàng", 27, "2013-03-01"),
      cs("LC-NN-003", "Công đoàn Trường Mầm non Lê Lợi", 22, "2013-03-01"),
      cs("LC-NN-004", "Công đoàn Công ty Cổ phần Thủy điện Nậm Chà", 35, "2016-07-01"),
      cs("LC-NN-005", "Công đoàn cơ quan UBND xã Mường Mô", 15, "2013-04-01"),
    ]),

    upper("LC-TU", "district", "Liên đoàn Lao động huyện Tân Uyên", "LĐLĐ huyện Tân Uyên", "2009-04-01", [
      cs("LC-TU-001", "Công đoàn cơ quan UBND huyện Tân Uyên", 74, "2009-05-04"),
      cs("LC-TU-002", "Công đoàn Trường THCS Trung Đồng", 32, "2009-09-05"),
      cs("LC-TU-003", "Công đoàn Trường Mầm non Phúc Khoa", 24, "2010-09-05"),
      cs("LC-TU-004", "Công đoàn Công ty Cổ phần Chè Tân Uyên", 740, "2011-03-15"),
      cs("LC-TU-005", "Công đoàn cơ quan UBND xã Thân Thuộc", 18, "2012-03-08"),
      cs("LC-TU-006", "Công đoàn Trường PTDTBT THCS Nậm Sỏ", 26, "2010-09-05"),
    ]),

    upper("LC-THU", "district", "Liên đoàn Lao động huyện Than Uyên", "LĐLĐ huyện Than Uyên", "2004-01-01", [
      cs("LC-THU-001", "Công đoàn cơ quan UBND huyện Than Uyên", 86, "2004-02-16"),
      cs("LC-THU-002", "Công đoàn Trường THCS Mường Than", 33, "2005-09-05"),
      cs("LC-THU-003", "Công đoàn Trường Mầm non Phúc Than", 28, "2007-09-05"),
      cs("LC-THU-004", "Công đoàn Công ty Cổ phần Chè Than Uyên", 1120, "2005-06-01"),
      cs("LC-THU-005", "Công đoàn Công ty Cổ phần Thủy điện Mường Kim", 42, "2014-11-20"),
      cs("LC-THU-006", "Công đoàn cơ quan UBND xã Tà Hừa", 16, "2012-03-08"),
    ]),

    upper("LC-GD", "sector", "Công đoàn ngành Giáo dục tỉnh Lai Châu", "Công đoàn ngành Giáo dục", "2004-01-01", [
      cs("LC-GD-001", "Công đoàn cơ quan Sở Giáo dục và Đào tạo", 52, "2004-03-01"),
      cs("LC-GD-002", "Công đoàn Trường THPT chuyên Lê Quý Đôn", 78, "2006-09-05"),
      cs("LC-GD-003", "Công đoàn Trường THPT thành phố Lai Châu", 64, "2005-09-05"),
      cs("LC-GD-004", "Công đoàn Trường Phổ thông Dân tộc nội trú tỉnh", 58, "2004-09-05"),
      cs("LC-GD-005", "Công đoàn Trường THPT Tam Đường", 55, "2004-09-05"),
      cs("LC-GD-006", "Công đoàn Trường Cao đẳng Cộng đồng Lai Châu", 142, "2008-10-15"),
    ]),

    upper("LC-YT", "sector", "Công đoàn ngành Y tế tỉnh Lai Châu", "Công đoàn ngành Y tế", "2004-01-01", [
      cs("LC-YT-001", "Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu", 640, "2004-04-01"),
      cs("LC-YT-002", "Công đoàn Trung tâm Kiểm soát bệnh tật tỉnh", 96, "2018-07-01"),
      cs("LC-YT-003", "Công đoàn Trung tâm Y tế huyện Tam Đường", 168, "2006-01-10"),
      cs("LC-YT-004", "Công đoàn Trung tâm Y tế huyện Phong Thổ", 192, "2006-01-10"),
      cs("LC-YT-005", "Công đoàn Trung tâm Y tế huyện Sìn Hồ", 176, "2006-01-10"),
      cs("LC-YT-006", "Công đoàn Trung tâm Y tế huyện Mường Tè", 154, "2006-01-10"),
      cs("LC-YT-007", "Công đoàn Trung tâm Y tế huyện Than Uyên", 185, "2006-01-10"),
    ]),

    upper("LC-VC", "civil_servant", "Công đoàn Viên chức tỉnh Lai Châu", "Công đoàn Viên chức tỉnh", "2004-01-01", [
      cs("LC-VC-001", "Công đoàn cơ quan Văn phòng UBND tỉnh", 86, "2004-02-10"),
      cs("LC-VC-002", "Công đoàn Sở Tài chính", 58, "2004-02-10"),
      cs("LC-VC-003", "Công đoàn Sở Kế hoạch và Đầu tư", 47, "2004-02-10"),
      cs("LC-VC-004", "Công đoàn Sở Nông nghiệp và Phát triển nông thôn", 132, "2004-02-10"),
      cs("LC-VC-005", "Công đoàn Sở Văn hóa, Thể thao và Du lịch", 96, "2008-08-01"),
      cs("LC-VC-006", "Công đoàn Sở Ngoại vụ", 26, "2004-02-10"),
    ]),

    cs("LC-CS-001", "Công đoàn Công ty Cổ phần Cao su Lai Châu", 1380, "2008-01-15"),
    cs("LC-CS-002", "Công đoàn Công ty Cổ phần Đường bộ Lai Châu", 515, "2005-03-21"),
    cs("LC-CS-003", "Công đoàn Công ty Cổ phần Cấp nước Lai Châu", 186, "2006-06-01"),
    cs("LC-CS-004", "Công đoàn cơ quan LĐLĐ tỉnh Lai Châu", 28, "2004-01-15"),
  ],
);
