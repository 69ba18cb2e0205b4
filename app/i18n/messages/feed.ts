import type { MessageTable } from "../message-table";

/**
 * Texts of the private calendar feed (/account/feed and the .ics file itself) and of the
 * printable month plan (/calendar/print).
 */
export const feedMessages = {
  // The account page
  "feed.title": { vi: "Đồng bộ lịch", en: "Calendar subscription" },
  "feed.link": { vi: "Đồng bộ lịch", en: "Subscribe" },
  "feed.intro": {
    vi: "Xem các hoạt động tuyên truyền trong phạm vi của bạn ngay trên ứng dụng lịch của điện thoại hoặc máy tính (Google Calendar, Outlook, iPhone…). Ứng dụng lịch tự tải lại định kỳ; lịch chỉ để xem, mọi thay đổi vẫn làm trên trang này.",
    en: "See the activities of your scope in the calendar app of your phone or computer (Google Calendar, Outlook, iPhone…). The app refreshes it periodically; the subscription is read-only, changes are still made here.",
  },
  "feed.window": {
    vi: "Lịch gồm các hoạt động từ {past} ngày trước đến {future} ngày tới (tối đa {max} hoạt động), theo đúng phạm vi bạn xem trên trang Lịch.",
    en: "It holds the activities from {past} days ago to {future} days ahead (at most {max}), exactly the scope you see on the Calendar page.",
  },
  "feed.off": { vi: "Chưa bật đồng bộ lịch.", en: "The subscription is off." },
  "feed.on": { vi: "Đồng bộ lịch đang bật.", en: "The subscription is on." },
  "feed.enable": { vi: "Bật đồng bộ lịch", en: "Turn on the subscription" },
  "feed.regenerate": { vi: "Tạo địa chỉ mới", en: "Create a new address" },
  "feed.regenerateHint": {
    vi: "Nếu địa chỉ bị lộ (gửi nhầm, mất điện thoại), hãy tạo địa chỉ mới: địa chỉ cũ ngừng hoạt động ngay, bạn cần đăng ký lại trên các ứng dụng lịch.",
    en: "If the address leaked (sent by mistake, lost phone), create a new one: the old one stops working at once and you must subscribe again in your calendar apps.",
  },
  "feed.regenerateConfirm": { vi: "Địa chỉ cũ sẽ ngừng hoạt động ngay. Tạo địa chỉ mới?", en: "The old address stops working at once. Create a new one?" },
  "feed.disable": { vi: "Tắt đồng bộ lịch", en: "Turn off the subscription" },
  "feed.disableConfirm": { vi: "Tắt đồng bộ? Các ứng dụng lịch đã đăng ký sẽ không nhận được cập nhật nữa.", en: "Turn it off? Subscribed calendar apps will get no more updates." },
  "feed.done.enabled": { vi: "Đã bật đồng bộ lịch. Hãy chép địa chỉ dưới đây vào ứng dụng lịch của bạn.", en: "Subscription turned on. Copy the address below into your calendar app." },
  "feed.done.regenerated": { vi: "Đã tạo địa chỉ mới. Địa chỉ cũ không còn dùng được.", en: "New address created. The old one no longer works." },
  "feed.done.disabled": { vi: "Đã tắt đồng bộ lịch. Địa chỉ cũ không còn dùng được.", en: "Subscription turned off. The old address no longer works." },
  "feed.url": { vi: "Địa chỉ đăng ký lịch (iCal)", en: "Subscription address (iCal)" },
  "feed.urlHint": {
    vi: "Giữ kín địa chỉ này như mật khẩu: ai có địa chỉ đều xem được lịch của bạn mà không cần đăng nhập.",
    en: "Keep this address secret like a password: anyone who has it can read your calendar without signing in.",
  },
  "feed.filteredUrl": { vi: "Chỉ các hoạt động theo bộ lọc đang chọn ở trang Lịch", en: "Only the activities of the filters chosen on the Calendar page" },
  "feed.copy": { vi: "Chép địa chỉ", en: "Copy the address" },
  "feed.copied": { vi: "Đã chép địa chỉ.", en: "Address copied." },
  "feed.copyFailed": { vi: "Không chép tự động được: hãy chọn địa chỉ và chép thủ công.", en: "Could not copy automatically: select the address and copy it by hand." },
  "feed.openInApp": { vi: "Mở bằng ứng dụng lịch", en: "Open in a calendar app" },
  "feed.howTo": { vi: "Cách đăng ký", en: "How to subscribe" },
  "feed.howTo.google": {
    vi: "Google Calendar (trên máy tính): mở calendar.google.com → bên trái, cạnh “Lịch khác” bấm dấu + → “Từ URL” → dán địa chỉ → “Thêm lịch”. Google tự cập nhật vài giờ một lần.",
    en: "Google Calendar (on a computer): open calendar.google.com → on the left, next to “Other calendars”, press + → “From URL” → paste the address → “Add calendar”. Google refreshes it every few hours.",
  },
  "feed.howTo.outlook": {
    vi: "Outlook: mở Lịch → “Thêm lịch” → “Đăng ký từ web” → dán địa chỉ → đặt tên → “Nhập”.",
    en: "Outlook: open Calendar → “Add calendar” → “Subscribe from web” → paste the address → name it → “Import”.",
  },
  "feed.howTo.iphone": {
    vi: "iPhone, iPad: Cài đặt → Lịch → Tài khoản → Thêm tài khoản → Khác → “Thêm lịch đã đăng ký” → dán địa chỉ → Tiếp → Lưu.",
    en: "iPhone, iPad: Settings → Calendar → Accounts → Add Account → Other → “Add Subscribed Calendar” → paste the address → Next → Save.",
  },
  "feed.badRequest": { vi: "Yêu cầu không hợp lệ. Hãy tải lại trang và thử lại.", en: "Invalid request. Reload the page and try again." },
  "feed.backToCalendar": { vi: "Về lịch", en: "Back to the calendar" },
  "feed.calendarName": { vi: "Lịch tuyên truyền · {unit}", en: "Dissemination calendar · {unit}" },

  // Inside the .ics file (always Vietnamese: a calendar app sends no language)
  "feed.prefix.spoken": { vi: "TT miệng", en: "Spoken" },
  "feed.prefix.visual": { vi: "Trực quan", en: "Visual" },
  "feed.prefix.media": { vi: "TT đại chúng", en: "Media" },
  "feed.prefix.facebook": { vi: "Facebook", en: "Facebook" },
  "feed.cancelledPrefix": { vi: "(Đã hủy)", en: "(Cancelled)" },
  "feed.ics.unit": { vi: "Đơn vị", en: "Unit" },
  "feed.ics.channel": { vi: "Hình thức", en: "Channel" },
  "feed.ics.campaign": { vi: "Kế hoạch", en: "Campaign" },
  "feed.ics.points": { vi: "Nội dung tuyên truyền", en: "Content points" },
  "feed.ics.presenter": { vi: "Báo cáo viên", en: "Presenter" },
  "feed.ics.audience": { vi: "Đối tượng", en: "Audience" },
  "feed.ics.status": { vi: "Trạng thái", en: "Status" },
  "feed.ics.link": { vi: "Xem chi tiết", en: "Details" },

  // The printable month plan
  "monthPlan.pageTitle": { vi: "Kế hoạch tháng", en: "Month plan" },
  "monthPlan.heading": { vi: "KẾ HOẠCH TUYÊN TRUYỀN THÁNG {month}/{year}", en: "DISSEMINATION PLAN FOR {month}/{year}" },
  "monthPlan.motto1": { vi: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", en: "SOCIALIST REPUBLIC OF VIET NAM" },
  "monthPlan.motto2": { vi: "Độc lập - Tự do - Hạnh phúc", en: "Independence - Freedom - Happiness" },
  "monthPlan.scopeSubtree": { vi: "Gồm các hoạt động của {unit} và các đơn vị trực thuộc.", en: "Activities of {unit} and the units below it." },
  "monthPlan.scopeUnit": { vi: "Chỉ các hoạt động do {unit} tổ chức.", en: "Only the activities organised by {unit}." },
  "monthPlan.filters": { vi: "Lọc theo: {filters}.", en: "Filtered by: {filters}." },
  "monthPlan.count": { vi: "Tổng số: {n} hoạt động.", en: "{n} activities in all." },
  "monthPlan.truncated": {
    vi: "Tháng này có {total} hoạt động; bản in chỉ liệt kê {shown} hoạt động đầu tiên. Hãy lọc theo đơn vị hoặc hình thức để in đầy đủ.",
    en: "This month has {total} activities; the printout lists the first {shown}. Filter by unit or channel to print them all.",
  },
  "monthPlan.print": { vi: "In", en: "Print" },
  "monthPlan.previous": { vi: "Tháng trước", en: "Previous month" },
  "monthPlan.next": { vi: "Tháng sau", en: "Next month" },
  "monthPlan.backToCalendar": { vi: "Về lịch", en: "Back to the calendar" },
  "monthPlan.empty": { vi: "Không có hoạt động nào trong tháng này theo bộ lọc đã chọn.", en: "No activities this month for the chosen filters." },
  "monthPlan.col.date": { vi: "Ngày", en: "Date" },
  "monthPlan.col.time": { vi: "Thời gian", en: "Time" },
  "monthPlan.col.unit": { vi: "Đơn vị", en: "Unit" },
  "monthPlan.col.form": { vi: "Hình thức", en: "Channel / form" },
  "monthPlan.col.title": { vi: "Nội dung hoạt động", en: "Activity" },
  "monthPlan.col.points": { vi: "Nội dung tuyên truyền", en: "Content points" },
  "monthPlan.col.presenter": { vi: "Báo cáo viên / Địa điểm", en: "Presenter / place" },
  "monthPlan.col.status": { vi: "Trạng thái", en: "Status" },
  "monthPlan.allDay": { vi: "Cả ngày", en: "All day" },
  "monthPlan.until": { vi: "đến {date}", en: "until {date}" },
  "monthPlan.generated": { vi: "Lập ngày {date}", en: "Prepared on {date}" },
  "monthPlan.preparedBy": { vi: "NGƯỜI LẬP", en: "PREPARED BY" },
  "monthPlan.approvedBy": { vi: "TM. BAN THƯỜNG VỤ", en: "FOR THE STANDING COMMITTEE" },
  "monthPlan.place": { vi: "Địa điểm", en: "Place" },
  "monthPlan.tableCaption": { vi: "Các hoạt động tuyên truyền trong tháng, theo ngày", en: "The month's activities by date" },
} as const satisfies MessageTable;
