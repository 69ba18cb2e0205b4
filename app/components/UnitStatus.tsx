import { formatDateOnly } from "~/domain/dates";
import { useT } from "~/i18n/use-t";

export function UnitStatus({ closedOn }: { closedOn: string | null }) {
  const t = useT();
  return closedOn ? (
    <span className="badge badge-closed">{t("units.closedOn", { date: formatDateOnly(closedOn) })}</span>
  ) : (
    <span className="badge badge-ok">{t("units.open")}</span>
  );
}
