import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { BlockedPanel, InlineAction, MAX_POINT_LEVEL, PointForm, PreviewForm, StatusNotice } from "~/components/ContentPointEditor";
import { TextAreaField, valueOf } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { PointTree } from "~/components/PointTree";
import { pointSchema } from "~/domain/campaign-schemas";
import { flattenPoints, parseGuidance, treeFromFlat, type FlatPoint } from "~/domain/guidance-parser";
import { idSchema } from "~/domain/ids";
import { buildTree } from "~/domain/tree";
import { fieldErrorsOf, parseForm, type FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { requireManagedCampaign } from "~/services/campaigns.server";
import {
  addPoint,
  archivePoint,
  importPoints,
  mergePoint,
  movePoint,
  pointsWithUsage,
  removePoint,
  restorePoint,
  updatePoint,
} from "~/services/content-points.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import styles from "~/styles/campaigns.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const MAX_PASTE = 200_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const campaign = await requireManagedCampaign(db(), actor, requireIdParam(params.id));
  return { campaign, points: await pointsWithUsage(db(), campaign.id) };
}

const pasteSchema = z.object({ text: z.string().trim().min(1, "campaigns.paste.empty").max(MAX_PASTE) });
const idFieldSchema = z.object({ pointId: idSchema });
const moveSchema = idFieldSchema.extend({ direction: z.enum(["up", "down"]) });
const mergeSchema = idFieldSchema.extend({ intoId: idSchema });
const previewRowSchema = z.object({
  level: z.coerce.number().int().min(1).max(MAX_POINT_LEVEL),
  title: z.string().trim().min(1, "validation.required").max(500),
  details: z.string().trim().max(10_000).transform((v) => v || null),
});

type ActionResult =
  | { intent: "preview"; rows: FlatPoint[]; errors?: FieldErrors }
  | { intent: "form"; errors: FieldErrors; values: Record<string, string | string[]>; pointId?: number }
  | { intent: "blocked"; pointId: number; reason: "in_use" | "has_children" | "cycle"; usage?: number };

/** The preview posts rows as level_i / title_i / details_i / keep_i. */
function previewRows(form: FormData): { rows: FlatPoint[]; kept: FlatPoint[]; errors: FieldErrors } {
  const count = Math.min(Number(form.get("rows") ?? 0) || 0, 2000);
  const rows: FlatPoint[] = [];
  const kept: FlatPoint[] = [];
  const errors: FieldErrors = {};
  for (let i = 0; i < count; i++) {
    const raw = { level: form.get(`level_${i}`), title: String(form.get(`title_${i}`) ?? ""), details: String(form.get(`details_${i}`) ?? "") };
    const parsed = previewRowSchema.safeParse(raw);
    const row = parsed.success ? parsed.data : { level: Number(raw.level) || 1, title: raw.title, details: raw.details || null };
    rows.push(row);
    if (form.get(`keep_${i}`) === null) continue;
    if (!parsed.success) for (const [field, error] of Object.entries(fieldErrorsOf(parsed.error))) errors[`${field}_${i}`] = error;
    kept.push(row);
  }
  return { rows, kept, errors };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const campaignId = requireIdParam(params.id);
  // Scope and rights first: a campaign the actor cannot manage is refused whatever the form says.
  await requireManagedCampaign(db(), actor, campaignId);
  const form = await request.formData();
  const intent = form.get("intent");
  const here = `/campaigns/${campaignId}/points`;
  const refuse = (result: ActionResult) => data(result, { status: 400 });

  switch (intent) {
    case "preview": {
      const parsed = pasteSchema.safeParse({ text: form.get("text") ?? "" });
      if (!parsed.success) return refuse({ intent: "form", errors: fieldErrorsOf(parsed.error), values: { text: String(form.get("text") ?? "") } });
      const rows = flattenPoints(parseGuidance(parsed.data.text));
      if (rows.length === 0) return refuse({ intent: "form", errors: { text: { key: "campaigns.paste.nothingFound" } }, values: { text: parsed.data.text } });
      return { intent: "preview", rows } satisfies ActionResult;
    }
    case "import": {
      const { rows, kept, errors } = previewRows(form);
      if (Object.keys(errors).length || kept.length === 0) {
        return refuse({ intent: "preview", rows, errors: kept.length ? errors : { _form: { key: "campaigns.paste.noneKept" } } });
      }
      const count = await importPoints(db(), actor, campaignId, treeFromFlat(kept));
      return redirect(`${here}?imported=${count}`);
    }
    case "add":
    case "update": {
      const result = parseForm(pointSchema, form);
      const pointId = intent === "update" ? idFieldSchema.safeParse({ pointId: form.get("pointId") }) : null;
      if (pointId && !pointId.success) throw new Response(null, { status: 404 });
      if (!result.ok) return refuse({ intent: "form", errors: result.errors, values: result.values, pointId: pointId?.data?.pointId });
      if (intent === "add") {
        await addPoint(db(), actor, campaignId, result.data);
        return redirect(`${here}?saved=1`);
      }
      const outcome = await updatePoint(db(), actor, campaignId, pointId!.data!.pointId, result.data);
      if (!outcome.ok) return refuse({ intent: "blocked", pointId: pointId!.data!.pointId, reason: outcome.reason });
      return redirect(`${here}?saved=1`);
    }
    case "move": {
      const parsed = moveSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response(null, { status: 400 });
      await movePoint(db(), actor, campaignId, parsed.data.pointId, parsed.data.direction);
      return redirect(`${here}#point-${parsed.data.pointId}`);
    }
    case "remove": {
      const parsed = idFieldSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response(null, { status: 400 });
      const outcome = await removePoint(db(), actor, campaignId, parsed.data.pointId);
      if (!outcome.removed) return refuse({ intent: "blocked", pointId: parsed.data.pointId, ...outcome });
      return redirect(`${here}?removed=1`);
    }
    case "merge": {
      const parsed = mergeSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response(null, { status: 400 });
      const outcome = await mergePoint(db(), actor, campaignId, parsed.data.pointId, parsed.data.intoId);
      if (!outcome.removed) return refuse({ intent: "blocked", pointId: parsed.data.pointId, ...outcome });
      return redirect(`${here}?merged=1`);
    }
    case "archive":
    case "restore": {
      const parsed = idFieldSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response(null, { status: 400 });
      await (intent === "archive" ? archivePoint : restorePoint)(db(), actor, campaignId, parsed.data.pointId);
      return redirect(`${here}?saved=1`);
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

export default function CampaignPointsPage() {
  const { campaign, points } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const t = useT();
  const live = points.filter((p) => !p.is_archived);
  const archived = points.filter((p) => p.is_archived);
  const editing = Number(params.get("edit")) || (result?.intent === "form" ? result.pointId : undefined);
  const blocked = result?.intent === "blocked" ? result : undefined;
  const formErrors = result?.intent === "form" ? result : undefined;

  return (
    <>
      <PageHeader title={`${t("campaigns.points")} — ${campaign.title}`}>
        <Link to={`/campaigns/${campaign.id}`}>{t("campaigns.viewGuidance")}</Link>
      </PageHeader>
      <StatusNotice params={params} />

      <section className="panel">
        <h2>{t("campaigns.paste.title")}</h2>
        {result?.intent === "preview" ? (
          <PreviewForm rows={result.rows} errors={result.errors} />
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="preview" />
            <TextAreaField
              name="text"
              label={t("campaigns.paste.label")}
              hint={t("campaigns.paste.hint")}
              rows={8}
              defaultValue={valueOf(formErrors?.values, "text", "")}
              error={formErrors?.errors.text}
            />
            <div className="form-actions">
              <button type="submit">{t("campaigns.paste.preview")}</button>
            </div>
          </Form>
        )}
      </section>

      <section className="panel">
        <h2>{t("campaigns.points.current", { n: live.length })}</h2>
        {live.length === 0 ? (
          <p className="empty">{t("campaigns.noPoints")}</p>
        ) : (
          <PointTree
            nodes={buildTree(live)}
            extra={(point) => (
              <span className="point-actions no-print" id={`point-${point.id}`}>
                {point.usage > 0 ? <span className="badge">{t("campaigns.points.usage", { n: point.usage })}</span> : null}
                <InlineAction intent="move" pointId={point.id} extra={{ direction: "up" }} label="↑" title={t("campaigns.points.up")} />
                <InlineAction intent="move" pointId={point.id} extra={{ direction: "down" }} label="↓" title={t("campaigns.points.down")} />
                <Link to={`?edit=${point.id}#edit`} className="button-quiet button-small">
                  {t("campaigns.points.edit")}
                </Link>
                <InlineAction intent="remove" pointId={point.id} label={t("campaigns.points.remove")} />
              </span>
            )}
          />
        )}
        {blocked ? <BlockedPanel blocked={blocked} points={live} /> : null}
      </section>

      <section className="panel" id="edit">
        <h2>{editing ? t("campaigns.points.editTitle") : t("campaigns.points.add")}</h2>
        <PointForm
          key={editing ?? "new"}
          point={live.find((p) => p.id === editing)}
          points={live}
          errors={formErrors?.pointId === editing ? formErrors?.errors : undefined}
          values={formErrors?.pointId === editing ? formErrors?.values : undefined}
        />
      </section>

      {archived.length ? (
        <section className="panel">
          <h2>{t("campaigns.points.archived")}</h2>
          <ul>
            {archived.map((p) => (
              <li key={p.id}>
                {p.title} <span className="muted">({t("campaigns.points.usage", { n: p.usage })})</span>{" "}
                <InlineAction intent="restore" pointId={p.id} label={t("campaigns.points.restore")} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

