import { formatDateOnly, formatDateTime } from "~/domain/dates";
import { useT } from "~/i18n/use-t";
import type { ActivityWarningView } from "~/domain/activity-warning";

/** Double bookings and out-of-period dates: the user reads them and may save anyway. */
export function ActivityWarnings({ warnings }: { warnings: ActivityWarningView[] }) {
  const t = useT();
  return (
    <div className="warning-panel" role="alert">
      <p>
        <strong>{t("activities.warningsTitle")}</strong>
      </p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.kind === "outsidePeriod"
              ? t("activities.warning.outsidePeriod", { from: formatDateOnly(w.startsOn), to: formatDateOnly(w.endsOn) })
              : t(w.kind === "presenter" ? "activities.warning.presenter" : "activities.warning.location", {
                  title: w.otherTitle,
                  unit: w.otherUnit,
                  when: formatDateTime(new Date(w.otherStartsAt)),
                })}
          </li>
        ))}
      </ul>
      <p className="hint">{t("activities.warningsHint")}</p>
    </div>
  );
}
