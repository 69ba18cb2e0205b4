import { Link } from "@remix-run/react";
import type { ChannelCode } from "@db/schema";
import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { formatNumber } from "~/domain/numbers";
import type { ChannelFigures, FiguresByChannel } from "~/domain/tally";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";

/** The figures a cell shows for each channel, as union reports phrase them (DOMAIN.md). */
export const CHANNEL_COLUMNS: Record<ChannelCode, { key: keyof ChannelFigures; label: MessageKey }[]> = {
  spoken: [
    { key: "activities", label: "tally.col.sessions" },
    { key: "attendance", label: "tally.col.attendance" },
  ],
  visual: [{ key: "quantity", label: "tally.col.visualItems" }],
  media: [{ key: "items", label: "tally.col.mediaItems" }],
  facebook: [
    { key: "posts", label: "tally.col.posts" },
    { key: "reach", label: "tally.col.reach" },
    { key: "engagements", label: "tally.col.engagements" },
  ],
};

function ChannelHeader() {
  const t = useT();
  return (
    <>
      {CHANNEL_CODES.map((c) => (
        <th key={c} colSpan={CHANNEL_COLUMNS[c].length} scope="colgroup" className="channel-head" style={{ borderTopColor: CHANNELS[c].color }}>
          <span aria-hidden="true">{CHANNELS[c].icon}</span> {t(`channel.${c}`)}
        </th>
      ))}
    </>
  );
}

function SubHeader() {
  const t = useT();
  return (
    <>
      {CHANNEL_CODES.flatMap((c) =>
        CHANNEL_COLUMNS[c].map((col) => (
          <th key={`${c}-${col.key}`} scope="col" className="num">
            {t(col.label)}
          </th>
        )),
      )}
    </>
  );
}

/** One row's channel cells; each links to the activities behind it when `href` is given. */
function FigureCells({ figures, href }: { figures: FiguresByChannel; href?: (channel: ChannelCode) => string }) {
  const locale = useLocale();
  return (
    <>
      {CHANNEL_CODES.flatMap((c) =>
        CHANNEL_COLUMNS[c].map((col) => {
          const value = figures[c][col.key];
          return (
            <td key={`${c}-${col.key}`} className="num">
              {value && href ? <Link to={href(c)}>{formatNumber(value, locale)}</Link> : value ? formatNumber(value, locale) : <span className="zero">0</span>}
            </td>
          );
        }),
      )}
    </>
  );
}

export interface MatrixPoint {
  id: number;
  code: string;
  title: string;
  depth: number;
  figures: FiguresByChannel;
  coverage: number | null;
}

export function TallyMatrix({ points, total, cellHref }: { points: MatrixPoint[]; total: FiguresByChannel; cellHref: (filter: { point?: number; channel?: ChannelCode }) => string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="tally-matrix">
        <caption>{t("tally.matrixCaption")}</caption>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              {t("tally.point")}
            </th>
            <ChannelHeader />
            <th rowSpan={2} scope="col" className="num">
              {t("tally.coverage")}
            </th>
          </tr>
          <tr>
            <SubHeader />
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id} className={`depth-${p.depth}`}>
              <th scope="row" style={{ paddingLeft: `${0.6 + p.depth * 1.1}rem` }}>
                <span className="point-code">{p.code}.</span> {p.title}
              </th>
              <FigureCells figures={p.figures} href={(channel) => cellHref({ point: p.id, channel })} />
              <td className="num">{p.coverage === null ? "–" : `${formatNumber(Math.round(p.coverage * 1000) / 10, locale)}%`}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("tally.totalRow")}</th>
            <FigureCells figures={total} href={(channel) => cellHref({ channel })} />
            <td />
          </tr>
        </tfoot>
      </table>
      <p className="hint">{t("tally.multiPointNote")}</p>
    </div>
  );
}

export interface ByUnitRow {
  unitId: number;
  name: string;
  figures: FiguresByChannel;
  activities: number;
  pointsCovered: number;
  expected: number;
  reported: number;
  onTime: number;
  memberCoverage: number | null;
  meetsTarget: boolean | null;
  unitsBelowTarget: number;
}

export function TallyByUnit({
  rows,
  ownRow,
  pointCount,
  drillHref,
  cellHref,
}: {
  rows: ByUnitRow[];
  ownRow: ByUnitRow | null;
  pointCount: number;
  drillHref: (unitId: number) => string;
  cellHref: (unitId: number, channel: ChannelCode) => string;
}) {
  const t = useT();
  const locale = useLocale();
  const pct = (v: number | null) => (v === null ? "–" : `${formatNumber(Math.round(v * 1000) / 10, locale)}%`);
  const row = (r: ByUnitRow, own = false) => (
    <tr key={`${r.unitId}-${own}`} className={own ? "own-row" : undefined}>
      <th scope="row">{own ? t("tally.ownActivities", { unit: r.name }) : <Link to={drillHref(r.unitId)}>{r.name}</Link>}</th>
      <FigureCells figures={r.figures} href={(channel) => cellHref(r.unitId, channel)} />
      <td className="num">
        {r.pointsCovered}/{pointCount}
      </td>
      <td>
        {r.meetsTarget === null ? "–" : r.meetsTarget ? <span className="badge badge-ok">{t("tally.targetMet")}</span> : <span className="badge badge-warn">{t("tally.targetMissed")}</span>}
        {r.unitsBelowTarget > 0 && !own ? <div className="muted small">{t("tally.unitsBelowTarget", { n: r.unitsBelowTarget })}</div> : null}
      </td>
      <td className="num">{pct(r.memberCoverage)}</td>
      <td className="num">{own ? "" : `${r.reported}/${r.expected}`}</td>
      <td className="num">{own ? "" : `${r.onTime}/${r.expected}`}</td>
    </tr>
  );
  return (
    <div className="table-wrap">
      <table className="tally-by-unit">
        <caption>{t("tally.byUnitCaption")}</caption>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              {t("tally.unit")}
            </th>
            <ChannelHeader />
            <th rowSpan={2} scope="col" className="num">
              {t("tally.pointsCovered")}
            </th>
            <th rowSpan={2} scope="col">
              {t("tally.target")}
            </th>
            <th rowSpan={2} scope="col" className="num">
              {t("tally.memberCoverage")}
            </th>
            <th rowSpan={2} scope="col" className="num">
              {t("tally.reported")}
            </th>
            <th rowSpan={2} scope="col" className="num">
              {t("tally.onTime")}
            </th>
          </tr>
          <tr>
            <SubHeader />
          </tr>
        </thead>
        <tbody>
          {ownRow ? row(ownRow, true) : null}
          {rows.map((r) => row(r))}
        </tbody>
      </table>
    </div>
  );
}
