import type { ReportState } from "~/domain/report-schemas";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";

const STATE_CLASS: Record<ReportState, string> = {
  none: "badge report-state report-state-none",
  draft: "badge report-state report-state-draft",
  submitted: "badge report-state report-state-submitted",
  returned: "badge badge-warn report-state report-state-returned",
  accepted: "badge badge-ok report-state report-state-accepted",
};

export function ReportStateBadge({ state }: { state: ReportState }) {
  const t = useT();
  return <span className={STATE_CLASS[state]}>{t(`reports.state.${state}` as MessageKey)}</span>;
}

export type TimelinessView = "onTime" | "late" | "pending" | "overdue";

export function TimelinessBadge({ timeliness, daysOverdue }: { timeliness: TimelinessView; daysOverdue: number }) {
  const t = useT();
  switch (timeliness) {
    case "onTime":
      return <span className="badge badge-ok">{t("reports.timeliness.onTime")}</span>;
    case "late":
      return <span className="badge badge-warn">{t("reports.timeliness.late")}</span>;
    case "overdue":
      return <span className="badge report-overdue">{t("reports.timeliness.overdue", { n: daysOverdue })}</span>;
    default:
      return <span className="badge">{t("reports.timeliness.pending")}</span>;
  }
}
