import type { Role } from "@db/schema";

export const ROLES = ["admin", "manager", "editor", "viewer"] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { viewer: 0, editor: 1, manager: 2, admin: 3 };

/** True when `role` carries at least the rights of `needed` (admin > manager > editor > viewer). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
