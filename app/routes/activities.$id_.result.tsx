import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { limitParts } from "~/services/upload-limits.server";
import { data, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActivitySummary } from "~/components/ActivitySummary";
import { PageHeader } from "~/components/PageHeader";
import { ResultForm } from "~/components/ResultForm";
import { idSchema } from "~/domain/ids";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES, RESULT_SCHEMAS } from "~/domain/result-schemas";
import { roleAtLeast } from "~/domain/roles";
import { fieldErrorsOf, submittedValues, type FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { getActivity } from "~/services/activities.server";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { listEvidence } from "~/services/evidence.server";
import { areResultsLocked } from "~/services/report-lock.server";
import { removeEvidence, resultTarget, saveResult } from "~/services/results.server";
import { httpError } from "~/services/http-errors.server";
import { requireIdParam } from "~/services/route-helpers.server";
import styles from "~/styles/activities.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireIdParam(params.id);
  const detail = await getActivity(db(), actor, id);
  const [evidence, locked] = await Promise.all([listEvidence(db(), id), areResultsLocked(db(), detail.activity.campaign_id, detail.activity.unit_id)]);
  return { ...detail, evidence, locked, canEdit: roleAtLeast(actor.role, "editor") && !locked };
}

type Result = { errors?: FieldErrors; values?: Record<string, string | string[]>; reason?: "locked" | "cancelled" };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const id = requireIdParam(params.id);
  // 404 before the body is read; saveResult reuses it instead of reading the activity again.
  const target = await resultTarget(db(), actor, id);
  const { activity } = target;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      limitParts(unstable_createMemoryUploadHandler({
        maxPartSize: MAX_EVIDENCE_BYTES,
        // Text fields pass through; files only from the photos input.
        filter: ({ name, filename }) => filename === undefined || name === "photos",
      })),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return data({ errors: { photos: { key: "results.evidence.tooLarge" } } } satisfies Result, { status: 413 });
    }
    // A body that is not multipart (or is cut off) cannot be read: the client's fault, not a 500.
    if (error instanceof TypeError) throw httpError(400, "error.badRequest");
    throw error;
  }
  if (form.get("intent") === "removePhoto") {
    const photoId = idSchema.safeParse(form.get("photoId"));
    if (!photoId.success) throw new Response(null, { status: 400 });
    const outcome = await removeEvidence(db(), actor, id, photoId.data);
    return outcome.ok ? redirect(`/activities/${id}/result`) : data({ reason: "locked" } satisfies Result, { status: 409 });
  }
  const values = submittedValues(form);
  const files = form.getAll("photos").filter((f): f is File => f instanceof File && f.size > 0);
  if (files.length > MAX_EVIDENCE_FILES) return data({ errors: { photos: { key: "results.evidence.tooMany" } }, values } satisfies Result, { status: 400 });
  const parsed = RESULT_SCHEMAS[activity.channel].safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values } satisfies Result, { status: 400 });
  const photos = await Promise.all(files.map(async (f) => ({ fileName: f.name, bytes: Buffer.from(await f.arrayBuffer()) })));
  const outcome = await saveResult(db(), actor, id, parsed.data, photos, target);
  if (outcome.ok) return redirect(`/activities/${id}/result?saved=1`);
  if ("errors" in outcome) return data({ errors: outcome.errors, values } satisfies Result, { status: 400 });
  return data({ reason: outcome.reason, values } satisfies Result, { status: 409 });
}

export default function ActivityResultPage() {
  const { activity, points, result, evidence, locked, canEdit } = useLoaderData<typeof loader>();
  const outcome = useActionData<Result>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <PageHeader title={`${t("results.title")}: ${activity.title}`}>
        <Link to={`/activities/${activity.id}`}>{t("common.back")}</Link>
      </PageHeader>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("results.saved")}
        </p>
      ) : null}
      {locked || outcome?.reason === "locked" ? (
        <p className="form-error" role="alert">
          {t("results.locked")}
        </p>
      ) : null}
      {activity.status === "cancelled" || outcome?.reason === "cancelled" ? (
        <p className="form-error" role="alert">
          {t("results.cancelledActivity")}
        </p>
      ) : null}
      <ActivitySummary activity={activity} points={points} result={result} />
      {canEdit && activity.status !== "cancelled" ? (
        <>
          <ResultForm
            channel={activity.channel}
            saved={result}
            defaults={{ presenter: activity.presenter, quantityUnit: activity.quantity_unit }}
            errors={outcome?.errors}
            values={outcome?.values}
            canAddPhotos={evidence.length < MAX_EVIDENCE_FILES}
          />
          {result ? <p className="hint">{t("results.previousValues")}</p> : null}
        </>
      ) : null}
      <section className="panel">
        <h2>{t("results.evidence")}</h2>
        {evidence.length === 0 ? (
          <p className="empty">{t("results.noEvidence")}</p>
        ) : (
          <ul className="evidence-grid">
            {evidence.map((photo) => (
              <li key={photo.id}>
                <a href={`/attachments/${photo.id}`} target="_blank" rel="noopener">
                  <img src={`/attachments/${photo.id}?thumbnail=1`} alt={photo.file_name} loading="lazy" width={160} />
                </a>
                <span className="muted">{photo.file_name}</span>
                {canEdit ? (
                  <Form method="post" encType="multipart/form-data">
                    <input type="hidden" name="intent" value="removePhoto" />
                    <input type="hidden" name="photoId" value={photo.id} />
                    <button type="submit" className="button-quiet button-small">
                      {t("results.removePhoto")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
