import type { MessageTable } from "../message-table";

/** Texts of planning activities and the calendar. */
export const activitiesMessages = {
  "activities.unitNotInCampaign": { vi: "Đơn vị này không thuộc phạm vi áp dụng của kế hoạch đã chọn.", en: "This unit is outside the chosen campaign's scope." },
  "activities.unitClosed": { vi: "Đơn vị chưa thành lập hoặc đã giải thể vào ngày này.", en: "The unit was not open on this date." },
  "activities.formNotInChannel": { vi: "Hình thức này không thuộc kênh đã chọn.", en: "This form does not belong to the chosen channel." },
  "activities.pointNotInCampaign": { vi: "Có nội dung không thuộc kế hoạch đã chọn.", en: "Some points do not belong to the chosen campaign." },
  "activities.invalidTime": { vi: "Giờ không hợp lệ (định dạng HH:mm, ví dụ 08:00).", en: "Invalid time (HH:mm, e.g. 08:00)." },
  "activities.endBeforeStart": { vi: "Thời gian kết thúc phải sau thời gian bắt đầu.", en: "The end must be after the start." },
} as const satisfies MessageTable;
