import type { MessageTable } from "../message-table";

/** Validation and form texts shared by every form. */
export const formMessages = {
  "form.errorSummary": { vi: "Chưa lưu được. Vui lòng sửa các mục được đánh dấu bên dưới.", en: "Not saved yet. Please correct the marked fields below." },
  "form.save": { vi: "Lưu", en: "Save" },
  "form.cancel": { vi: "Hủy", en: "Cancel" },
  "form.saved": { vi: "Đã lưu.", en: "Saved." },
  "form.datePlaceholder": { vi: "dd/mm/yyyy", en: "dd/mm/yyyy" },
  "form.optional": { vi: "không bắt buộc", en: "optional" },
  "validation.required": { vi: "Mục này không được để trống.", en: "This field is required." },
  "validation.tooShort": { vi: "Cần ít nhất {min} ký tự.", en: "At least {min} characters." },
  "validation.tooLong": { vi: "Dài tối đa {max} ký tự.", en: "At most {max} characters." },
  "validation.tooSmall": { vi: "Giá trị nhỏ nhất là {min}.", en: "The smallest allowed value is {min}." },
  "validation.tooBig": { vi: "Giá trị lớn nhất là {max}.", en: "The largest allowed value is {max}." },
  "validation.notInteger": { vi: "Vui lòng nhập một số nguyên.", en: "Please enter a whole number." },
  "validation.notNumber": { vi: "Vui lòng nhập một số.", en: "Please enter a number." },
  "validation.invalidDate": { vi: "Ngày không hợp lệ (định dạng dd/mm/yyyy).", en: "Invalid date (dd/mm/yyyy)." },
  "validation.invalidChoice": { vi: "Lựa chọn không hợp lệ.", en: "Invalid choice." },
  "validation.invalidUrl": { vi: "Đường dẫn phải bắt đầu bằng http:// hoặc https://.", en: "Links must start with http:// or https://." },
  "validation.invalid": { vi: "Giá trị không hợp lệ.", en: "Invalid value." },
  "validation.endBeforeStart": { vi: "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.", en: "The end must not be before the start." },
} as const satisfies MessageTable;
