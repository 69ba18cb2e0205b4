import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ChannelCode } from "@db/schema";
import { PageHeader } from "~/components/PageHeader";
import { CHANNELS } from "~/domain/channels";
import { formatDate, formatDateTime } from "~/domain/dates";
import { idSchema } from "~/domain/ids";
import { REACH_SOURCES, RESULT_GRACE_DAYS, RESULT_SCHEMAS } from "~/domain/result-schemas";
import { roleAtLeast } from "~/domain/roles";
import { fieldErrorsOf, submittedValues, type FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { getActivity } from "~/services/activities.server";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { pendingResults, saveResult } from "~/services/results.server";
import styles from "~/styles/activities.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { pending: await pendingResults(db(), actor), canLog: roleAtLeast(actor.role, "editor") };
}

type Result = { activityId: number; errors?: FieldErrors; values?: Record<string, string | string[]>; reason?: string };

/** Quick logging of an activity's main figure, straight from the list. */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const form = await request.formData();
  const activityId = idSchema.safeParse(form.get("activityId"));
  if (!activityId.success) throw new Response(null, { status: 400 });
  const { activity } = await getActivity(db(), actor, activityId.data);
  const values = submittedValues(form);
  const parsed = RESULT_SCHEMAS[activity.channel].safeParse(values);
  if (!parsed.success) return data({ activityId: activity.id, errors: fieldErrorsOf(parsed.error), values } satisfies Result, { status: 400 });
  const outcome = await saveResult(db(), actor, activity.id, parsed.data);
  if (!outcome.ok) return data({ activityId: activity.id, reason: "errors" in outcome ? "invalid" : outcome.reason, values } satisfies Result, { status: 409 });
  return redirect(`/results/pending?logged=${encodeURIComponent(activity.title)}`);
}

export default function PendingResultsPage() {
  const { pending, canLog } = useLoaderData<typeof loader>();
  const failed = useActionData<Result>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <PageHeader title={t("results.pending.title")}>
        {canLog ? <Link to="/results/import/facebook">{t("results.pending.import")}</Link> : null}
      </PageHeader>
      <p className="muted">{t("results.pending.intro")}</p>
      {params.get("logged") ? (
        <p className="notice" role="status">
          {t("results.pending.logged", { title: params.get("logged")! })}
        </p>
      ) : null}
      {pending.length === 0 ? (
        <p className="empty">{t("results.pending.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="pending-list">
            <thead>
              <tr>
                <th>{t("activities.when")}</th>
                <th>{t("activities.title")}</th>
                <th>{t("activities.unit")}</th>
                <th>{t("results.mainFigure")}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((row) => (
                <tr key={row.id} className={row.isOverdue ? "overdue" : undefined}>
                  <td>
                    {row.is_all_day ? formatDate(new Date(row.starts_at)) : formatDateTime(new Date(row.starts_at))}
                    {row.isOverdue ? (
                      <>
                        <br />
                        <span className="badge badge-warn" title={t("results.pending.overdueHint", { days: RESULT_GRACE_DAYS })}>
                          {t("results.pending.overdue")}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <span aria-hidden="true">{CHANNELS[row.channel].icon}</span> <Link to={`/activities/${row.id}`}>{row.title}</Link>
                  </td>
                  <td>{row.unit_name}</td>
                  <td>
                    {row.isLocked ? (
                      <span className="muted">{t("results.pending.locked")}</span>
                    ) : canLog ? (
                      <QuickLog activityId={row.id} channel={row.channel} failed={failed?.activityId === row.id ? failed : undefined} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function QuickLog({ activityId, channel, failed }: { activityId: number; channel: ChannelCode; failed?: Result }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const value = (name: string) => (typeof failed?.values?.[name] === "string" ? (failed.values[name] as string) : "");
  const field = (name: string, label: string) => (
    <input name={name} inputMode="numeric" aria-label={label} placeholder={label} defaultValue={value(name)} aria-invalid={failed?.errors?.[name] ? true : undefined} required />
  );
  const error = failed?.errors ? Object.values(failed.errors)[0] : undefined;
  return (
    <Form method="post" className="quick">
      <input type="hidden" name="activityId" value={activityId} />
      {channel === "spoken" ? field("attendance", t("results.attendance")) : null}
      {channel === "visual" ? field("quantity", t("results.quantity")) : null}
      {channel === "media" ? field("items", t("results.items")) : null}
      {channel === "facebook" ? (
        <>
          <input type="hidden" name="posts" value="1" />
          {field("reach", t("results.reach"))}
          <select name="reachSource" aria-label={t("results.reachSource")} defaultValue={value("reachSource") || "meta_reach"}>
            {REACH_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`results.reachSource.${s}`)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <button type="submit" className="button-small" disabled={busy}>
        {t("results.pending.quickSave")}
      </button>
      <Link to={`/activities/${activityId}/result`} className="button-quiet button-small button">
        {t("results.pending.full")}
      </Link>
      {error ? <span className="field-error">{t(error.key, error.params)}</span> : null}
      {failed?.reason === "locked" ? <span className="field-error">{t("results.locked")}</span> : null}
    </Form>
  );
}
