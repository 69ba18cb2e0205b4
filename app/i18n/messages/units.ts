import type { MessageTable } from "../message-table";

/** Texts of the units pages. */
export const unitsMessages = {
} as const satisfies MessageTable;
