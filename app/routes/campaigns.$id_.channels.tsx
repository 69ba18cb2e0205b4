import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, InputField, SelectField, valueOf } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { TargetText } from "~/components/TargetText";
import { customFormSchema, targetSchema } from "~/domain/campaign-schemas";
import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { idSchema } from "~/domain/ids";
import { parseForm, type FormFailure } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { addCustomForm, addTarget, availableForms, removeTarget, setRequiredForms } from "~/services/campaign-guidance.server";
import { campaignDetail, requireManagedCampaign, unitKinds } from "~/services/campaigns.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import styles from "~/styles/campaigns.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const id = requireIdParam(params.id);
  await requireManagedCampaign(db(), actor, id);
  const [{ campaign, forms: required, targets }, forms, kinds] = await Promise.all([
    campaignDetail(db(), actor, id),
    availableForms(db(), id),
    unitKinds(db()),
  ]);
  return { campaign, forms, requiredIds: required.map((f) => f.id), targets, kinds };
}

type Result = FormFailure & { section: "form" | "target" };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const campaignId = requireIdParam(params.id);
  // Scope and rights first: a campaign the actor cannot manage is refused whatever the form says.
  await requireManagedCampaign(db(), actor, campaignId);
  const form = await request.formData();
  const here = `/campaigns/${campaignId}/channels`;
  switch (form.get("intent")) {
    case "forms": {
      const ids = z.array(idSchema).max(500).safeParse(form.getAll("formId"));
      if (!ids.success) throw new Response(null, { status: 400 });
      await setRequiredForms(db(), actor, campaignId, ids.data);
      return redirect(`${here}?saved=1`);
    }
    case "customForm": {
      const result = parseForm(customFormSchema, form);
      if (!result.ok) return data({ ...result, section: "form" } satisfies Result, { status: 400 });
      await addCustomForm(db(), actor, campaignId, result.data);
      return redirect(`${here}?saved=1`);
    }
    case "addTarget": {
      const result = parseForm(targetSchema, form);
      if (!result.ok) return data({ ...result, section: "target" } satisfies Result, { status: 400 });
      await addTarget(db(), actor, campaignId, result.data);
      return redirect(`${here}?saved=1#targets`);
    }
    case "removeTarget": {
      const id = idSchema.safeParse(form.get("targetId"));
      if (!id.success) throw new Response(null, { status: 400 });
      await removeTarget(db(), actor, campaignId, id.data);
      return redirect(`${here}#targets`);
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

export default function CampaignChannelsPage() {
  const { campaign, forms, requiredIds, targets, kinds } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const formErrors = result?.section === "form" ? result : undefined;
  const targetErrors = result?.section === "target" ? result : undefined;
  const channelOptions = CHANNEL_CODES.map((c) => ({ value: c, label: t(`channel.${c}`) }));
  return (
    <>
      <PageHeader title={`${t("campaigns.channelsAndTargets")} — ${campaign.title}`}>
        <Link to={`/campaigns/${campaign.id}`}>{t("campaigns.viewGuidance")}</Link>
      </PageHeader>

      <section className="panel">
        <h2>{t("campaigns.channels")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="forms" />
          <div className="channel-columns">
            {CHANNEL_CODES.map((channel) => (
              <fieldset key={channel}>
                <legend>
                  <span aria-hidden="true" style={{ color: CHANNELS[channel].color }}>
                    {CHANNELS[channel].icon}
                  </span>{" "}
                  {t(`channel.${channel}`)}
                </legend>
                {forms
                  .filter((f) => f.channel === channel)
                  .map((f) => (
                    <label key={f.id} className="checkbox">
                      <input type="checkbox" name="formId" value={f.id} defaultChecked={requiredIds.includes(f.id)} /> {f.name}
                      {f.campaign_id ? <span className="badge">{t("campaigns.forms.own")}</span> : null}
                    </label>
                  ))}
              </fieldset>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {t("form.save")}
            </button>
          </div>
        </Form>
        <h3>{t("campaigns.forms.addOwn")}</h3>
        <Form method="post" noValidate>
          <ErrorSummary errors={formErrors?.errors} />
          <input type="hidden" name="intent" value="customForm" />
          <div className="form-grid">
            <SelectField name="channel" label={t("campaigns.forms.channel")} options={channelOptions} defaultValue={valueOf(formErrors?.values, "channel", "facebook")} />
            <InputField name="name" label={t("campaigns.forms.name")} placeholder={t("campaigns.forms.namePlaceholder")} required defaultValue={valueOf(formErrors?.values, "name", "")} error={formErrors?.errors.name} />
            <InputField name="quantityUnit" label={t("campaigns.forms.unit")} placeholder={t("campaigns.forms.unitPlaceholder")} required defaultValue={valueOf(formErrors?.values, "quantityUnit", "")} error={formErrors?.errors.quantityUnit} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button-quiet" disabled={busy}>
              {t("campaigns.forms.addButton")}
            </button>
          </div>
        </Form>
      </section>

      <section className="panel" id="targets">
        <h2>{t("campaigns.targets")}</h2>
        {targets.length === 0 ? (
          <p className="empty">{t("campaigns.target.none")}</p>
        ) : (
          <ul>
            {targets.map((target) => (
              <li key={target.id}>
                <TargetText target={target} />{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeTarget" />
                  <input type="hidden" name="targetId" value={target.id} />
                  <button type="submit" className="button-quiet button-small">
                    {t("campaigns.doc.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <h3>{t("campaigns.target.add")}</h3>
        <p className="hint">{t("campaigns.target.hint")}</p>
        <Form method="post" noValidate>
          <ErrorSummary errors={targetErrors?.errors} />
          <input type="hidden" name="intent" value="addTarget" />
          <div className="form-grid">
            <SelectField
              name="unitKindId"
              label={t("units.kind")}
              defaultValue={valueOf(targetErrors?.values, "unitKindId", "")}
              options={[{ value: "", label: t("campaigns.target.everyUnit") }, ...kinds.map((k) => ({ value: k.id, label: k.name }))]}
            />
            <InputField name="minMembers" inputMode="numeric" label={t("campaigns.target.minMembers")} optional defaultValue={valueOf(targetErrors?.values, "minMembers", "")} error={targetErrors?.errors.minMembers} />
            <InputField name="maxMembers" inputMode="numeric" label={t("campaigns.target.maxMembers")} optional defaultValue={valueOf(targetErrors?.values, "maxMembers", "")} error={targetErrors?.errors.maxMembers} />
            <SelectField
              name="channel"
              label={t("campaigns.forms.channel")}
              defaultValue={valueOf(targetErrors?.values, "channel", "")}
              options={[{ value: "", label: t("campaigns.target.anyChannel") }, ...channelOptions]}
            />
            <InputField name="minActivities" inputMode="numeric" label={t("campaigns.target.minActivities")} required defaultValue={valueOf(targetErrors?.values, "minActivities", "")} error={targetErrors?.errors.minActivities} />
            <InputField name="memberCoveragePct" inputMode="numeric" label={t("campaigns.target.coveragePct")} optional defaultValue={valueOf(targetErrors?.values, "memberCoveragePct", "")} error={targetErrors?.errors.memberCoveragePct} />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {t("campaigns.target.addButton")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
