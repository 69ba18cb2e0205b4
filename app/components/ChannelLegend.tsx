import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { useT } from "~/i18n/use-t";

export function ChannelLegend() {
  const t = useT();
  return (
    <ul className="channel-legend" aria-label={t("calendar.legend")}>
      {CHANNEL_CODES.map((c) => (
        <li key={c}>
          <span className="swatch" style={{ backgroundColor: CHANNELS[c].color }} aria-hidden="true" /> {CHANNELS[c].icon} {t(`channel.${c}`)}
        </li>
      ))}
      <li>
        <span className="legend-done">✓</span> {t("status.done")}
      </li>
      <li>
        <s>{t("status.cancelled")}</s>
      </li>
    </ul>
  );
}
