/** Each key carries its Vietnamese and English text side by side, so neither can be forgotten. */
export type MessageTable = Record<string, { vi: string; en: string }>;
