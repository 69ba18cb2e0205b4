import type { Role } from "@db/schema";

/** The signed-in user as every service sees it: who, which role, and the unit whose subtree is the scope. */
export interface Actor {
  id: number;
  login: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitName: string;
  isPasswordChangeRequired: boolean;
}
