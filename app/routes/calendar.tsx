import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useNavigate, useRevalidator, useSearchParams } from "@remix-run/react";
import { addDays, addMonths, format, parseISO } from "date-fns";
import { useEffect, useMemo, useState, type ComponentType } from "react";
import type { View } from "react-big-calendar";
import rbcStyles from "react-big-calendar/lib/css/react-big-calendar.css";
import rbcDragStyles from "react-big-calendar/lib/addons/dragAndDrop/styles.css";
import type { CalendarItem } from "~/components/BigCalendar.client";
import { CalendarFilters } from "~/components/CalendarFilters";
import { CalendarList } from "~/components/CalendarList";
import { ChannelLegend } from "~/components/ChannelLegend";
import { PageHeader } from "~/components/PageHeader";
import { calendarQuerySchema, type CalendarView } from "~/domain/calendar-range";
import { todayInAppZone } from "~/domain/dates";
import { fromBrowserWallClock, toBrowserWallClock } from "~/domain/wall-clock";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { calendarData, calendarFilterOptions } from "~/services/calendar.server";
import { db } from "~/services/db.server";
import styles from "~/styles/calendar.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rbcStyles },
  { rel: "stylesheet", href: rbcDragStyles },
  { rel: "stylesheet", href: styles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const query = calendarQuerySchema.parse(Object.fromEntries(url.searchParams));
  const date = query.date ?? todayInAppZone();
  const [data, options] = await Promise.all([calendarData(db(), actor, { ...query, date }), calendarFilterOptions(db(), actor, query.campaign)]);
  return { query: { ...query, date }, data, options };
}

type BigCalendarType = typeof import("~/components/BigCalendar.client").BigCalendar;

interface RescheduleAnswer {
  ok: boolean;
  conflict?: boolean;
  warnings?: unknown[];
}

export default function CalendarPage() {
  const { query, data, options } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  const fetcher = useFetcher<RescheduleAnswer>();
  const [BigCalendar, setBigCalendar] = useState<BigCalendarType | null>(null);
  const [moved, setMoved] = useState<Record<string, Pick<CalendarItem, "start" | "end" | "allDay">>>({});
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    // Loaded in the browser only: the page works (as a list) before and without it.
    import("~/components/BigCalendar.client").then((m) => setBigCalendar(() => m.BigCalendar as ComponentType as BigCalendarType));
  }, []);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) {
      setMessage(fetcher.data.warnings?.length ? t("calendar.movedWithWarnings") : t("calendar.moved"));
    } else {
      setMessage(fetcher.data.conflict ? t("activities.conflict") : t("error.unexpected"));
    }
    setMoved({});
    revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  const items: CalendarItem[] = useMemo(() => {
    if (data.mode === "summary") {
      return data.buckets.map((b) => {
        const start = parseISO(b.date);
        return {
          id: `${b.date}-${b.channel}`,
          activityId: null,
          title: t("calendar.summaryItem", { n: b.count, channel: t(`channel.${b.channel}`) }),
          start,
          end: addDays(start, 1),
          allDay: true,
          channel: b.channel,
          status: null,
          version: 0,
          day: b.date,
        };
      });
    }
    return data.events.map((e) => {
      const id = String(e.id);
      const base = { start: toBrowserWallClock(new Date(e.starts_at)), end: toBrowserWallClock(new Date(e.ends_at)), allDay: e.is_all_day };
      return { id, activityId: e.id, title: `${e.title} · ${e.unit_name}`, channel: e.channel, status: e.status, version: e.version, ...base, ...moved[id] };
    });
  }, [data, moved, t]);

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    navigate(`?${next}`, { preventScrollReset: true });
  };

  const shift = (direction: -1 | 1) => {
    const day = parseISO(query.date);
    const next = query.view === "month" ? addMonths(day, direction) : addDays(day, direction * (query.view === "week" ? 7 : query.view === "day" ? 1 : 30));
    return format(next, "yyyy-MM-dd");
  };
  const linkTo = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    return `?${next}`;
  };

  return (
    <>
      <PageHeader title={t("calendar.title")}>
        <div className="calendar-actions no-print">
          {options.canPlan ? (
            <Link to={`/activities/new?date=${query.date}${query.campaign ? `&campaign=${query.campaign}` : ""}`} className="button">
              {t("calendar.plan")}
            </Link>
          ) : null}
          <Link to={`/calendar/print?${new URLSearchParams({ ...Object.fromEntries(params), month: query.date.slice(0, 7) })}`} className="button button-quiet">
            {t("calendar.printPlan")}
          </Link>
          <Link to={`/account/feed?${params}`} className="button button-quiet">{t("feed.link")}</Link>
        </div>
      </PageHeader>
      <CalendarFilters query={query} options={options} />
      {/* The calendar widget has its own toolbar; these links serve readers without JavaScript. */}
      <nav className="calendar-nav no-print" aria-label={t("calendar.navigation")} hidden={BigCalendar !== null}>
        <Link to={linkTo({ date: shift(-1) })} preventScrollReset>
          ‹ {t("calendar.previous")}
        </Link>
        <Link to={linkTo({ date: todayInAppZone() })} preventScrollReset>
          {t("calendar.today")}
        </Link>
        <Link to={linkTo({ date: shift(1) })} preventScrollReset>
          {t("calendar.next")} ›
        </Link>
        <span className="view-links">
          {(["month", "week", "day", "agenda"] as CalendarView[]).map((view) => (
            <Link key={view} to={linkTo({ view })} aria-current={view === query.view ? "page" : undefined} preventScrollReset>
              {t(`calendar.view.${view}`)}
            </Link>
          ))}
        </span>
      </nav>
      <ChannelLegend />
      {message ? (
        <p className="notice" role="status" aria-live="polite">
          {message}
        </p>
      ) : null}
      {data.mode === "summary" ? <p className="hint">{t("calendar.summaryHint", { n: data.total })}</p> : null}
      {BigCalendar ? (
        <div className="calendar-frame">
          <BigCalendar
            items={items}
            view={query.view as View}
            date={parseISO(query.date)}
            locale={locale}
            t={t}
            canDrag={options.canPlan && data.mode === "events"}
            onNavigate={(date, view) => go({ date: format(date, "yyyy-MM-dd"), view })}
            onSelectItem={(item) => (item.activityId ? navigate(`/activities/${item.activityId}`) : go({ view: "day", date: item.day, channel: item.channel }))}
            onSelectSlot={({ start, end, allDay }) => {
              if (!options.canPlan) return;
              const q = new URLSearchParams({ date: format(start, "yyyy-MM-dd") });
              if (allDay) {
                q.set("allDay", "1");
                q.set("endDate", format(addDays(end, -1), "yyyy-MM-dd"));
              } else {
                q.set("start", format(start, "HH:mm"));
                q.set("end", format(end, "HH:mm"));
                q.set("endDate", format(end, "yyyy-MM-dd"));
              }
              if (query.campaign) q.set("campaign", String(query.campaign));
              navigate(`/activities/new?${q}`);
            }}
            onMove={({ item, start, end, allDay }) => {
              setMoved((m) => ({ ...m, [item.id]: { start, end, allDay } }));
              fetcher.submit(
                {
                  intent: "reschedule",
                  startsAt: fromBrowserWallClock(start).toISOString(),
                  endsAt: fromBrowserWallClock(end).toISOString(),
                  allDay: allDay ? "true" : "false",
                  version: String(item.version),
                },
                { method: "post", action: `/activities/${item.activityId}` },
              );
            }}
          />
        </div>
      ) : (
        <CalendarList data={data} />
      )}
    </>
  );
}
