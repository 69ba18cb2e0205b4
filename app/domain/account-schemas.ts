import { z } from "zod";
import { ROLES } from "./roles";

export const newAccountSchema = z.object({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,64}$/, "Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới."),
  password: z.string().min(8, "Mật khẩu cần ít nhất 8 ký tự.").max(256, "Mật khẩu dài tối đa 256 ký tự."),
  displayName: z.string().trim().min(1, "Vui lòng nhập họ và tên.").max(200),
  role: z.enum(ROLES),
  unitId: z.number().int().positive(),
});

export type NewAccount = z.infer<typeof newAccountSchema>;
