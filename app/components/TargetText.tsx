import type { ChannelCode } from "@db/schema";
import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";

export interface TargetRow {
  unit_kind_name: string | null;
  min_members: number | null;
  max_members: number | null;
  channel: ChannelCode | null;
  min_activities: number;
  member_coverage_pct: number | null;
}

/** A target in words: "Công đoàn cơ sở từ 1.000 đoàn viên: ít nhất 4 hoạt động". */
export function TargetText({ target }: { target: TargetRow }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const who = target.unit_kind_name ?? t("campaigns.target.everyUnit");
  const band =
    target.min_members !== null && target.max_members !== null
      ? t("campaigns.target.band", { min: n(target.min_members), max: n(target.max_members) })
      : target.min_members !== null
        ? t("campaigns.target.from", { min: n(target.min_members) })
        : target.max_members !== null
          ? t("campaigns.target.upTo", { max: n(target.max_members) })
          : "";
  const parts: string[] = [];
  if (target.min_activities > 0) {
    parts.push(
      target.channel
        ? t("campaigns.target.activitiesInChannel", { n: n(target.min_activities), channel: t(`channel.${target.channel}`) })
        : t("campaigns.target.activities", { n: n(target.min_activities) }),
    );
  }
  if (target.member_coverage_pct !== null) parts.push(t("campaigns.target.coverage", { pct: n(target.member_coverage_pct) }));
  return (
    <>
      <strong>
        {who}
        {band ? ` ${band}` : ""}
      </strong>
      : {parts.join("; ")}
    </>
  );
}
