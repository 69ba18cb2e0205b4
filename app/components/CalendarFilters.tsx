import { Form } from "@remix-run/react";
import type { ChannelCode } from "@db/schema";
import { ACTIVITY_STATUSES } from "~/domain/activity-schemas";
import type { CalendarQuery } from "~/domain/calendar-range";
import { CHANNEL_CODES } from "~/domain/channels";
import { useT } from "~/i18n/use-t";

interface Options {
  units: { id: number; name: string; depth: number }[];
  campaigns: { id: number; title: string }[];
  forms: { id: number; channel: ChannelCode; name: string }[];
  points: { id: number; code: string; title: string }[];
}

/** A GET form: every filter lives in the URL, so a link reproduces the view. */
export function CalendarFilters({ query, options }: { query: CalendarQuery & { date: string }; options: Options }) {
  const t = useT();
  const select = (name: string, label: string, value: string | number | undefined, choices: { value: string | number; label: string }[], all: string) => (
    <label className="filter">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ""}>
        <option value="">{all}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Form method="get" className="calendar-filters no-print" key={JSON.stringify(query)}>
      <input type="hidden" name="view" value={query.view} />
      <input type="hidden" name="date" value={query.date} />
      {select("campaign", t("activities.campaign"), query.campaign, options.campaigns.map((c) => ({ value: c.id, label: c.title })), t("calendar.all"))}
      {select("unit", t("activities.unit"), query.unit, options.units.map((u) => ({ value: u.id, label: `${"— ".repeat(u.depth)}${u.name}` })), t("calendar.myScope"))}
      <label className="filter">
        <span>{t("calendar.scope")}</span>
        <select name="scope" defaultValue={query.scope}>
          <option value="subtree">{t("calendar.scope.subtree")}</option>
          <option value="unit">{t("calendar.scope.unit")}</option>
        </select>
      </label>
      {select("channel", t("activities.channel"), query.channel, CHANNEL_CODES.map((c) => ({ value: c, label: t(`channel.${c}`) })), t("calendar.all"))}
      {select("form", t("activities.form"), query.form, options.forms.map((f) => ({ value: f.id, label: f.name })), t("calendar.all"))}
      {options.points.length ? select("point", t("calendar.point"), query.point, options.points.map((p) => ({ value: p.id, label: `${p.code}. ${p.title}` })), t("calendar.all")) : null}
      {select("status", t("calendar.status"), query.status, ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })), t("calendar.all"))}
      <div className="filter-actions">
        <button type="submit">{t("calendar.apply")}</button>
      </div>
    </Form>
  );
}
