import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";

interface Gaps {
  uncoveredPoints: { id: number; code: string; title: string }[];
  lowCoveragePoints: { id: number; code: string; title: string; coverage: number | null }[];
  unitsWithoutActivity: UnitList;
  unitsBelowTarget: UnitList;
  unitsNotReported: UnitList;
}

/** The first units of a list (the server cuts it) and how many it has in all. */
interface UnitList {
  total: number;
  shown: { unitId: number; name: string }[];
}

/** What is still missing: the list a board works through before the deadline. */
export function TallyGaps({ gaps, lowCoveragePct, unitsListed }: { gaps: Gaps; lowCoveragePct: number; unitsListed: boolean }) {
  const t = useT();
  const locale = useLocale();
  const units = (list: UnitList) =>
    list.total === 0 ? (
      <p className="muted">{t("tally.gaps.none")}</p>
    ) : !unitsListed ? (
      <p className="muted">{t("tally.gaps.tooMany")}</p>
    ) : (
      <ul>
        {list.shown.map((u) => (
          <li key={u.unitId}>{u.name}</li>
        ))}
        {list.total > list.shown.length ? <li className="muted">{t("tally.gaps.more", { n: formatNumber(list.total - list.shown.length, locale) })}</li> : null}
      </ul>
    );
  const points = (list: { id: number; code: string; title: string }[]) =>
    list.length === 0 ? (
      <p className="muted">{t("tally.gaps.none")}</p>
    ) : (
      <ul>
        {list.map((p) => (
          <li key={p.id}>
            <strong>{p.code}.</strong> {p.title}
          </li>
        ))}
      </ul>
    );
  return (
    <section className="panel tally-gaps">
      <h2>{t("tally.gaps")}</h2>
      <div className="gap-grid">
        <div>
          <h3>
            {t("tally.gaps.uncovered")} ({gaps.uncoveredPoints.length})
          </h3>
          {points(gaps.uncoveredPoints)}
        </div>
        <div>
          <h3>
            {t("tally.gaps.lowCoverage", { pct: lowCoveragePct })} ({gaps.lowCoveragePoints.length})
          </h3>
          {points(gaps.lowCoveragePoints)}
        </div>
        <div>
          <h3>
            {t("tally.gaps.noActivity")} ({formatNumber(gaps.unitsWithoutActivity.total, locale)})
          </h3>
          {units(gaps.unitsWithoutActivity)}
        </div>
        <div>
          <h3>
            {t("tally.gaps.belowTarget")} ({formatNumber(gaps.unitsBelowTarget.total, locale)})
          </h3>
          {units(gaps.unitsBelowTarget)}
        </div>
        <div>
          <h3>
            {t("tally.gaps.notReported")} ({formatNumber(gaps.unitsNotReported.total, locale)})
          </h3>
          {units(gaps.unitsNotReported)}
        </div>
      </div>
    </section>
  );
}
