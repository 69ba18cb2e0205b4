import type { Locale } from "~/i18n";

const FORMATTERS: Record<Locale, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }),
};

/** Vietnamese by default: "." for thousands, "," for decimals (3.150; 12,5). */
export function formatNumber(value: number, locale: Locale = "vi"): string {
  return FORMATTERS[locale].format(value);
}
