import type { MessageKey } from "~/i18n";

export interface PeriodPreset {
  key: string;
  label: MessageKey;
  params: Record<string, string | number>;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const clip = (p: PeriodPreset, from: string, to: string): PeriodPreset => ({ ...p, from: p.from < from ? from : p.from, to: p.to > to ? to : p.to });

/** Quick periods inside a campaign: the whole campaign, each year, quarter and month it spans. */
export function periodPresets(startsOn: string, endsOn: string): PeriodPreset[] {
  const presets: PeriodPreset[] = [{ key: "campaign", label: "tally.preset.campaign", params: {}, from: startsOn, to: endsOn }];
  const [y0, m0] = startsOn.split("-").map(Number);
  const [y1, m1] = endsOn.split("-").map(Number);
  for (let year = y0; year <= y1; year++) {
    if (y0 !== y1) presets.push(clip({ key: `y${year}`, label: "tally.preset.year", params: { year }, from: `${year}-01-01`, to: `${year}-12-31` }, startsOn, endsOn));
    for (let q = 1; q <= 4; q++) {
      const first = (q - 1) * 3 + 1;
      if ((year === y0 && first + 2 < m0) || (year === y1 && first > m1)) continue;
      presets.push(clip({ key: `q${year}-${q}`, label: "tally.preset.quarter", params: { q, year }, from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${lastDay(year, first + 2)}` }, startsOn, endsOn));
    }
  }
  // Months only for campaigns of a year or less, so the list stays short.
  if ((y1 - y0) * 12 + (m1 - m0) < 12) {
    for (let i = 0; i <= (y1 - y0) * 12 + (m1 - m0); i++) {
      const year = y0 + Math.floor((m0 - 1 + i) / 12);
      const month = ((m0 - 1 + i) % 12) + 1;
      presets.push(clip({ key: `m${year}-${month}`, label: "tally.preset.month", params: { month, year }, from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${lastDay(year, month)}` }, startsOn, endsOn));
    }
  }
  return presets;
}
