import type { MessageTable } from "../message-table";

/**
 * Texts of the accounts pages (/users, /users/new, /users/:id) and of a user's own password
 * page (/account/password). The list's column names (users.title, users.login ...) live in common.ts.
 */
export const usersMessages = {
  // List and filters
  "users.status": { vi: "Trạng thái", en: "Status" },
  "users.lastLogin": { vi: "Đăng nhập gần nhất", en: "Last sign-in" },
  "users.never": { vi: "Chưa đăng nhập", en: "Never" },
  "users.mustChange": { vi: "Chờ đổi mật khẩu", en: "Must change password" },
  "users.count": { vi: "{n} tài khoản", en: "{n} accounts" },
  "users.filter.label": { vi: "Lọc tài khoản", en: "Filter accounts" },
  "users.filter.q": { vi: "Tìm theo tên hoặc tên đăng nhập", en: "Search by name or login" },
  "users.filter.qHint": { vi: "Gõ có dấu hay không dấu đều được, ví dụ “duong” tìm được “Dương”.", en: "Accents are optional: “duong” finds “Dương”." },
  "users.filter.unit": { vi: "Đơn vị (gồm cả đơn vị trực thuộc)", en: "Unit (including the units below it)" },
  "users.filter.anyUnit": { vi: "Tất cả đơn vị", en: "All units" },
  "users.filter.anyRole": { vi: "Tất cả vai trò", en: "All roles" },
  "users.filter.anyStatus": { vi: "Tất cả", en: "All" },
  "users.filter.apply": { vi: "Lọc", en: "Filter" },
  "users.filter.clear": { vi: "Bỏ lọc", en: "Clear filters" },
  "users.filter.none": { vi: "Không có tài khoản nào khớp với điều kiện lọc.", en: "No account matches these filters." },
  "users.backToList": { vi: "Về danh sách tài khoản", en: "Back to the accounts" },

  // Create
  "users.new": { vi: "Tạo tài khoản", en: "New account" },
  "users.new.intro": {
    vi: "Tài khoản chỉ tạo được cho đơn vị của bạn hoặc các đơn vị trực thuộc. Người dùng sẽ phải đổi mật khẩu tạm thời khi đăng nhập lần đầu.",
    en: "You can create accounts for your unit and the units below it. The user must change the temporary password at the first sign-in.",
  },
  "users.loginHint": { vi: "3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới. Ví dụ: binhlu.bientap", en: "3–64 characters: letters without accents, digits, dot, hyphen, underscore. Example: binhlu.editor" },
  "users.unitHint": { vi: "Người dùng làm việc trong phạm vi đơn vị này và các đơn vị trực thuộc.", en: "The user works within this unit and the units below it." },
  "users.roleHint": {
    vi: "Chỉ xem: xem số liệu. Biên tập: lập lịch, ghi kết quả. Quản lý: thêm quản lý tài khoản và kế hoạch của đơn vị.",
    en: "Viewer: reads figures. Editor: plans and logs results. Manager: also manages the unit's accounts and campaigns.",
  },
  "users.unitClosed": { vi: "đã giải thể", en: "closed" },
  "users.temporaryPassword": { vi: "Mật khẩu tạm thời", en: "Temporary password" },
  "users.temporaryPasswordHint": {
    vi: "Để trống để hệ thống tự tạo một mật khẩu ngẫu nhiên. Nếu tự đặt: từ 8 đến 256 ký tự.",
    en: "Leave empty and the app generates a random one. If you type one: 8 to 256 characters.",
  },
  "users.create": { vi: "Tạo tài khoản", en: "Create account" },
  "users.created": { vi: "Đã tạo tài khoản cho {name}", en: "Account created for {name}" },
  "users.shownOnce": {
    vi: "Mật khẩu này chỉ hiển thị một lần. Hãy ghi lại và trao trực tiếp cho người dùng; họ sẽ phải đổi mật khẩu khi đăng nhập.",
    en: "This password is shown only once. Note it and hand it to the user in person; they must change it when they sign in.",
  },
  "users.typedPasswordNote": {
    vi: "Người dùng đăng nhập bằng mật khẩu tạm thời bạn vừa đặt và sẽ phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
    en: "The user signs in with the temporary password you typed and must change it at the first sign-in.",
  },
  "users.openAccount": { vi: "Xem tài khoản", en: "Open the account" },
  "users.createAnother": { vi: "Tạo tài khoản khác", en: "Create another" },

  // One account
  "users.details": { vi: "Thông tin tài khoản", en: "Account details" },
  "users.createdAt": { vi: "Ngày tạo", en: "Created" },
  "users.selfNote": { vi: "Đây là tài khoản của bạn: bạn không tự đổi vai trò, đơn vị hay tự khóa tài khoản của mình.", en: "This is your own account: you cannot change your own role or unit, nor deactivate yourself." },
  "users.outranksNote": {
    vi: "Tài khoản này có vai trò cao hơn vai trò của bạn; chỉ quản trị hệ thống mới thay đổi được.",
    en: "This account's role is above yours; only an administrator can change it.",
  },
  "users.edit.title": { vi: "Sửa thông tin", en: "Edit" },
  "users.reset.title": { vi: "Đặt lại mật khẩu", en: "Reset the password" },
  "users.reset.intro": {
    vi: "Dùng khi người dùng quên mật khẩu. Mật khẩu cũ hết hiệu lực, người dùng bị đăng xuất khỏi mọi thiết bị và phải đổi mật khẩu tạm thời khi đăng nhập lại.",
    en: "For a forgotten password. The old password stops working, the user is signed out everywhere and must change the temporary password at the next sign-in.",
  },
  "users.reset.submit": { vi: "Đặt lại mật khẩu", en: "Reset password" },
  "users.reset.doneTitle": { vi: "Đã đặt lại mật khẩu", en: "Password reset" },
  "users.deactivate.title": { vi: "Khóa tài khoản", en: "Deactivate the account" },
  "users.deactivate.intro": {
    vi: "Người dùng bị đăng xuất ngay trên mọi thiết bị và không đăng nhập được cho đến khi được mở khóa. Dữ liệu họ đã nhập vẫn được giữ nguyên.",
    en: "The user is signed out everywhere at once and cannot sign in until reactivated. What they entered is kept.",
  },
  "users.deactivate.submit": { vi: "Khóa tài khoản", en: "Deactivate" },
  "users.reactivate.title": { vi: "Mở khóa tài khoản", en: "Reactivate the account" },
  "users.reactivate.intro": { vi: "Người dùng đăng nhập lại được bằng mật khẩu hiện có của họ.", en: "The user can sign in again with their current password." },
  "users.reactivate.submit": { vi: "Mở khóa tài khoản", en: "Reactivate" },
  "users.done.updated": { vi: "Đã lưu thông tin tài khoản.", en: "Account saved." },
  "users.done.unchanged": { vi: "Không có thay đổi nào để lưu.", en: "Nothing changed." },
  "users.done.reset": {
    vi: "Đã đặt lại mật khẩu theo mật khẩu tạm thời bạn nhập. Người dùng phải đổi mật khẩu khi đăng nhập lại.",
    en: "The password is now the temporary one you typed. The user must change it at the next sign-in.",
  },
  "users.done.deactivated": { vi: "Đã khóa tài khoản và đăng xuất người dùng khỏi mọi thiết bị.", en: "Account deactivated; the user was signed out everywhere." },
  "users.done.reactivated": { vi: "Đã mở khóa tài khoản.", en: "Account reactivated." },
  "users.history": { vi: "Lịch sử thay đổi", en: "History" },
  "users.history.none": { vi: "Chưa có thay đổi nào được ghi lại.", en: "No change recorded yet." },
  "users.history.create": { vi: "Tạo tài khoản", en: "Created" },
  "users.history.update": { vi: "Sửa thông tin", en: "Edited" },
  "users.history.resetPassword": { vi: "Đặt lại mật khẩu", en: "Password reset" },
  "users.history.deactivate": { vi: "Khóa tài khoản", en: "Deactivated" },
  "users.history.reactivate": { vi: "Mở khóa tài khoản", en: "Reactivated" },
  "users.history.changePassword": { vi: "Người dùng tự đổi mật khẩu", en: "Password changed by the user" },

  // Refusals
  "users.error.loginFormat": {
    vi: "Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
    en: "A login has 3–64 characters: letters without accents, digits, dot, hyphen, underscore.",
  },
  "users.error.loginTaken": { vi: "Tên đăng nhập này đã có người dùng. Vui lòng chọn tên khác.", en: "This login is taken. Please choose another." },
  "users.error.unitClosed": { vi: "Đơn vị này đã giải thể; không thêm tài khoản vào đơn vị đã giải thể.", en: "This unit is closed; accounts cannot be added to it." },
  "users.error.ownAccess": { vi: "Bạn không thể tự đổi vai trò hay đơn vị của chính mình.", en: "You cannot change your own role or unit." },
  "users.error.ownPassword": { vi: "Để đổi mật khẩu của chính mình, hãy dùng trang Đổi mật khẩu.", en: "To change your own password, use the Change password page." },
  "users.error.ownStatus": { vi: "Bạn không thể tự khóa tài khoản của chính mình.", en: "You cannot deactivate your own account." },

  // A user's own password
  "account.changePassword": { vi: "Đổi mật khẩu", en: "Change password" },
  "account.intro": {
    vi: "Mật khẩu mới cần ít nhất {min} ký tự và khác mật khẩu hiện tại. Sau khi đổi, các phiên đăng nhập trên thiết bị khác sẽ kết thúc.",
    en: "The new password needs at least {min} characters and must differ from the current one. After the change, your sessions on other devices end.",
  },
  "account.forced.title": { vi: "Bạn cần đặt mật khẩu mới", en: "Please set a new password" },
  "account.forced.body": {
    vi: "Mật khẩu bạn vừa dùng là mật khẩu tạm thời do cán bộ quản lý cấp (khi tạo tài khoản hoặc đặt lại mật khẩu). Vì an toàn, bạn cần đặt mật khẩu mới của riêng mình trước khi dùng các chức năng khác.",
    en: "The password you used is a temporary one given by a manager (for a new account or a reset). For safety, set your own new password before using the rest of the app.",
  },
  "account.currentPassword": { vi: "Mật khẩu hiện tại", en: "Current password" },
  "account.newPassword": { vi: "Mật khẩu mới", en: "New password" },
  "account.newPasswordHint": { vi: "Từ {min} đến {max} ký tự. Nên dùng một câu dễ nhớ với người khác khó đoán.", en: "{min} to {max} characters. A sentence that is easy for you and hard for others to guess works well." },
  "account.confirmPassword": { vi: "Nhập lại mật khẩu mới", en: "New password again" },
  "account.submit": { vi: "Đổi mật khẩu", en: "Change password" },
  "account.changed": { vi: "Đã đổi mật khẩu. Các phiên đăng nhập trên thiết bị khác đã kết thúc.", en: "Password changed. Your sessions on other devices have ended." },
  "account.error.passwordLength": { vi: "Mật khẩu cần từ 8 đến 256 ký tự.", en: "A password has 8 to 256 characters." },
  "account.error.currentRequired": { vi: "Vui lòng nhập mật khẩu hiện tại.", en: "Please enter your current password." },
  "account.error.currentWrong": { vi: "Mật khẩu hiện tại không đúng.", en: "The current password is wrong." },
  "account.error.mismatch": { vi: "Hai lần nhập mật khẩu mới không khớp nhau.", en: "The two new passwords do not match." },
  "account.error.sameAsCurrent": { vi: "Mật khẩu mới phải khác mật khẩu hiện tại.", en: "The new password must differ from the current one." },
  "account.error.conflict": {
    vi: "Mật khẩu của bạn vừa được thay đổi ở nơi khác. Vui lòng tải lại trang và thử lại.",
    en: "Your password was just changed elsewhere. Please reload the page and try again.",
  },
} as const satisfies MessageTable;
