import { describe, expect, it } from "vitest";
import {
  changePasswordSchema,
  createAccountSchema,
  foldForSearch,
  resetPasswordSchema,
  unitOptionLabel,
  updateAccountSchema,
  userFilterSchema,
} from "~/domain/account-schemas";
import { parseForm } from "~/domain/validation";
import { translator } from "~/i18n";
import { usersMessages } from "~/i18n/messages/users";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

describe("account forms", () => {
  it("reads a new account from a plain form post, lower-casing the login; a blank password means 'generate one'", () => {
    const result = parseForm(createAccountSchema, form({ login: " BinhLu.BT ", displayName: " Vàng Thị Lan ", unitId: "12", role: "editor", password: "" }));
    expect(result).toEqual({ ok: true, data: { login: "binhlu.bt", displayName: "Vàng Thị Lan", unitId: 12, role: "editor", password: undefined } });
  });

  it("refuses with message keys and keeps what was typed", () => {
    const result = parseForm(createAccountSchema, form({ login: "Đường", displayName: "", unitId: "", role: "chief", password: "1234567" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      login: { key: "users.error.loginFormat" },
      displayName: { key: "validation.required" },
      unitId: { key: "validation.required" },
      role: { key: "validation.invalidChoice" },
      password: { key: "account.error.passwordLength" },
    });
    expect(result.values.login).toBe("Đường");
  });

  it("keeps spaces inside passwords and accepts 8 to 256 characters", () => {
    expect(resetPasswordSchema.parse({ password: " 8 chars" })).toEqual({ password: " 8 chars" });
    expect(resetPasswordSchema.safeParse({ password: "x".repeat(256) }).success).toBe(true);
    expect(resetPasswordSchema.safeParse({ password: "x".repeat(257) }).success).toBe(false);
    expect(resetPasswordSchema.parse({})).toEqual({ password: undefined });
  });

  it("lets one's own account form omit unit and role", () => {
    expect(updateAccountSchema.parse({ displayName: "Tên" })).toEqual({ displayName: "Tên", unitId: undefined, role: undefined });
  });

  it("checks a password change: the confirmation must match and the new password must differ", () => {
    const errors = (input: Record<string, string>) => {
      const result = parseForm(changePasswordSchema, form(input));
      return result.ok ? {} : result.errors;
    };
    expect(errors({ currentPassword: "", newPassword: "mat-khau-moi", confirmPassword: "mat-khau-moi" })).toEqual({ currentPassword: { key: "account.error.currentRequired" } });
    expect(errors({ currentPassword: "cu-12345", newPassword: "mat-khau-moi", confirmPassword: "mat-khau-moj" })).toEqual({ confirmPassword: { key: "account.error.mismatch" } });
    expect(errors({ currentPassword: "cu-12345", newPassword: "cu-12345", confirmPassword: "cu-12345" })).toEqual({ newPassword: { key: "account.error.sameAsCurrent" } });
    expect(errors({ currentPassword: "cu-12345", newPassword: "ngan", confirmPassword: "ngan" })).toEqual({ newPassword: { key: "account.error.passwordLength" } });
    expect(errors({ currentPassword: "cu-12345", newPassword: "mat-khau-moi", confirmPassword: "mat-khau-moi" })).toEqual({});
  });

  it("drops malformed list filters instead of failing the page", () => {
    expect(userFilterSchema.parse({ q: "  duong ", unit: "abc", role: "boss", status: "zzz" })).toEqual({ q: "duong", unit: undefined, role: undefined, status: "all" });
    expect(userFilterSchema.parse({ unit: "7", role: "editor", status: "inactive" })).toMatchObject({ unit: 7, role: "editor", status: "inactive" });
  });
});

describe("Vietnamese search and labels", () => {
  it("folds tones, vowel marks and đ so that unaccented typing finds accented names", () => {
    expect(foldForSearch("Hoàng Văn Thắng")).toBe("hoang van thang");
    expect(foldForSearch("LĐLĐ huyện Tam Đường")).toBe("ldld huyen tam duong");
    expect(foldForSearch("Lường  Thị   Mai")).toBe("luong thi mai");
    // Precomposed and decomposed input fold the same.
    expect(foldForSearch("Nguy\u1EC5n")).toBe(foldForSearch("Nguye\u0302\u0303n"));
  });

  it("indents units by depth and marks closed ones", () => {
    expect(unitOptionLabel({ name: "CĐCS A", depth: 2, isClosed: true }, "đã giải thể")).toBe("\u00a0".repeat(6) + "CĐCS A (đã giải thể)");
  });

  it("has every account text in both languages, with the same placeholders", () => {
    for (const [key, { vi, en }] of Object.entries(usersMessages)) {
      expect(vi.trim(), key).not.toBe("");
      expect(en.trim(), key).not.toBe("");
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(vi), key).toEqual(names(en));
    }
    expect(translator("vi")("account.error.passwordLength")).toBe("Mật khẩu cần từ 8 đến 256 ký tự.");
  });
});
