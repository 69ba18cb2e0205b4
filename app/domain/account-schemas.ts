import { z } from "zod";
import { idSchema } from "./ids";
import { ROLES } from "./roles";
import { requiredText } from "./validation";

/**
 * Account input schemas. Messages are i18n keys (app/i18n/messages/users.ts), so the web
 * forms show them in the user's language; insertAccount translates them for the command line.
 */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const loginField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, "users.error.loginFormat");

/** A password as typed: never trimmed (spaces are characters), 8 to 256 characters. */
export const passwordField = z
  .string({ error: "account.error.passwordLength" })
  .min(PASSWORD_MIN, "account.error.passwordLength")
  .max(PASSWORD_MAX, "account.error.passwordLength");

const displayNameField = requiredText(200);
const roleField = z.enum(ROLES, { error: "validation.invalidChoice" });
const unitIdField = z.preprocess((v) => (v === "" ? undefined : v), idSchema);

/** An account as the command line and the services create it. */
export const newAccountSchema = z.object({
  login: loginField,
  password: passwordField,
  displayName: displayNameField,
  role: roleField,
  unitId: z.number().int().positive(),
});

export type NewAccount = z.infer<typeof newAccountSchema>;

/**
 * A temporary password typed by the manager, or blank for one the app generates and shows
 * once. Either way the user must change it at the next sign-in.
 */
const temporaryPasswordField = z.preprocess((v) => (v === "" ? undefined : v), passwordField.optional());

/** /users/new */
export const createAccountSchema = z
  .object({
    login: loginField,
    displayName: displayNameField,
    unitId: unitIdField,
    role: roleField,
    password: temporaryPasswordField,
  });
export type CreateAccountInput = z.output<typeof createAccountSchema>;

/** /users/:id, "update": name, unit and role; unit and role are absent on one's own account. */
export const updateAccountSchema = z.object({
  displayName: displayNameField,
  unitId: z.preprocess((v) => (v === "" ? undefined : v), idSchema.optional()),
  role: roleField.optional(),
});
export type UpdateAccountInput = z.output<typeof updateAccountSchema>;

/** /users/:id, "reset" */
export const resetPasswordSchema = z.object({ password: temporaryPasswordField });
export type ResetPasswordInput = z.output<typeof resetPasswordSchema>;

/** The buttons of /users/:id; each posts one of these as `intent`. */
export const ACCOUNT_INTENTS = ["update", "reset", "deactivate", "reactivate"] as const;
export const accountIntentSchema = z.enum(ACCOUNT_INTENTS);

/** /account/password */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "account.error.currentRequired" }).min(1, "account.error.currentRequired").max(PASSWORD_MAX, "account.error.currentWrong"),
    newPassword: passwordField,
    confirmPassword: z.string({ error: "account.error.mismatch" }),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "account.error.mismatch" });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "account.error.sameAsCurrent" });
    }
  });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

/** The filters of /users (a GET form); anything malformed is dropped rather than refused. */
export const ACCOUNT_STATUS_FILTERS = ["all", "active", "inactive"] as const;
export const userFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  unit: z.preprocess((v) => (v === "" ? undefined : v), idSchema.optional()).catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(ACCOUNT_STATUS_FILTERS).default("all").catch("all"),
});
export type UserFilter = z.output<typeof userFilterSchema>;

/**
 * Folds Vietnamese text for diacritics-insensitive search: "Đường" and "duong" both become
 * "duong". NFD splits the tone and vowel marks off; đ has no decomposition, so it is mapped.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** A unit in a picker: indented by its depth below the scope, marked when closed. */
export function unitOptionLabel(unit: { name: string; depth: number; isClosed: boolean }, closedMark: string): string {
  return `${"\u00a0\u00a0\u00a0".repeat(unit.depth)}${unit.name}${unit.isClosed ? ` (${closedMark})` : ""}`;
}
