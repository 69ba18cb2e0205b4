import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActivityForm } from "~/components/ActivityForm";
import { ActivitySummary } from "~/components/ActivitySummary";
import { ActivityWarnings } from "~/components/ActivityWarnings";
import { InputField } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import type { ActivityWarningView } from "~/domain/activity-warning";
import { activityFormSchema, cancelSchema, rescheduleSchema } from "~/domain/activity-schemas";
import { parseForm, submittedValues, type FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import {
  activityAsFormValues,
  activityFormOptions,
  cancelActivity,
  deleteActivity,
  getActivity,
  rescheduleActivity,
  updateActivity,
} from "~/services/activities.server";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import styles from "~/styles/activities.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** After a refused save (409: someone else changed the activity) reload it, so the fresh data shows. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const detail = await getActivity(db(), actor, requireIdParam(params.id));
  const options = detail.canEdit ? await activityFormOptions(db(), actor) : null;
  return { ...detail, options, values: activityAsFormValues(detail.activity, detail.points.map((p) => p.id)) };
}

type Result =
  | { kind: "form"; errors?: FieldErrors; warnings?: ActivityWarningView[]; values: Record<string, string | string[]> }
  | { kind: "cancel"; errors: FieldErrors }
  | { kind: "conflict" }
  | { kind: "refused"; reason: "notPlanned" | "hasResult" };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const id = requireIdParam(params.id);
  // Scope first: an activity outside the subtree is a 404 whatever the form says.
  await getActivity(db(), actor, id);
  const form = await request.formData();
  // A missing or malformed version (NaN would reach the SQL and fail on PostgreSQL) can match no row: a conflict.
  const posted = Number(form.get("version"));
  const version = Number.isInteger(posted) && posted > 0 && posted <= 2_147_483_647 ? posted : 0;
  switch (form.get("intent")) {
    case "update": {
      const parsed = parseForm(activityFormSchema, form, (values) => ({ ...values, pointIds: form.getAll("pointIds"), repeat: "none" }));
      if (!parsed.ok) return data({ kind: "form", errors: parsed.errors, values: parsed.values } satisfies Result, { status: 400 });
      const outcome = await updateActivity(db(), actor, id, version, parsed.data, form.get("acknowledgeWarnings") === "1");
      if (outcome.ok) return redirect(`/activities/${id}?saved=1`);
      if ("conflict" in outcome) return data({ kind: "conflict" } satisfies Result, { status: 409 });
      const values = submittedValues(form);
      if ("warnings" in outcome) return data({ kind: "form", warnings: outcome.warnings, values } satisfies Result, { status: 409 });
      return data({ kind: "form", errors: outcome.errors, values } satisfies Result, { status: 400 });
    }
    case "reschedule": {
      // Drag and drop posts here through a fetcher and reads the JSON answer.
      const parsed = rescheduleSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response(null, { status: 400 });
      const outcome = await rescheduleActivity(db(), actor, id, parsed.data);
      return data(outcome, { status: outcome.ok ? 200 : 409 });
    }
    case "cancel": {
      const parsed = parseForm(cancelSchema, form);
      // A version the form did not send (tampered or stale page) reads as an edit conflict.
      if (!parsed.ok && parsed.errors.version && !parsed.errors.reason) return data({ kind: "conflict" } satisfies Result, { status: 409 });
      if (!parsed.ok) return data({ kind: "cancel", errors: parsed.errors } satisfies Result, { status: 400 });
      const outcome = await cancelActivity(db(), actor, id, parsed.data.reason, parsed.data.version);
      if (outcome.ok) return redirect(`/activities/${id}?cancelled=1`);
      return data(("conflict" in outcome ? { kind: "conflict" } : { kind: "refused", reason: outcome.reason }) satisfies Result, { status: 409 });
    }
    case "delete": {
      const outcome = await deleteActivity(db(), actor, id, version);
      if (outcome.ok) return redirect("/calendar?deleted=1");
      return data(("conflict" in outcome ? { kind: "conflict" } : { kind: "refused", reason: outcome.reason }) satisfies Result, { status: 409 });
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

export default function ActivityPage() {
  const { activity, points, result, canEdit, options, values } = useLoaderData<typeof loader>();
  const outcome = useActionData<Result>();
  const [params] = useSearchParams();
  const t = useT();
  const formResult = outcome?.kind === "form" ? outcome : undefined;
  const notice = params.get("created")
    ? t("activities.createdN", { n: params.get("created")! })
    : params.get("saved")
      ? t("form.saved")
      : params.get("cancelled")
        ? t("activities.cancelledNotice")
        : null;
  return (
    <>
      <PageHeader title={activity.title}>
        <Link to={`/calendar?date=${values.startDate}&view=week`}>{t("activities.backToCalendar")}</Link>
      </PageHeader>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {outcome?.kind === "conflict" ? (
        <p className="form-error" role="alert">
          {t("activities.conflict")}
        </p>
      ) : null}
      {outcome?.kind === "refused" ? (
        <p className="form-error" role="alert">
          {t(outcome.reason === "hasResult" ? "activities.refused.hasResult" : "activities.refused.notPlanned")}
        </p>
      ) : null}
      <ActivitySummary activity={activity} points={points} result={result} />
      {canEdit ? (
        <nav className="activity-actions no-print" aria-label={t("activities.actions")}>
          {activity.status !== "cancelled" ? (
            <Link to={`/activities/${activity.id}/result`} className="button">
              {result ? t("activities.editResult") : t("activities.logResult")}
            </Link>
          ) : null}
          <Link to={`/activities/new?from=${activity.id}`} className="button button-quiet">
            {t("activities.duplicate")}
          </Link>
        </nav>
      ) : null}
      {canEdit && options && activity.status !== "cancelled" ? (
        <section>
          <h2>{t("activities.edit")}</h2>
          {formResult?.warnings ? <ActivityWarnings warnings={formResult.warnings} /> : null}
          <ActivityForm
            key={`${activity.version}-${outcome?.kind ?? ""}`}
            options={options}
            values={outcome?.kind === "conflict" ? values : formResult?.values ?? values}
            errors={formResult?.errors}
            intent="update"
            version={activity.version}
            confirmWarnings={Boolean(formResult?.warnings)}
            submitLabel={t("form.save")}
          />
        </section>
      ) : null}
      {canEdit && activity.status === "planned" ? (
        <section className="panel danger-zone">
          <h2>{t("activities.cancelTitle")}</h2>
          <Form method="post" noValidate className="cancel-form">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="version" value={activity.version} />
            <InputField
              name="reason"
              label={t("activities.cancelReason")}
              error={outcome?.kind === "cancel" ? outcome.errors.reason : undefined}
            />
            <div className="form-actions">
              <button type="submit" className="button-quiet">
                {t("activities.cancel")}
              </button>
            </div>
          </Form>
          {!result ? (
            <Form method="post" className="delete-form" onSubmit={(e) => (window.confirm(t("activities.deleteConfirm")) ? undefined : e.preventDefault())}>
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="version" value={activity.version} />
              <p className="hint">{t("activities.deleteHint")}</p>
              <button type="submit" className="button-quiet">
                {t("activities.delete")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
