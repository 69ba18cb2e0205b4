import type { MessageTable } from "../message-table";

/** Texts of the users pages. */
export const usersMessages = {
} as const satisfies MessageTable;
