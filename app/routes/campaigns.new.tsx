import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CampaignForm } from "~/components/CampaignForm";
import { PageHeader } from "~/components/PageHeader";
import { campaignFormShape, campaignSchema } from "~/domain/campaign-schemas";
import { parseForm, type FormFailure } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { createCampaign, issuerChoices, unitKinds } from "~/services/campaigns.server";
import { db } from "~/services/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const [issuers, kinds] = await Promise.all([issuerChoices(db(), actor), unitKinds(db())]);
  return { issuers, kinds };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const result = parseForm(campaignSchema, await request.formData(), campaignFormShape);
  if (!result.ok) return data(result, { status: 400 });
  const id = await createCampaign(db(), actor, result.data);
  return redirect(`/campaigns/${id}/points?created=1`);
}

export default function NewCampaignPage() {
  const { issuers, kinds } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("campaigns.new")} />
      <p className="muted">{t("campaigns.newHint")}</p>
      <CampaignForm issuers={issuers} kinds={kinds} errors={failure?.errors} values={failure?.values} submitLabel={t("campaigns.create")} />
    </>
  );
}
