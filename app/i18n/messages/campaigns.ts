import type { MessageTable } from "../message-table";

/** Texts of the campaigns pages. */
export const campaignsMessages = {
} as const satisfies MessageTable;
