import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActivityForm } from "~/components/ActivityForm";
import { ActivityWarnings } from "~/components/ActivityWarnings";
import { PageHeader } from "~/components/PageHeader";
import { activityFormSchema } from "~/domain/activity-schemas";
import { parseForm, submittedValues } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { activityAsFormValues, activityFormOptions, createActivities, getActivity } from "~/services/activities.server";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { parseId } from "~/domain/ids";
import type { ActivityWarning } from "~/services/activity-warnings.server";
import type { FieldErrors } from "~/domain/validation";
import styles from "~/styles/activities.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** Prefill from the calendar slot (?date=&start=&end=&allDay=1) or from an activity to duplicate (?from=ID). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const url = new URL(request.url);
  const options = await activityFormOptions(db(), actor);
  const fromId = parseId(url.searchParams.get("from"));
  let values: Record<string, string | string[]> = {
    campaignId: url.searchParams.get("campaign") ?? String(options.campaigns[0]?.id ?? ""),
    unitId: url.searchParams.get("unit") ?? String(actor.unitId),
    channel: url.searchParams.get("channel") ?? "spoken",
    startDate: url.searchParams.get("date") ?? "",
    startTime: url.searchParams.get("start") ?? "",
    endDate: url.searchParams.get("endDate") ?? url.searchParams.get("date") ?? "",
    endTime: url.searchParams.get("end") ?? "",
    allDay: url.searchParams.get("allDay") === "1" ? "on" : "",
  };
  if (fromId) {
    const source = await getActivity(db(), actor, fromId);
    values = activityAsFormValues(source.activity, source.points.map((p) => p.id));
  }
  return { options, values, duplicating: Boolean(fromId) };
}

type Result = { errors?: FieldErrors; warnings?: ActivityWarning[]; values: Record<string, string | string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const form = await request.formData();
  const parsed = parseForm(activityFormSchema, form, (values) => ({ ...values, pointIds: form.getAll("pointIds") }));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values } satisfies Result, { status: 400 });
  const outcome = await createActivities(db(), actor, parsed.data, form.get("acknowledgeWarnings") === "1");
  if (outcome.ok) {
    const first = outcome.ids[0];
    return redirect(`/activities/${first}?created=${outcome.ids.length}`);
  }
  const values = submittedValues(form);
  if ("warnings" in outcome) return data({ warnings: outcome.warnings, values } satisfies Result, { status: 409 });
  if ("errors" in outcome) return data({ errors: outcome.errors, values } satisfies Result, { status: 400 });
  throw new Response(null, { status: 409 });
}

export default function NewActivityPage() {
  const { options, values, duplicating } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const t = useT();
  return (
    <>
      <PageHeader title={duplicating ? t("activities.duplicateTitle") : t("activities.new")}>
        <Link to="/calendar">{t("activities.backToCalendar")}</Link>
      </PageHeader>
      {options.campaigns.length === 0 ? (
        <p className="empty">{t("activities.noCampaign")}</p>
      ) : (
        <>
          {result?.warnings ? <ActivityWarnings warnings={result.warnings} /> : null}
          <ActivityForm
            options={options}
            values={result?.values ?? values}
            errors={result?.errors}
            intent="create"
            allowRepeat
            confirmWarnings={Boolean(result?.warnings)}
            submitLabel={t("activities.create")}
          />
        </>
      )}
    </>
  );
}
