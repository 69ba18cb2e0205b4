import { commonMessages } from "./messages/common";
import { activitiesMessages } from "./messages/activities";
import { campaignsMessages } from "./messages/campaigns";
import { formMessages } from "./messages/forms";
import { tallyMessages } from "./messages/tally";
import { resultsMessages } from "./messages/results";
import { unitsMessages } from "./messages/units";
import { usersMessages } from "./messages/users";
import { feedMessages } from "./messages/feed";
import { reportsMessages } from "./messages/reports";
import { facebookMessages } from "./messages/facebook";
import { exportsMessages } from "./messages/exports";

/**
 * All UI texts. Each area of the app keeps its own table in ./messages; add the table here.
 * Vietnamese is the default language and the fallback.
 */
export const MESSAGE_TABLES = [commonMessages, formMessages, unitsMessages, usersMessages, campaignsMessages, activitiesMessages, feedMessages, resultsMessages, reportsMessages, facebookMessages, tallyMessages, exportsMessages] as const;

const ALL = Object.assign({}, ...MESSAGE_TABLES) as UnionOf<(typeof MESSAGE_TABLES)[number]>;

type UnionOf<T> = (T extends unknown ? (x: T) => void : never) extends (x: infer I) => void ? I : never;

export type MessageKey = keyof typeof ALL;
export type Locale = "vi" | "en";
export const LOCALES: readonly Locale[] = ["vi", "en"];
export const DEFAULT_LOCALE: Locale = "vi";

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

export function translator(locale: Locale): Translate {
  return (key, params) => {
    const entry = ALL[key] as { vi: string; en: string } | undefined;
    const text = entry ? entry[locale] || entry.vi : key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}
