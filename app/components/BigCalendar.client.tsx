/**
 * react-big-calendar, in the browser only (its layout needs the DOM). Events arrive as real
 * instants and are shown at Vietnam's wall-clock time whatever zone the browser is in.
 */
import { format, getDay, parse, startOfWeek } from "date-fns";
import { enGB, vi } from "date-fns/locale";
import { useMemo } from "react";
import { Calendar, dateFnsLocalizer, type Formats, type Messages, type View } from "react-big-calendar";
import * as dragAndDropModule from "react-big-calendar/lib/addons/dragAndDrop";
import type { EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop";
import type { ActivityStatus, ChannelCode } from "@db/schema";
import { CHANNELS } from "~/domain/channels";
import type { Locale, Translate } from "~/i18n";

export interface CalendarItem {
  id: string;
  activityId: number | null;
  title: string;
  start: Date;
  end: Date;
  allDay: boolean;
  channel: ChannelCode;
  status: ActivityStatus | null;
  version: number;
  /** For summary items: the day they count. */
  day?: string;
}

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (date: Date) => startOfWeek(date, { weekStartsOn: 1 }),
  getDay,
  locales: { vi, en: enGB },
});

// The add-on ships as CommonJS; in an ESM app the bundler hands over the whole exports object.
type WithDragAndDrop = typeof import("react-big-calendar/lib/addons/dragAndDrop").default;
const dndExports = dragAndDropModule as unknown as { default: WithDragAndDrop | { default: WithDragAndDrop } };
const withDragAndDrop: WithDragAndDrop = typeof dndExports.default === "function" ? dndExports.default : dndExports.default.default;
const DragAndDropCalendar = withDragAndDrop<CalendarItem>(Calendar);

const hhmm = (d: Date) => format(d, "HH:mm");
const range = ({ start, end }: { start: Date; end: Date }) => `${hhmm(start)}–${hhmm(end)}`;

function formats(t: Translate): Formats {
  return {
    timeGutterFormat: "HH:mm",
    eventTimeRangeFormat: range,
    eventTimeRangeStartFormat: ({ start }) => `${hhmm(start)} –`,
    eventTimeRangeEndFormat: ({ end }) => `– ${hhmm(end)}`,
    selectRangeFormat: range,
    agendaTimeFormat: "HH:mm",
    agendaTimeRangeFormat: range,
    agendaDateFormat: "EEEE dd/MM",
    dayFormat: "EEEEE dd/MM",
    weekdayFormat: "EEEE",
    dayHeaderFormat: "EEEE dd/MM/yyyy",
    monthHeaderFormat: (date: Date) => t("calendar.monthHeader", { month: date.getMonth() + 1, year: date.getFullYear() }),
    dayRangeHeaderFormat: ({ start, end }) => `${format(start, "dd/MM")} – ${format(end, "dd/MM/yyyy")}`,
    agendaHeaderFormat: ({ start, end }) => `${format(start, "dd/MM/yyyy")} – ${format(end, "dd/MM/yyyy")}`,
  };
}

function messages(t: Translate): Messages {
  return {
    date: t("calendar.msg.date"),
    time: t("calendar.msg.time"),
    event: t("calendar.msg.event"),
    allDay: t("calendar.msg.allDay"),
    week: t("calendar.view.week"),
    work_week: t("calendar.msg.workWeek"),
    day: t("calendar.view.day"),
    month: t("calendar.view.month"),
    previous: t("calendar.previous"),
    next: t("calendar.next"),
    yesterday: t("calendar.msg.yesterday"),
    tomorrow: t("calendar.msg.tomorrow"),
    today: t("calendar.today"),
    agenda: t("calendar.view.agenda"),
    noEventsInRange: t("calendar.empty"),
    showMore: (total: number) => t("calendar.showMore", { n: total }),
  };
}

interface Props {
  items: CalendarItem[];
  view: View;
  date: Date;
  locale: Locale;
  t: Translate;
  canDrag: boolean;
  onNavigate: (date: Date, view: View) => void;
  onSelectItem: (item: CalendarItem) => void;
  onSelectSlot: (slot: { start: Date; end: Date; allDay: boolean }) => void;
  onMove: (args: { item: CalendarItem; start: Date; end: Date; allDay: boolean }) => void;
}

export function BigCalendar({ items, view, date, locale, t, canDrag, onNavigate, onSelectItem, onSelectSlot, onMove }: Props) {
  const memoFormats = useMemo(() => formats(t), [t]);
  const memoMessages = useMemo(() => messages(t), [t]);
  const move = ({ event, start, end, isAllDay }: EventInteractionArgs<CalendarItem>) =>
    onMove({ item: event, start: new Date(start), end: new Date(end), allDay: Boolean(isAllDay ?? event.allDay) });
  return (
    <DragAndDropCalendar
      localizer={localizer}
      culture={locale}
      events={items}
      view={view}
      date={date}
      views={["month", "week", "day", "agenda"]}
      onView={(next) => onNavigate(date, next)}
      onNavigate={(next, nextView) => onNavigate(next, nextView)}
      formats={memoFormats}
      messages={memoMessages}
      popup
      selectable={canDrag}
      onSelectSlot={(slot) => {
        const start = slot.start as Date;
        const end = slot.end as Date;
        // Day cells (month view, the all-day row) run midnight to midnight; time slots do not.
        onSelectSlot({ start, end, allDay: isMidnight(start) && isMidnight(end) && end > start });
      }}
      onSelectEvent={onSelectItem}
      onDoubleClickEvent={onSelectItem}
      draggableAccessor={(item) => canDrag && item.activityId !== null && item.status !== "cancelled"}
      resizableAccessor={(item) => canDrag && item.activityId !== null && item.status !== "cancelled"}
      onEventDrop={move}
      onEventResize={move}
      scrollToTime={new Date(1970, 0, 1, 7, 0)}
      style={{ height: view === "month" ? 760 : 900 }}
      eventPropGetter={(item) => ({
        className: `rbc-channel-${item.channel} ${item.status ? `rbc-status-${item.status}` : "rbc-summary"}`,
        style: { backgroundColor: CHANNELS[item.channel].color },
      })}
      titleAccessor={(item) => `${CHANNELS[item.channel].icon} ${item.status === "done" ? "✓ " : ""}${item.title}`}
      tooltipAccessor={(item) => item.title}
    />
  );
}

function isMidnight(d: Date) {
  return d.getHours() === 0 && d.getMinutes() === 0;
}
