/** The tally's charts (recharts), drawn in the browser only; every figure is also in the tables. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChannelCode } from "@db/schema";
import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";

export interface TallyChartsProps {
  monthly: { month: string; channel: ChannelCode; activities: number; attendance: number }[];
  points: { id: number; code: string; title: string; coverage: number | null }[];
  /** Reports submitted (or accepted) per Vietnam day, "yyyy-MM-dd", in order. */
  submissionsPerDay: { day: string; count: number }[];
  expectedCount: number;
  from: string;
  to: string;
}

const monthLabel = (month: string) => `${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

export function TallyCharts({ monthly, points, submissionsPerDay, expectedCount }: TallyChartsProps) {
  const t = useT();
  const locale = useLocale();
  const months = [...new Set(monthly.map((m) => m.month))].sort();
  const byMonth = months.map((month) => {
    const row: Record<string, string | number> = { month: monthLabel(month) };
    for (const c of CHANNEL_CODES) row[c] = monthly.find((m) => m.month === month && m.channel === c)?.activities ?? 0;
    row.attendance = monthly.filter((m) => m.month === month).reduce((s, m) => s + m.attendance, 0);
    return row;
  });
  const coverage = points.map((p) => ({ code: p.code, title: p.title, pct: p.coverage === null ? 0 : Math.round(p.coverage * 1000) / 10 }));
  let reported = 0;
  const completeness = submissionsPerDay.map(({ day, count }) => ({ day: `${day.slice(8, 10)}/${day.slice(5, 7)}`, reported: (reported += count), expected: expectedCount }));
  const number = (v: number) => formatNumber(v, locale);
  return (
    <div className="chart-grid">
      <figure>
        <figcaption>{t("tally.chart.monthly")}</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={byMonth}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis allowDecimals={false} tickFormatter={number} />
            <Tooltip formatter={(v: number) => number(v)} />
            <Legend />
            {CHANNEL_CODES.map((c) => (
              <Bar key={c} dataKey={c} name={t(`channel.${c}`)} stackId="a" fill={CHANNELS[c].color} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>{t("tally.chart.attendance")}</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={byMonth}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={number} />
            <Tooltip formatter={(v: number) => number(v)} />
            <Line type="monotone" dataKey="attendance" name={t("tally.col.attendance")} stroke={CHANNELS.spoken.color} strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>{t("tally.chart.coverage")}</figcaption>
        <ResponsiveContainer width="100%" height={Math.max(220, coverage.length * 24)}>
          <BarChart data={coverage} layout="vertical" margin={{ left: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" domain={[0, 100]} unit="%" />
            <YAxis type="category" dataKey="code" width={48} />
            <Tooltip formatter={(v: number) => `${number(v)}%`} labelFormatter={(code) => coverage.find((c) => c.code === code)?.title ?? code} />
            <Bar dataKey="pct" name={t("tally.coverage")} fill="#b3141b" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>{t("tally.chart.completeness")}</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={completeness}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} domain={[0, expectedCount]} />
            <Tooltip />
            <Line type="stepAfter" dataKey="reported" name={t("tally.reported")} stroke={CHANNELS.media.color} strokeWidth={2} />
            <Line type="linear" dataKey="expected" name={t("tally.summary.completeness")} stroke="#8c959f" strokeDasharray="4 4" dot={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
