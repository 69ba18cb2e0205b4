import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { PageHeader } from "~/components/PageHeader";
import { calendarQuerySchema } from "~/domain/calendar-range";
import { formatNumber } from "~/domain/numbers";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { disableFeed, enableFeed, feedPage, filterQueryString, publicOrigin, regenerateFeed } from "~/services/feed.server";
import { httpError } from "~/services/http-errors.server";

export const meta: MetaFunction = () => [{ title: `${translator("vi")("feed.title")} · ${translator("vi")("app.name")}` }];

/** The page shows a secret address: no cache may keep it. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

const doneSchema = z.enum(["enabled", "regenerated", "disabled"]).nullable().catch(null);
const intentSchema = z.object({ intent: z.enum(["enable", "regenerate", "disable"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const query = calendarQuerySchema.parse(Object.fromEntries(params));
  const page = await feedPage(db(), actor, publicOrigin(request), query);
  return data({ ...page, done: doneSchema.parse(params.get("done")) }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw httpError(400, "feed.badRequest");
  const { intent } = parsed.data;
  if (intent === "enable") await enableFeed(db(), actor);
  else if (intent === "regenerate") await regenerateFeed(db(), actor);
  else await disableFeed(db(), actor);
  // Keep the calendar filters the page was opened with; a reload does not post again.
  const query = calendarQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const next = new URLSearchParams(filterQueryString(query));
  next.set("done", intent === "enable" ? "enabled" : intent === "regenerate" ? "regenerated" : "disabled");
  return redirect(`/account/feed?${next}`);
}

export default function FeedPage() {
  const { enabled, url, filteredUrl, filters, window: range, done } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) notice.current?.focus();
  }, [done]);
  const formAction = `/account/feed${filters}`;
  const confirmFirst = (message: string) => (event: React.MouseEvent<HTMLButtonElement>) => {
    if (!globalThis.confirm(message)) event.preventDefault();
  };
  return (
    <>
      <PageHeader title={t("feed.title")}>
        <Link to="/calendar" className="button button-quiet">
          {t("feed.backToCalendar")}
        </Link>
      </PageHeader>
      {done ? (
        <div className="notice" ref={notice} tabIndex={-1} role="status" style={{ marginBottom: "1rem" }}>
          {t(`feed.done.${done}`)}
        </div>
      ) : null}
      <section className="panel" aria-labelledby="feed-state">
        <p>{t("feed.intro")}</p>
        <p className="hint">{t("feed.window", { past: range.past, future: range.future, max: formatNumber(range.max, locale) })}</p>
        <p id="feed-state">
          <span className={enabled ? "badge badge-ok" : "badge"}>{enabled ? t("feed.on") : t("feed.off")}</span>
        </p>
        {enabled && url ? (
          <>
            <FeedAddress id="feed-url" label={t("feed.url")} url={url} hint={t("feed.urlHint")} />
            {filteredUrl ? <FeedAddress id="feed-url-filtered" label={t("feed.filteredUrl")} url={filteredUrl} /> : null}
            <div className="form-actions">
              <Form method="post" action={formAction}>
                <button type="submit" name="intent" value="regenerate" onClick={confirmFirst(t("feed.regenerateConfirm"))}>
                  {t("feed.regenerate")}
                </button>
              </Form>
              <Form method="post" action={formAction}>
                <button type="submit" name="intent" value="disable" className="button-quiet" onClick={confirmFirst(t("feed.disableConfirm"))}>
                  {t("feed.disable")}
                </button>
              </Form>
            </div>
            <p className="hint">{t("feed.regenerateHint")}</p>
          </>
        ) : (
          <Form method="post" action={formAction}>
            <button type="submit" name="intent" value="enable">
              {t("feed.enable")}
            </button>
          </Form>
        )}
      </section>
      <section className="panel">
        <h2>{t("feed.howTo")}</h2>
        <ul>
          <li>{t("feed.howTo.google")}</li>
          <li>{t("feed.howTo.outlook")}</li>
          <li>{t("feed.howTo.iphone")}</li>
        </ul>
      </section>
    </>
  );
}

/** The address in a read-only field (select it to copy by hand), a copy button and a webcal: link. */
function FeedAddress({ id, label, url, hint }: { id: string; label: string; url: string; hint?: string }) {
  const t = useT();
  const [scripted, setScripted] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => setScripted(true), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t("feed.copied"));
    } catch {
      setMessage(t("feed.copyFailed"));
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="text"
        value={url}
        readOnly
        spellCheck={false}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onFocus={(e) => e.currentTarget.select()}
        style={{ fontFamily: "ui-monospace, monospace", fontSize: "0.85rem" }}
      />
      <div className="form-actions" style={{ marginTop: "0.5rem", alignItems: "center" }}>
        {scripted ? (
          <button type="button" className="button-quiet" onClick={copy}>
            {t("feed.copy")}
          </button>
        ) : null}
        <a href={url.replace(/^https?:/, "webcal:")}>{t("feed.openInApp")}</a>
        <span role="status" aria-live="polite" className="muted">
          {message}
        </span>
      </div>
    </div>
  );
}
