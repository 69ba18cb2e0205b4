import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { limitParts } from "~/services/upload-limits.server";
import { data, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { httpError } from "~/services/http-errors.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateField, ErrorSummary, InputField, SelectField, valueOf } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { DOCUMENT_KINDS, documentSchema } from "~/domain/campaign-schemas";
import { formatDateOnly } from "~/domain/dates";
import { idSchema } from "~/domain/ids";
import { parseForm, submittedValues, type FormFailure } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { addDocument, MAX_DOCUMENT_BYTES, removeDocument } from "~/services/campaign-guidance.server";
import { campaignDetail, requireManagedCampaign } from "~/services/campaigns.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import styles from "~/styles/campaigns.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const id = requireIdParam(params.id);
  await requireManagedCampaign(db(), actor, id);
  const { campaign, documents } = await campaignDetail(db(), actor, id);
  return { campaign, documents };
}

function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString("latin1") === "%PDF-";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const campaignId = requireIdParam(params.id);
  await requireManagedCampaign(db(), actor, campaignId);
  const here = `/campaigns/${campaignId}/documents`;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      // Text fields pass through; the only file accepted is the "pdf" part.
      limitParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_DOCUMENT_BYTES, filter: ({ name, filename }) => filename === undefined || name === "pdf" })),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return data({ ok: false, errors: { pdf: { key: "campaigns.doc.pdfTooLarge" } }, values: {} } satisfies FormFailure, { status: 413 });
    }
    // A body that is not multipart (or is cut off) cannot be read: the client's fault, not a 500.
    if (error instanceof TypeError) throw httpError(400, "error.badRequest");
    throw error;
  }
  if (form.get("intent") === "remove") {
    const documentId = idSchema.safeParse(form.get("documentId"));
    if (!documentId.success) throw new Response(null, { status: 400 });
    await removeDocument(db(), actor, campaignId, documentId.data);
    return redirect(here);
  }
  const result = parseForm(documentSchema, form);
  const file = form.get("pdf");
  const upload = file instanceof File && file.size > 0 ? { fileName: file.name.slice(0, 200), bytes: Buffer.from(await file.arrayBuffer()) } : null;
  if (!result.ok) return data(result, { status: 400 });
  if (upload && !isPdf(upload.bytes)) {
    return data({ ok: false, errors: { pdf: { key: "campaigns.doc.notPdf" } }, values: submittedValues(form) } satisfies FormFailure, { status: 400 });
  }
  await addDocument(db(), actor, campaignId, result.data, upload);
  return redirect(`${here}?added=1`);
}

export default function CampaignDocumentsPage() {
  const { campaign, documents } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const v = (name: string) => valueOf(failure?.values, name, "");
  return (
    <>
      <PageHeader title={`${t("campaigns.documents")} — ${campaign.title}`}>
        <Link to={`/campaigns/${campaign.id}`}>{t("campaigns.viewGuidance")}</Link>
      </PageHeader>
      <section className="panel">
        {documents.length === 0 ? (
          <p className="empty">{t("campaigns.noDocuments")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("campaigns.doc.kind")}</th>
                  <th>{t("campaigns.doc.number")}</th>
                  <th>{t("campaigns.doc.issuedOn")}</th>
                  <th>{t("campaigns.doc.issuer")}</th>
                  <th>{t("campaigns.doc.title")}</th>
                  <th>
                    <span className="visually-hidden">{t("campaigns.doc.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => (
                  <tr key={d.id}>
                    <td>{t(`campaigns.docKind.${d.kind as (typeof DOCUMENT_KINDS)[number]}`)}</td>
                    <td>{d.number}</td>
                    <td>{d.issued_on ? formatDateOnly(d.issued_on) : ""}</td>
                    <td>{d.issuer}</td>
                    <td>
                      {d.title}
                      {d.attachment_id ? (
                        <>
                          {" "}
                          <a href={`/attachments/${d.attachment_id}`}>{t("campaigns.pdf")}</a>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <Form method="post" encType="multipart/form-data">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="documentId" value={d.id} />
                        <button type="submit" className="button-quiet button-small">
                          {t("campaigns.doc.remove")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel">
        <h2>{t("campaigns.doc.add")}</h2>
        <Form method="post" encType="multipart/form-data" noValidate>
          <ErrorSummary errors={failure?.errors} />
          <div className="form-grid">
            <SelectField
              name="kind"
              label={t("campaigns.doc.kind")}
              defaultValue={v("kind") || "huong_dan"}
              options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`campaigns.docKind.${k}`) }))}
              error={failure?.errors.kind}
            />
            <InputField name="number" label={t("campaigns.doc.number")} placeholder="967/LĐLĐ" required defaultValue={v("number")} error={failure?.errors.number} />
            <DateField name="issuedOn" label={t("campaigns.doc.issuedOn")} optional defaultValue={v("issuedOn")} error={failure?.errors.issuedOn} />
            <InputField name="issuer" label={t("campaigns.doc.issuer")} required defaultValue={v("issuer")} error={failure?.errors.issuer} />
          </div>
          <InputField name="title" label={t("campaigns.doc.title")} required defaultValue={v("title")} error={failure?.errors.title} />
          <div className="form-grid">
            <InputField name="url" type="url" label={t("campaigns.doc.url")} optional placeholder="https://" defaultValue={v("url")} error={failure?.errors.url} />
            <InputField name="pdf" type="file" accept="application/pdf,.pdf" label={t("campaigns.doc.pdf")} optional hint={t("campaigns.doc.pdfHint")} error={failure?.errors.pdf} />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {t("campaigns.doc.addButton")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
