import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageHeader } from "~/components/PageHeader";
import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { formatDate } from "~/domain/dates";
import { idSchema } from "~/domain/ids";
import { formatNumber } from "~/domain/numbers";
import { parseTallyQuery, tallyQueryString } from "~/domain/tally-query";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { notFound } from "~/services/http-errors.server";
import { resolveTallyScope, tallyActivities } from "~/services/tally.server";
import styles from "~/styles/tally.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const SHOWN = 500;
const cellSchema = z.object({
  point: idSchema.optional().catch(undefined),
  channel: z.enum(CHANNEL_CODES).optional().catch(undefined),
  subunit: idSchema.optional().catch(undefined),
});

/** The counted activities behind one cell of the tally: its figures add up from these rows. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const scope = await resolveTallyScope(db(), actor, parseTallyQuery(params));
  if (!scope) throw notFound();
  const cell = cellSchema.parse(Object.fromEntries(params));
  const rows = await tallyActivities(db(), actor, scope, { pointId: cell.point, channel: cell.channel, unitId: cell.subunit }, SHOWN + 1);
  const point = cell.point ? await db().selectFrom("content_point").select(["code", "title"]).where("id", "=", cell.point).executeTakeFirst() : undefined;
  const subunit = cell.subunit ? await db().selectFrom("unit").select("name").where("id", "=", cell.subunit).executeTakeFirst() : undefined;
  return { scope, cell, rows: rows.slice(0, SHOWN), truncated: rows.length > SHOWN, point: point ?? null, subunitName: subunit?.name ?? null };
}

export default function TallyActivitiesPage() {
  const { scope, cell, rows, truncated, point, subunitName } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number | null) => (v === null ? "" : formatNumber(v, locale));
  const filter = [point ? `${point.code}. ${point.title}` : null, cell.channel ? t(`channel.${cell.channel}`) : null, subunitName].filter(Boolean).join(" · ");
  return (
    <>
      <PageHeader title={t("tally.activities.title")}>
        <Link to={`/tally?${tallyQueryString(scope)}`}>{t("tally.activities.back")}</Link>
      </PageHeader>
      {filter ? <p className="muted">{t("tally.activities.filter", { filter })}</p> : null}
      {truncated ? (
        <p className="hint">
          {t("tally.activities.truncated", { n: SHOWN })} <a href={`/activities.csv?${tallyQueryString(scope)}`}>{t("tally.export.csv")}</a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="empty">{t("tally.activities.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("tally.activities.date")}</th>
                <th>{t("tally.unit")}</th>
                <th>{t("activities.channel")}</th>
                <th>{t("activities.title")}</th>
                <th>{t("tally.activities.points")}</th>
                <th className="num">{t("tally.col.sessions")}</th>
                <th className="num">{t("tally.col.attendance")}</th>
                <th className="num">{t("tally.col.visualItems")}</th>
                <th className="num">{t("tally.col.mediaItems")}</th>
                <th className="num">{t("tally.col.posts")}</th>
                <th className="num">{t("tally.col.reach")}</th>
                <th className="num">{t("tally.col.engagements")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(new Date(r.starts_at))}</td>
                  <td>{r.unit_name}</td>
                  <td>
                    <span aria-hidden="true">{CHANNELS[r.channel].icon}</span> {t(`channel.${r.channel}`)}
                    {r.form_name ? <div className="muted small">{r.form_name}</div> : null}
                  </td>
                  <td>
                    <Link to={`/activities/${r.id}`}>{r.title}</Link>
                  </td>
                  <td>{r.points.join(", ")}</td>
                  <td className="num">{r.channel === "spoken" ? 1 : ""}</td>
                  <td className="num">{n(r.attendance)}</td>
                  <td className="num">{n(r.quantity)}</td>
                  <td className="num">{n(r.items)}</td>
                  <td className="num">{n(r.posts)}</td>
                  <td className="num">{n(r.reach)}</td>
                  <td className="num">{n(r.engagements)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
