import { formatDateTime } from "~/domain/dates";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";

export interface ReportHistoryView {
  action: "submit" | "return" | "accept";
  at: Date;
  by: string | null;
  comment: string | null;
  isOnTime: boolean | null;
}

/** Every submission, return and acceptance, oldest first, with the reviewers' comments. */
export function ReportHistory({ history }: { history: readonly ReportHistoryView[] }) {
  const t = useT();
  if (!history.length) return <p className="empty">{t("reports.history.empty")}</p>;
  return (
    <ol className="report-history">
      {history.map((entry, i) => (
        <li key={i} className={`report-history-${entry.action}`}>
          <p>
            <strong>{t(`reports.history.${entry.action}` as MessageKey)}</strong> · <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(new Date(entry.at))}</time>
            {entry.by ? <> · {t("reports.history.by", { name: entry.by })}</> : null}
            {entry.action === "submit" && entry.isOnTime !== null ? (
              <>
                {" "}
                <span className={entry.isOnTime ? "badge badge-ok" : "badge badge-warn"}>
                  {t(entry.isOnTime ? "reports.timeliness.onTime" : "reports.timeliness.late")}
                </span>
              </>
            ) : null}
          </p>
          {entry.comment ? <blockquote className="report-text">{entry.comment}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}
