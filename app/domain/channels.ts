import type { ChannelCode } from "@db/schema";

export const CHANNEL_CODES = ["spoken", "visual", "media", "facebook"] as const satisfies readonly ChannelCode[];

export interface ChannelInfo {
  code: ChannelCode;
  /** Colour on the calendar and charts; chosen to stay distinct for colour-blind readers. */
  color: string;
  icon: string;
  /** Which figures a result of this channel records (see DOMAIN.md). */
  figures: readonly ("attendance" | "quantity" | "items" | "posts" | "reach" | "engagements")[];
}

export const CHANNELS: Record<ChannelCode, ChannelInfo> = {
  spoken: { code: "spoken", color: "#1f6feb", icon: "🗣", figures: ["attendance"] },
  visual: { code: "visual", color: "#b35900", icon: "🖼", figures: ["quantity"] },
  media: { code: "media", color: "#2e7d32", icon: "📰", figures: ["items"] },
  facebook: { code: "facebook", color: "#6f42c1", icon: "👍", figures: ["posts", "reach", "engagements"] },
};

export function isChannelCode(value: string): value is ChannelCode {
  return (CHANNEL_CODES as readonly string[]).includes(value);
}

/** Forms named by the union guidance (Công văn 967/LĐLĐ, section 2), seeded as shared forms. */
export const DEFAULT_FORMS: readonly { channel: ChannelCode; code: string; name: string; quantityUnit: string }[] = [
  { channel: "spoken", code: "bao_cao_vien", name: "Báo cáo viên, tuyên truyền viên", quantityUnit: "buổi" },
  { channel: "spoken", code: "sinh_hoat_cong_doan", name: "Sinh hoạt công đoàn", quantityUnit: "buổi" },
  { channel: "spoken", code: "hoi_nghi", name: "Hội nghị quán triệt", quantityUnit: "buổi" },
  { channel: "visual", code: "khau_hieu", name: "Khẩu hiệu, băng rôn", quantityUnit: "cái" },
  { channel: "visual", code: "pa_no", name: "Pa nô", quantityUnit: "cái" },
  { channel: "visual", code: "ap_phich", name: "Áp phích", quantityUnit: "tờ" },
  { channel: "visual", code: "to_roi", name: "Tờ rơi", quantityUnit: "tờ" },
  { channel: "visual", code: "sach_bao", name: "Sách, báo", quantityUnit: "cuốn" },
  { channel: "media", code: "bao_dai", name: "Báo, đài (phương tiện thông tin đại chúng)", quantityUnit: "tin, bài" },
  { channel: "media", code: "cong_ttdt", name: "Cổng thông tin điện tử công đoàn tỉnh", quantityUnit: "tin, bài" },
  { channel: "facebook", code: "fb_bai_viet", name: "Bài viết", quantityUnit: "bài" },
  { channel: "facebook", code: "fb_video", name: "Video", quantityUnit: "video" },
  { channel: "facebook", code: "fb_livestream", name: "Livestream", quantityUnit: "buổi" },
];
