import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, translator, type Locale, type Translate } from "./index";

interface RootData {
  locale: Locale;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData<RootData>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}
