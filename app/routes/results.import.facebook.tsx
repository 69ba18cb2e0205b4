import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { FacebookImportPreview } from "~/components/FacebookImportPreview";
import { PageHeader } from "~/components/PageHeader";
import { formatNumber } from "~/domain/numbers";
import type { FieldError } from "~/domain/validation";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import {
  applyDefaultsToAll,
  commit,
  exportOverview,
  formatBytes,
  importFormSchema,
  importFormShape,
  MAX_FB_IMPORT_BYTES,
  MAX_FB_IMPORT_ROWS,
  NO_CHOICES,
  openExport,
  preview,
  readImportRequest,
  readUpload,
  sealExport,
  summaryFromQuery,
  summaryQuery,
} from "~/services/facebook-import.server";
import styles from "~/styles/facebook-import.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("fbImport.title")} · ${translator("vi")("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, "editor");
  return {
    maxBytes: MAX_FB_IMPORT_BYTES,
    maxSize: formatBytes(MAX_FB_IMPORT_BYTES),
    maxRows: MAX_FB_IMPORT_ROWS,
    summary: summaryFromQuery(new URL(request.url).searchParams),
  };
}

const refusedUpload = (error: FieldError, status: number) => data({ stage: "upload" as const, error }, { status });

/**
 * One URL, three steps: a multipart upload is read and previewed (nothing written); the
 * preview form comes back with `intent=apply` (choices for all new rows) or `intent=commit`.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const input = await readImportRequest(request);
  if (input.kind === "error") return refusedUpload(input.error, input.status);
  if (input.kind === "upload") {
    const parsed = readUpload(input.fileName, input.bytes);
    if (!parsed.ok) return refusedUpload(parsed.error, 422);
    return {
      stage: "preview" as const,
      nonce: Date.now(),
      payload: sealExport(actor, parsed.export),
      overview: exportOverview(parsed.export),
      preview: await preview(db(), actor, parsed.export, NO_CHOICES),
      refused: false,
      checked: false,
    };
  }
  const form = importFormSchema.safeParse(importFormShape(input.form));
  const parsed = form.success ? openExport(actor, form.data.payload) : null;
  if (!form.success || !parsed) return refusedUpload({ key: "fbImport.error.payload" }, 400);
  const { intent, payload, choices } = form.data;
  if (intent === "apply") {
    const applied = applyDefaultsToAll(choices);
    return { stage: "preview" as const, nonce: Date.now(), payload, overview: exportOverview(parsed), preview: await preview(db(), actor, parsed, applied), refused: false, checked: true };
  }
  const outcome = await commit(db(), actor, parsed, choices);
  if (outcome.ok) return redirect(`/results/import/facebook?${summaryQuery(outcome.summary)}`);
  return data({ stage: "preview" as const, nonce: Date.now(), payload, overview: exportOverview(parsed), preview: outcome.preview, refused: true, checked: true }, { status: 409 });
}

export default function FacebookImportPage() {
  const { maxBytes, maxSize, maxRows, summary } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const [tooBig, setTooBig] = useState(false);
  const busy = navigation.state === "submitting";
  const uploadError = tooBig ? { key: "fbImport.error.tooBig" as const, params: { size: maxSize } } : result?.stage === "upload" ? result.error : null;
  const previewData = result?.stage === "preview" ? result : null;

  /** With JavaScript, an oversized file is refused at once rather than after uploading it. */
  const checkSize = (event: FormEvent<HTMLFormElement>) => {
    const file = new FormData(event.currentTarget).get("file");
    const over = file instanceof File && file.size > maxBytes;
    setTooBig(over);
    if (over) event.preventDefault();
  };

  return (
    <>
      <PageHeader title={t("fbImport.title")}>
        <Link to="/results/pending">{t("fbImport.toPending")}</Link>
      </PageHeader>

      {summary && !previewData ? (
        <section className="panel fb-summary" role="status">
          <p className="notice">
            <strong>{t("fbImport.summary", { updated: n(summary.updated), created: n(summary.created) })}</strong>
          </p>
          <p>
            {t("fbImport.summaryMore", {
              unchanged: n(summary.unchanged),
              skipped: n(summary.skipped),
              excluded: n(summary.excluded),
              problems: n(summary.problems),
            })}
          </p>
          <p className="fb-links">
            <Link to="/calendar">{t("fbImport.toCalendar")}</Link>
            <Link to="/results/pending">{t("fbImport.toPending")}</Link>
          </p>
        </section>
      ) : null}

      <section className="panel">
        <p>{t("fbImport.intro")}</p>
        <Form method="post" encType="multipart/form-data" className="fb-upload" onSubmit={checkSize} noValidate>
          {uploadError ? (
            <div className="form-error" role="alert">
              <p>{t(uploadError.key, uploadError.params)}</p>
              <p>{t("fbImport.nothingWritten")}</p>
            </div>
          ) : null}
          <div className={uploadError ? "field field-invalid" : "field"}>
            <label htmlFor="fb-file">{t("fbImport.file")}</label>
            <p className="hint" id="fb-file-hint">
              {t("fbImport.fileHint", { size: maxSize, rows: n(maxRows) })}
            </p>
            <input
              id="fb-file"
              name="file"
              type="file"
              accept=".csv,text/csv,text/plain"
              required
              aria-describedby="fb-file-hint"
              aria-invalid={uploadError ? true : undefined}
              onChange={() => setTooBig(false)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {t("fbImport.check")}
            </button>
          </div>
        </Form>
      </section>

      <Busy counts={previewData?.preview.counts} />

      {previewData ? (
        <FacebookImportPreview
          key={previewData.nonce}
          overview={previewData.overview}
          preview={previewData.preview}
          payload={previewData.payload}
          busy={busy}
          refused={previewData.refused}
          showRowErrors={previewData.checked}
        />
      ) : null}
    </>
  );
}

/** While a file uploads or an import is written: what is happening, and to how many posts. */
function Busy({ counts }: { counts?: { update: number; create: number; matched: number; new: number } }) {
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  if (navigation.state !== "submitting" || !navigation.formData) return null;
  const form = navigation.formData;
  const intent = form.get("intent");
  const file = form.get("file");
  let text: string;
  if (file instanceof File) {
    const size = file.size < 1024 * 1024 ? `${formatNumber(Math.max(1, Math.round(file.size / 1024)), locale)} KB` : `${formatNumber(file.size / (1024 * 1024), locale)} MB`;
    text = t("fbImport.busyUpload", { file: file.name, size });
  } else if (intent === "commit") {
    text = t("fbImport.busyCommit", { n: formatNumber(counts ? counts.matched + counts.new : 0, locale) });
  } else {
    text = t("fbImport.busyApply", { n: formatNumber(counts ? counts.new : 0, locale) });
  }
  return (
    <section className="panel fb-busy" aria-busy="true">
      <progress aria-label={t("fbImport.busyLabel")} aria-describedby="fb-busy-text" />
      <p id="fb-busy-text" role="status" aria-live="polite">
        {text}
      </p>
    </section>
  );
}
