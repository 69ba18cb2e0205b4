/**
 * Demo guidance: the campaign of Công văn 967/LĐLĐ (Lai Châu, 11/7/2022), its source
 * documents and the content points of its section 1, quoted from the letter
 * (shared/seeds/004_0b34238a42a14946.txt).
 */
import type { CampaignStatus } from "@db/schema";
import type { DemoKindCode } from "@db/demo/organisation";

export interface DemoCampaign {
  title: string;
  summary: string;
  startsOn: string;
  endsOn: string;
  reportDueOn: string;
  status: CampaignStatus;
}

export const DEMO_CAMPAIGN: DemoCampaign = {
  title: "Tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW",
  summary:
    "Ban Thường vụ LĐLĐ tỉnh yêu cầu các cấp công đoàn trong tỉnh tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW ngày 05/01/2022 của Ban Bí thư và báo cáo kết quả về LĐLĐ tỉnh (qua Ban Tuyên giáo - Nữ công) trong báo cáo năm 2022.",
  startsOn: "2022-07-11",
  endsOn: "2022-12-31",
  reportDueOn: "2022-12-25",
  status: "active",
};

/** Which unit kinds report, and by when. */
export const DEMO_REPORTING_KINDS: readonly { kind: DemoKindCode; dueOn: string }[] = [
  { kind: "grassroots", dueOn: "2022-12-10" },
  { kind: "district", dueOn: "2022-12-18" },
  { kind: "sector", dueOn: "2022-12-18" },
  { kind: "civil_servant", dueOn: "2022-12-18" },
];

export interface DemoTarget {
  kind: DemoKindCode | null;
  minMembers: number | null;
  maxMembers: number | null;
  minActivities: number;
  memberCoveragePct: number | null;
}

/** Minimum activities per unit by kind and member band, and the member coverage aim. */
export const DEMO_TARGETS: readonly DemoTarget[] = [
  { kind: "grassroots", minMembers: 1000, maxMembers: null, minActivities: 4, memberCoveragePct: null },
  { kind: "grassroots", minMembers: 500, maxMembers: 999, minActivities: 2, memberCoveragePct: null },
  { kind: "district", minMembers: null, maxMembers: null, minActivities: 2, memberCoveragePct: null },
  { kind: "sector", minMembers: null, maxMembers: null, minActivities: 2, memberCoveragePct: null },
  { kind: "civil_servant", minMembers: null, maxMembers: null, minActivities: 2, memberCoveragePct: null },
  { kind: null, minMembers: null, maxMembers: null, minActivities: 0, memberCoveragePct: 70 },
];

export interface DemoSourceDocument {
  kind: "chi_thi" | "huong_dan" | "cong_van";
  number: string;
  issuedOn: string;
  issuer: string;
  title: string;
}

export const DEMO_SOURCE_DOCUMENTS: readonly DemoSourceDocument[] = [
  {
    kind: "chi_thi",
    number: "12-CT/TW",
    issuedOn: "2022-01-05",
    issuer: "Ban Bí thư Trung ương Đảng",
    title: "Về tăng cường sự lãnh đạo của Đảng, nâng cao hiệu quả công tác đối ngoại nhân dân trong tình hình mới",
  },
  {
    kind: "huong_dan",
    number: "71-HD/BTGTU",
    issuedOn: "2022-06-22",
    issuer: "Ban Tuyên giáo Tỉnh ủy Lai Châu",
    title: "Hướng dẫn tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW ngày 05/01/2022 của Ban Bí thư",
  },
  {
    kind: "cong_van",
    number: "967/LĐLĐ",
    issuedOn: "2022-07-11",
    issuer: "Ban Thường vụ LĐLĐ tỉnh Lai Châu",
    title: "V/v Tuyên truyền, phổ biến, quán triệt Chỉ thị số 12-CT/TW ngày 05/01/2022 của Ban Bí thư",
  },
];

export interface DemoPoint {
  code: string;
  title: string;
  details: string;
  /** Demo only (not stored): the phrase used in generated activity titles. */
  topic: string;
  /** Demo only (not stored): how often generated activities are tagged with the point. */
  weight: number;
  children: readonly DemoPoint[];
}

function task(n: number, title: string, details: string, topic: string, weight: number): DemoPoint {
  return { code: `1.4.${n}`, title, details, topic, weight, children: [] };
}

/** Section 1 of the letter, "Nội dung tuyên truyền", as a numbered tree. */
export const DEMO_CONTENT_POINTS: readonly DemoPoint[] = [
  {
    code: "1",
    title:
      "Chủ trương, đường lối, chính sách đối ngoại nhân dân của Đảng, Nhà nước; Kế hoạch của Tỉnh ủy thực hiện Chỉ thị 12-CT/TW",
    details:
      "Tuyên truyền chủ trương, đường lối, chính sách đối ngoại nhân dân của Đảng, Nhà nước. Kế hoạch của Tỉnh ủy thực hiện Chỉ thị số 12-CT/TW về đối ngoại nhân dân trong tình hình mới. Gắn tuyên truyền Chỉ thị số 12 CT/TW của Ban Bí thư với kết quả hoạt động đối ngoại nhân dân của tỉnh.",
    topic: "chủ trương, chính sách đối ngoại nhân dân",
    weight: 3,
    children: [
      {
        code: "1.1",
        title: "Nội hàm đối ngoại nhân dân",
        details:
          "Đối ngoại nhân dân là quan hệ và hoạt động đối ngoại giữa các cá nhân, tổ chức chính trị - xã hội, xã hội - nghề nghiệp, tổ chức phi chính phủ... của nước ta mà chủ thể chính là người dân, đoàn viên, hội viên Mặt trận Tổ quốc, các đoàn thể, các tổ chức nhân dân ở Trung ương và địa phương, với đối tác nước ngoài là các chính phủ, các đảng, các tổ chức phi chính phủ và tổ chức quần chúng của đảng, các doanh nghiệp, cá nhân người dân các nước.\n\nĐối ngoại nhân dân là kênh chia sẻ thông tin, các mối quan tâm chung, tăng cường hiểu biết và hợp tác trong nhiều lĩnh vực, góp phần quan trọng trong thúc đẩy quan hệ hữu nghị và hợp tác nhân dân, xây dựng nền tảng xã hội tích cực, thuận lợi giữa Việt Nam với các nước, phục vụ các nhiệm vụ bảo vệ, xây dựng và phát triển đất nước; đóng góp vào việc hoạch định, tuyên truyền và triển khai đường lối, chủ trương, chính sách của Đảng và pháp luật của Nhà nước; bảo vệ lợi ích quốc gia - dân tộc trong quá trình hội nhập và hợp tác quốc tế của đất nước.",
        topic: "nội hàm đối ngoại nhân dân",
        weight: 14,
        children: [],
      },
      {
        code: "1.2",
        title: "Trụ cột đối ngoại nhân dân",
        details:
          "Đối ngoại nhân dân là một trong ba trụ cột, cùng đối ngoại Đảng và ngoại giao Nhà nước tạo nên sức mạnh tổng hợp của đối ngoại Việt Nam. Trụ cột đối ngoại nhân dân với sự tham gia chủ động của các tổ chức nhân dân và người dân, có đặc thù phù hợp với hệ thống chính trị Việt Nam, thể hiện sự đoàn kết, nhất trí của dân tộc Việt Nam do Đảng Cộng sản Việt Nam lãnh đạo trên mặt trận đối ngoại. Đối ngoại nhân dân có quan hệ gắn kết chặt chẽ, thống nhất với hai trụ cột còn lại. Trong nhiều bối cảnh, điều kiện và đối tác cụ thể, đối ngoại nhân dân với phương thức linh hoạt, mềm dẻo có khả năng phát huy tốt vai trò tiên phong, đột phá trong triển khai nhiều nhiệm vụ đối ngoại quan trọng, qua đó hỗ trợ đắc lực và hiệu quả cho đối ngoại Đảng và ngoại giao Nhà nước.",
        topic: "ba trụ cột của đối ngoại Việt Nam",
        weight: 10,
        children: [],
      },
      {
        code: "1.3",
        title: "Mục tiêu của Chỉ thị 12-CT/TW",
        details:
          "Củng cố, nâng cao hiệu quả công tác đối ngoại nhân dân - một trong ba trụ cột của nền ngoại giao toàn diện, hiện đại của đất nước. Đối ngoại nhân dân, cùng với đối ngoại Đảng và ngoại giao Nhà nước, phát huy vai trò tiên phong trong việc tăng cường quan hệ hữu nghị, hợp tác với nhân dân các nước, góp phần tạo lập và giữ vững môi trường hòa bình, ổn định, bảo vệ vững chắc độc lập, chủ quyền quốc gia, bảo vệ toàn vẹn lãnh thổ và chế độ xã hội chủ nghĩa; bảo vệ lợi ích quốc gia - dân tộc; kết hợp sức mạnh dân tộc với sức mạnh thời đại, huy động các nguồn lực bên ngoài, sự đoàn kết, ủng hộ mạnh mẽ của nhân dân thế giới để phát triển đất nước, nâng cao vị thế và uy tín của đất nước; cùng với các lực lượng chính trị, xã hội và nhân dân tiến bộ trên thế giới phấn đấu vì hòa bình, độc lập dân tộc, dân chủ, hợp tác phát triển và tiến bộ xã hội.",
        topic: "mục tiêu của Chỉ thị 12-CT/TW",
        weight: 12,
        children: [],
      },
      {
        code: "1.4",
        title: "Tám nhiệm vụ trọng tâm của đối ngoại nhân dân",
        details:
          "Tám nhiệm vụ trọng tâm của đối ngoại nhân dân (cụ thể nêu tại Chỉ thị) gồm các nhiệm vụ (1) đến (8), nêu tại các mục 1.4.1 đến 1.4.8.",
        topic: "tám nhiệm vụ trọng tâm của đối ngoại nhân dân",
        weight: 3,
        children: [
          task(
            1,
            "Quán triệt, nâng cao nhận thức về vai trò, vị trí của đối ngoại nhân dân",
            "(1) Quán triệt, nâng cao nhận thức về vai trò, vị trí của đối ngoại nhân dân.",
            "vai trò, vị trí của đối ngoại nhân dân",
            9,
          ),
          task(
            2,
            "Tăng cường lãnh đạo của Đảng, quản lý của Nhà nước, phối hợp giữa các tổ chức nhân dân",
            "(2) Tăng cường sự lãnh đạo, chỉ đạo thống nhất, toàn diện của Đảng, sự quản lý tập trung, hiệu quả của Nhà nước, sự phối hợp thống nhất giữa các tổ chức nhân dân Việt Nam.",
            "sự lãnh đạo của Đảng đối với công tác đối ngoại nhân dân",
            5,
          ),
          task(
            3,
            "Chiến lược, kế hoạch phát triển quan hệ đối tác đối ngoại nhân dân",
            "(3) Xây dựng chiến lược, kế hoạch phát triển quan hệ đối tác đối ngoại nhân dân, đổi mới hình thức và nội dung hợp tác, mở rộng và nâng cao hiệu quả quan hệ.",
            "quan hệ đối tác đối ngoại nhân dân",
            3,
          ),
          task(
            4,
            "Nâng tầm đối ngoại đa phương; vận động, đấu tranh bảo vệ lợi ích quốc gia - dân tộc",
            "(4) Nâng tầm đối ngoại đa phương; đẩy mạnh và nâng cao hiệu quả công tác vận động, đấu tranh bảo vệ lợi ích quốc gia - dân tộc trong các hoạt động đối ngoại nhân dân; tích cực vận động, đa dạng hoá và quản lý, sử dụng hiệu quả nguồn lực quốc tế phục vụ phát triển kinh tế - xã hội, vì lợi ích quốc gia dân tộc.",
            "bảo vệ lợi ích quốc gia - dân tộc trong hoạt động đối ngoại",
            4,
          ),
          task(
            5,
            "Vận động người Việt Nam ở nước ngoài",
            "(5) Làm tốt công tác vận động người Việt Nam ở nước ngoài, phát huy vai trò cầu nối của cộng đồng người Việt Nam ở nước ngoài, góp phần thúc đẩy quan hệ tốt đẹp giữa Việt Nam với các nước.",
            "công tác vận động người Việt Nam ở nước ngoài",
            2,
          ),
          task(
            6,
            "Nâng cao hiệu quả thông tin đối ngoại nhân dân",
            "(6) Nâng cao hiệu quả công tác thông tin đối ngoại nhân dân, đổi mới mạnh mẽ nội dung, phương thức và tư duy về thông tin đối ngoại.",
            "công tác thông tin đối ngoại",
            6,
          ),
          task(
            7,
            "Nâng cao chất lượng nghiên cứu, tham mưu về đối ngoại nhân dân",
            "(7) Nâng cao chất lượng công tác nghiên cứu, tham mưu về đối ngoại nhân dân.",
            "công tác nghiên cứu, tham mưu về đối ngoại nhân dân",
            1,
          ),
          task(
            8,
            "Hoàn thiện pháp luật; kiện toàn tổ chức, bộ máy, cán bộ làm đối ngoại nhân dân",
            "(8) Nâng cao hiệu quả công tác xây dựng, hoàn thiện và thực thi hiệu quả hệ thống pháp luật về công tác đối ngoại nhân dân. Đổi mới, sắp xếp, kiện toàn tổ chức, bộ máy, biên chế làm đối ngoại nhân dân. Nâng cao chất lượng đội ngũ cán bộ làm công tác đối ngoại nhân dân.",
            "kiện toàn đội ngũ cán bộ làm đối ngoại nhân dân",
            1,
          ),
        ],
      },
    ],
  },
  {
    code: "2",
    title: "Vai trò, trách nhiệm của cấp ủy, tổ chức đảng, chính quyền các cấp trong công tác đối ngoại nhân dân",
    details:
      "Khẳng định vai trò, trách nhiệm của cấp ủy, tổ chức đảng, chính quyền các cấp trong lãnh đạo, chỉ đạo công tác đối ngoại nhân dân trong phạm vi, lĩnh vực, địa bàn quản lý, phụ trách. Công tác đối ngoại nhân dân là nhiệm vụ quan trọng, thường xuyên, liên tục cần có sự quan tâm của các cấp ủy, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội.",
    topic: "trách nhiệm của cấp ủy, chính quyền trong công tác đối ngoại nhân dân",
    weight: 6,
    children: [],
  },
  {
    code: "3",
    title: "Tôn vinh, nhân rộng mô hình hiệu quả, điển hình tiên tiến trong công tác đối ngoại nhân dân",
    details:
      "Tôn vinh và nhân rộng các mô hình hiệu quả, điển hình tiên tiến trong công tác đối ngoại nhân dân; phát hiện những bất cập trong quá trình triển khai thực hiện các chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về đối ngoại nhân dân.",
    topic: "mô hình hay, điển hình tiên tiến trong đối ngoại nhân dân",
    weight: 5,
    children: [],
  },
  {
    code: "4",
    title: "Phòng ngừa lộ lọt bí mật nhà nước; đấu tranh phản bác quan điểm sai trái, thù địch",
    details:
      "Tuyên truyền nâng cao nhận thức, chủ động phòng ngừa, ngăn chặn việc làm lộ lọt thông tin bí mật nhà nước trong quá trình tuyên truyền, đấu tranh phản bác các quan điểm sai trái, thù địch lợi dụng vấn đề đối ngoại, biên giới lãnh thổ... để xuyên tạc chủ trương, đường lối của Đảng, Nhà nước, làm tổn hại khối đại đoàn kết toàn dân tộc và mối quan hệ đối ngoại của Việt Nam, của tỉnh nhất là mối quan hệ truyền thống, tốt đẹp của Việt Nam, của tỉnh với các nước, các tỉnh của các nước láng giềng.",
    topic: "phòng ngừa lộ lọt bí mật nhà nước, phản bác quan điểm sai trái",
    weight: 8,
    children: [],
  },
];
