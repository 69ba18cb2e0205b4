import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { PageHeader } from "~/components/PageHeader";
import { formatDateOnly } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, PREVIEW_SAMPLE_ROWS, type ImportPreview } from "~/domain/unit-import";
import type { FieldError } from "~/domain/validation";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { commitUnitImport, formatBytes, previewUnitImport, readImportRequest } from "~/services/unit-import.server";
import styles from "~/styles/units.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("unitImport.title")} · ${translator("vi")("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, "manager");
  return { maxSize: formatBytes(MAX_IMPORT_BYTES), maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_IMPORT_ROWS };
}

/** The page's own form handler, used without JavaScript (with it, /units/import/run streams progress). */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const input = await readImportRequest(request);
  if (!input.ok) return data({ preview: null, error: input.error }, input.status);
  if (input.intent === "preview") {
    const preview = await previewUnitImport(db(), actor, input.file);
    return data({ preview, error: null }, preview.uploadId ? 200 : 422);
  }
  const result = await commitUnitImport(db(), actor, input.uploadId);
  if (result.ok) return redirect(`/units?done=imported&n=${result.created}`);
  return data({ preview: result.preview, error: null }, 409);
}

type Progress =
  | { phase: "upload"; done: number; total: number }
  | { phase: "read" }
  | { phase: "check"; total: number }
  | { phase: "write"; done: number; total: number }
  | { phase: "done" };

type StreamMessage =
  | ({ type: "progress" } & Progress)
  | { type: "preview"; preview: ImportPreview }
  | { type: "done"; created: number }
  | { type: "error"; error: FieldError };

export default function UnitImportPage() {
  const { maxSize, maxBytes, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigate = useNavigate();
  const submitting = useNavigation().state === "submitting";
  const t = useT();
  const locale = useLocale();
  const [client, setClient] = useState<{ preview: ImportPreview | null; error: FieldError | null } | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const preview = client ? client.preview : (actionData?.preview ?? null);
  const error = client ? client.error : (actionData?.error ?? null);
  const busy = submitting || (progress !== null && progress.phase !== "done");

  /**
   * With JavaScript: send the same form to /units/import/run with XMLHttpRequest, which
   * reports the upload's bytes, then read the server's progress lines as they arrive.
   */
  const submitWithProgress = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    event.preventDefault();
    const file = new FormData(form).get("file");
    if (file instanceof File && file.size > maxBytes) {
      // Said at once, rather than after uploading megabytes the server will refuse.
      setProgress(null);
      setClient({ preview: null, error: { key: "unitImport.fileTooBig", params: { size: maxSize } } });
      return;
    }
    const xhr = new XMLHttpRequest();
    let seen = 0;
    let finished = false;
    const handle = (message: StreamMessage) => {
      if (message.type === "progress") {
        const { type: _type, ...rest } = message;
        setProgress(rest as Progress);
      } else if (message.type === "preview") {
        finished = true;
        setProgress(null);
        setClient({ preview: message.preview, error: null });
      } else if (message.type === "done") {
        finished = true;
        setProgress({ phase: "done" });
        navigate(`/units?done=imported&n=${message.created}`);
      } else {
        finished = true;
        setProgress(null);
        setClient({ preview: null, error: message.error });
      }
    };
    const readLines = () => {
      const text = xhr.responseText;
      for (let end = text.indexOf("\n", seen); end >= 0; end = text.indexOf("\n", seen)) {
        const line = text.slice(seen, end);
        seen = end + 1;
        if (line.trim()) handle(JSON.parse(line) as StreamMessage);
      }
    };
    xhr.open("POST", "/units/import/run");
    xhr.upload.onprogress = (e) => setProgress({ phase: "upload", done: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (!(xhr.getResponseHeader("Content-Type") ?? "").includes("ndjson")) {
        // Signed out meanwhile, or something in between: let the browser post the form itself.
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      readLines();
      if (!finished) {
        setProgress(null);
        setClient({ preview: null, error: { key: "unitImport.networkError" } });
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setClient({ preview: null, error: { key: "unitImport.networkError" } });
    };
    setClient({ preview: null, error: null });
    setProgress({ phase: "upload", done: 0, total: 0 });
    xhr.send(new FormData(form));
  };

  return (
    <>
      <PageHeader title={t("unitImport.title")}>
        <Link to="/units">{t("units.title")}</Link>
      </PageHeader>
      <section className="panel">
        <p>{t("unitImport.intro", { size: maxSize, rows: formatNumber(maxRows, locale) })}</p>
        <h2>{t("unitImport.columnsTitle")}</h2>
        <p>{t("unitImport.columnsText")}</p>
        <p className="unit-actions">
          <span>{t("unitImport.templates")}:</span>
          <a href="/units/import/template.xlsx" download>
            {t("unitImport.templateXlsx")}
          </a>
          <a href="/units/import/template.csv" download>
            {t("unitImport.templateCsv")}
          </a>
          <Link to="/units/kinds">{t("unitImport.kindsLink")}</Link>
        </p>
      </section>
      <Form method="post" encType="multipart/form-data" className="panel unit-form" onSubmit={submitWithProgress} noValidate>
        {error ? (
          <div className="form-error" role="alert">
            <p>{t(error.key, error.params)}</p>
          </div>
        ) : null}
        <div className={error ? "field field-invalid" : "field"}>
          <label htmlFor="import-file">{t("unitImport.file")}</label>
          <p className="hint" id="import-file-hint">
            {t("unitImport.fileHint", { size: maxSize })}
          </p>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            required
          />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t("unitImport.check")}
          </button>
        </div>
      </Form>
      <ProgressPanel progress={progress} />
      {preview ? <PreviewPanel preview={preview} busy={busy} onCommit={submitWithProgress} /> : null}
    </>
  );
}

function ProgressPanel({ progress }: { progress: Progress | null }) {
  const t = useT();
  const locale = useLocale();
  if (!progress) return null;
  const n = (v: number) => formatNumber(v, locale);
  let label: string;
  let value: number | undefined;
  let max: number | undefined;
  switch (progress.phase) {
    case "upload": {
      const pct = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
      label = t("unitImport.progressUpload", { pct });
      [value, max] = progress.total > 0 ? [progress.done, progress.total] : [undefined, undefined];
      break;
    }
    case "read":
      label = t("unitImport.progressRead");
      break;
    case "check":
      label = t("unitImport.progressCheck", { n: n(progress.total) });
      break;
    case "write":
      label = t("unitImport.progressWrite", { done: n(progress.done), total: n(progress.total) });
      [value, max] = [progress.done, Math.max(progress.total, 1)];
      break;
    default:
      label = t("unitImport.progressDone");
      [value, max] = [1, 1];
  }
  return (
    <section className="panel unit-progress">
      <progress value={value} max={max} aria-label={t("unitImport.progressLabel")} aria-describedby="import-progress-text" />
      <p id="import-progress-text" role="status" aria-live="polite">
        {label}
      </p>
    </section>
  );
}

function PreviewPanel({ preview, busy, onCommit }: { preview: ImportPreview; busy: boolean; onCommit: (event: FormEvent<HTMLFormElement>) => void }) {
  const t = useT();
  const locale = useLocale();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [preview]);
  const n = (v: number) => formatNumber(v, locale);
  const bad = preview.errorRows.length;
  const failed = bad > 0 || preview.fileErrors.length > 0 || preview.uploadId === null;
  return (
    <section className="panel unit-preview" aria-labelledby="preview-title">
      <h2 id="preview-title" ref={heading} tabIndex={-1}>
        {t("unitImport.summary", { file: preview.fileName, total: n(preview.totalRows), valid: n(preview.validRows), bad: n(bad) })}
      </h2>
      {failed ? (
        <div className="form-error" role="alert">
          <p>{t("unitImport.nothingWritten")}</p>
          {preview.fileErrors.length > 0 ? (
            <ul>
              {preview.fileErrors.map((e, i) => (
                <li key={i}>{t(e.key, e.params)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <p className="notice" role="status">
          {t("unitImport.ready", { n: n(preview.validRows) })}
        </p>
      )}
      {preview.ignoredColumns.length > 0 ? <p className="hint">{t("unitImport.ignoredColumns", { columns: preview.ignoredColumns.join(", ") })}</p> : null}
      {bad > 0 ? (
        <>
          <h3>{t("unitImport.errorsTitle")}</h3>
          <div className="table-wrap">
            <table className="unit-import-errors">
              <thead>
                <tr>
                  <th className="num">{t("unitImport.line")}</th>
                  <th>{t("unitImport.fieldCode")}</th>
                  <th>{t("units.name")}</th>
                  <th>{t("unitImport.reasons")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.errorRows.map((row) => (
                  <tr key={row.line}>
                    <td className="num">{row.line}</td>
                    <td>{row.code}</td>
                    <td>{row.name}</td>
                    <td>
                      <ul className="unit-reasons">
                        {row.errors.map((e, i) => (
                          <li key={i}>{t(e.key, e.params)}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {!failed ? (
        <>
          {preview.byKind.length > 0 ? (
            <p>
              {t("unitImport.byKind")}: {preview.byKind.map((k) => `${k.kindName}: ${n(k.count)}`).join(" · ")}
            </p>
          ) : null}
          <h3>{t("unitImport.sampleTitle", { n: PREVIEW_SAMPLE_ROWS })}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th className="num">{t("unitImport.line")}</th>
                  <th>{t("unitImport.fieldCode")}</th>
                  <th>{t("units.name")}</th>
                  <th>{t("units.parent")}</th>
                  <th>{t("units.kind")}</th>
                  <th className="num">{t("units.members")}</th>
                  <th>{t("units.openedOn")}</th>
                  <th>{t("units.closedOnLabel")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row) => (
                  <tr key={row.line}>
                    <td className="num">{row.line}</td>
                    <td>{row.code}</td>
                    <td>{row.name}</td>
                    <td>{row.parentLabel}</td>
                    <td>{row.kindName}</td>
                    <td className="num">{n(row.members)}</td>
                    <td>{row.openedOn ? formatDateOnly(row.openedOn) : ""}</td>
                    <td>{row.closedOn ? formatDateOnly(row.closedOn) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Form method="post" onSubmit={onCommit} className="form-actions">
            <input type="hidden" name="uploadId" value={preview.uploadId ?? ""} />
            <button type="submit" disabled={busy}>
              {t("unitImport.commit", { n: n(preview.validRows) })}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
