import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CampaignForm } from "~/components/CampaignForm";
import { PageHeader } from "~/components/PageHeader";
import { campaignFormShape, campaignSchema } from "~/domain/campaign-schemas";
import { parseForm, type FormFailure } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { campaignForEdit, issuerChoices, requireManagedCampaign, unitKinds, updateCampaign } from "~/services/campaigns.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const { campaign, reportingKinds } = await campaignForEdit(db(), actor, requireIdParam(params.id));
  const [issuers, kinds] = await Promise.all([issuerChoices(db(), actor), unitKinds(db())]);
  return { campaign, reportingKinds, issuers, kinds };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const id = requireIdParam(params.id);
  // Scope and rights first: a campaign the actor cannot manage is refused whatever the form says.
  await requireManagedCampaign(db(), actor, id);
  const result = parseForm(campaignSchema, await request.formData(), campaignFormShape);
  if (!result.ok) return data(result, { status: 400 });
  await updateCampaign(db(), actor, id, result.data);
  return redirect(`/campaigns/${id}?saved=1`);
}

export default function EditCampaignPage() {
  const { campaign, reportingKinds, issuers, kinds } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("campaigns.edit")}>
        <Link to={`/campaigns/${campaign.id}`}>{t("common.back")}</Link>
      </PageHeader>
      <CampaignForm
        saved={{ ...campaign, reportingKinds }}
        issuers={issuers}
        kinds={kinds}
        errors={failure?.errors}
        values={failure?.values}
        submitLabel={t("form.save")}
      />
    </>
  );
}
