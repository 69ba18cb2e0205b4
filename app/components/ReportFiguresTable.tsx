import type { ReactNode } from "react";
import { CHANNELS } from "~/domain/channels";
import { formatNumber } from "~/domain/numbers";
import type { FormFigure, ReportFigures } from "~/domain/report-figures";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";

interface Line {
  label: ReactNode;
  value: number;
  sub?: boolean;
}

/**
 * The report's figures per channel, in the words union reports use (DOMAIN.md): sessions and
 * attendances, products by form and counting unit, items, posts, reach, engagements.
 */
export function ReportFiguresTable({ figures, caption }: { figures: ReportFigures; caption: string }) {
  const t = useT();
  const locale = useLocale();
  const reachLabel = (source: string | null) => {
    const key = `reports.reachSource.${source ?? "none"}` as MessageKey;
    const text = t(key);
    return text === key ? source ?? "" : text;
  };
  const formLines = (forms: readonly FormFigure[]): Line[] =>
    forms.map((f) => ({
      label: (
        <>
          {f.unit ? t("reports.figures.formLine", { form: f.formName ?? t("reports.figures.otherForm"), unit: f.unit }) : f.formName ?? t("reports.figures.otherForm")}{" "}
          <span className="muted">· {t("reports.figures.activities", { n: formatNumber(f.activities, locale) })}</span>
        </>
      ),
      value: f.quantity,
      sub: true,
    }));

  const groups: { channel: keyof typeof CHANNELS; lines: Line[] }[] = [
    {
      channel: "spoken",
      lines: [
        { label: t("reports.figures.sessions"), value: figures.spoken.sessions },
        { label: t("reports.figures.attendance"), value: figures.spoken.attendance },
        { label: t("reports.figures.members"), value: figures.spoken.membersAttending, sub: true },
        { label: t("reports.figures.women"), value: figures.spoken.womenAttending, sub: true },
      ],
    },
    {
      channel: "visual",
      // Quantities in different counting units (cái, tờ, cuốn) are never added together.
      lines: figures.visual.byForm.length ? formLines(figures.visual.byForm).map((l) => ({ ...l, sub: false })) : [{ label: t("reports.figures.products"), value: 0 }],
    },
    {
      channel: "media",
      lines: [{ label: t("reports.figures.items"), value: figures.media.items }, ...formLines(figures.media.byForm)],
    },
    {
      channel: "facebook",
      lines: [
        { label: t("reports.figures.posts"), value: figures.facebook.posts },
        { label: t("reports.figures.reach"), value: figures.facebook.reach },
        ...figures.facebook.reachBySource.map((r) => ({ label: t("reports.figures.reachFrom", { source: reachLabel(r.source) }), value: r.reach, sub: true })),
        { label: t("reports.figures.views"), value: figures.facebook.views },
        { label: t("reports.figures.engagements"), value: figures.facebook.engagements },
        { label: t("reports.figures.shares"), value: figures.facebook.shares },
      ],
    },
  ];

  return (
    <div className="table-wrap">
      <table className="report-figures">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reports.figures.channel")}</th>
            <th scope="col">{t("reports.figures.measure")}</th>
            <th scope="col" className="num">
              {t("reports.figures.value")}
            </th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.channel}>
            {group.lines.map((line, i) => (
              <tr key={i}>
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={group.lines.length} className="report-channel">
                    <span className="report-channel-dot" style={{ background: CHANNELS[group.channel].color }} aria-hidden="true" />
                    {t(`channel.${group.channel}` as MessageKey)}
                  </th>
                ) : null}
                <td className={line.sub ? "report-sub" : undefined}>{line.label}</td>
                <td className="num">{formatNumber(line.value, locale)}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      <p className="muted report-figures-total">
        {figures.activities === 0
          ? t("reports.figures.none")
          : t("reports.figures.total", { activities: formatNumber(figures.activities, locale), units: formatNumber(figures.units, locale) })}
      </p>
    </div>
  );
}
