import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatDateTime } from "~/domain/dates";
import type { Choice } from "~/domain/facebook-export";
import { formatNumber } from "~/domain/numbers";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import type { ExportOverview, ImportOptions, ImportPreview, PreviewRow, RowStatus } from "~/services/facebook-import.server";

const ENCODINGS: Record<ExportOverview["encoding"], string> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 (BOM)",
  "utf-16le": "UTF-16 LE",
  "utf-16be": "UTF-16 BE",
};

const STATUS_BADGE: Record<RowStatus, string> = {
  update: "badge badge-ok",
  create: "badge badge-ok",
  unchanged: "badge",
  excluded: "badge badge-closed",
  locked: "badge badge-warn",
  cancelled: "badge badge-warn",
  multiPost: "badge badge-warn",
  sameActivity: "badge badge-warn",
  invalid: "badge badge-warn",
};

const REASONS: Partial<Record<RowStatus, MessageKey>> = {
  locked: "fbImport.reason.locked",
  cancelled: "fbImport.reason.cancelled",
  multiPost: "fbImport.reason.multiPost",
  sameActivity: "fbImport.reason.sameActivity",
};

/** Dates arrive as Date (single fetch) or as ISO text; either way shown in Vietnam time. */
const when = (value: Date | string) => formatDateTime(new Date(value));

export interface FacebookImportPreviewProps {
  overview: ExportOverview;
  preview: ImportPreview;
  payload: string;
  busy: boolean;
  /** The commit was refused: rows still need a unit or campaign. */
  refused: boolean;
  /** Say what each new row lacks (not on the first preview, before anything was chosen). */
  showRowErrors: boolean;
}

/** The checked file, its column mapping, the choices for new posts and the commit button. */
export function FacebookImportPreview({ overview, preview, payload, busy, refused, showRowErrors }: FacebookImportPreviewProps) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const heading = useRef<HTMLHeadingElement>(null);
  const rowsHeading = useRef<HTMLHeadingElement>(null);
  // A new file (or a refused commit) is announced from the top; after "apply", the rows follow.
  useEffect(() => (showRowErrors && !refused ? rowsHeading.current : heading.current)?.focus(), [preview, showRowErrors, refused]);
  const c = preview.counts;
  const skipped = c.locked + c.cancelled + c.multiPost + c.sameActivity;
  const toWrite = c.update + c.create;
  const hasNew = c.new > 0;

  return (
    <section className="panel fb-preview" aria-labelledby="fb-preview-title">
      <h2 id="fb-preview-title" ref={heading} tabIndex={-1}>
        {t("fbImport.previewTitle", { file: overview.fileName })}
      </h2>
      {refused ? (
        <div className="form-error" role="alert">
          <p>{t("fbImport.refused", { n: n(c.invalid) })}</p>
        </div>
      ) : null}
      <dl className="facts fb-facts">
        <dt>{t("fbImport.facts.shape")}</dt>
        <dd>{t(`fbImport.shape.${overview.shape}`)}</dd>
        <dt>{t("fbImport.facts.encoding")}</dt>
        <dd>{ENCODINGS[overview.encoding]}</dd>
        <dt>{t("fbImport.facts.rows")}</dt>
        <dd>{n(overview.totalRows)}</dd>
        <dt>{t("fbImport.facts.posts")}</dt>
        <dd>{n(overview.postCount)}</dd>
        <dt>{t("fbImport.facts.problems")}</dt>
        <dd>{n(overview.problemCount)}</dd>
      </dl>

      <ul className="fb-counts" aria-label={t("fbImport.countsLabel")}>
        <li>
          <strong>{n(c.update)}</strong> {t("fbImport.count.update")}
        </li>
        <li>
          <strong>{n(c.create)}</strong> {t("fbImport.count.create")}
        </li>
        <li>
          <strong>{n(c.unchanged)}</strong> {t("fbImport.count.unchanged")}
        </li>
        <li>
          <strong>{n(skipped)}</strong> {t("fbImport.count.skipped")}
        </li>
        {c.excluded > 0 ? (
          <li>
            <strong>{n(c.excluded)}</strong> {t("fbImport.count.excluded")}
          </li>
        ) : null}
        {c.invalid > 0 ? (
          <li className="fb-count-warn">
            <strong>{n(c.invalid)}</strong> {t("fbImport.count.invalid")}
          </li>
        ) : null}
      </ul>

      <ColumnReport overview={overview} />
      <Problems overview={overview} />

      <Form method="post" className="fb-choices" noValidate>
        <input type="hidden" name="payload" value={payload} />
        {hasNew ? <Defaults options={preview.options} defaults={preview.defaults} busy={busy} /> : null}

        <h3 ref={rowsHeading} tabIndex={-1} className="fb-rows-title">
          {t("fbImport.rowsTitle")}
        </h3>
        <div className="table-wrap">
          <table className="fb-rows">
            <thead>
              <tr>
                <th scope="col">{t("fbImport.include")}</th>
                <th scope="col" className="num">
                  {t("fbImport.line")}
                </th>
                <th scope="col">{t("fbImport.post")}</th>
                <th scope="col">{t("fbImport.figures")}</th>
                <th scope="col">{t("fbImport.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <Row key={row.index} row={row} options={preview.options} showErrors={showRowErrors} />
              ))}
            </tbody>
          </table>
        </div>
        {preview.hiddenRows > 0 ? <p className="hint">{t("fbImport.hiddenRows", { n: n(preview.hiddenRows) })}</p> : null}

        {toWrite === 0 && c.invalid === 0 ? (
          <p className="notice" role="status">
            {t("fbImport.nothingToWrite")}
          </p>
        ) : null}
        <p className="hint" id="fb-commit-hint">
          {t("fbImport.commitHint")}
        </p>
        <div className="form-actions">
          <button type="submit" name="intent" value="commit" disabled={busy} aria-describedby="fb-commit-hint">
            {t("fbImport.commit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function ColumnReport({ overview }: { overview: ExportOverview }) {
  const t = useT();
  return (
    <>
      <h3>{t("fbImport.columnsTitle")}</h3>
      <div className="table-wrap">
        <table className="fb-columns">
          <thead>
            <tr>
              <th scope="col">{t("fbImport.columnField")}</th>
              <th scope="col">{t("fbImport.columnSource")}</th>
            </tr>
          </thead>
          <tbody>
            {overview.columns.used.map((column) => (
              <tr key={column.field}>
                <th scope="row">{t(`fbImport.field.${column.field}` as MessageKey)}</th>
                <td>
                  {column.headers.map((h, i) => (
                    <span key={h}>
                      {i > 0 ? " + " : null}
                      <code>{h}</code>
                    </span>
                  ))}
                  {column.source ? <span className="fb-source"> — {t(`results.reachSource.${column.source}`)}</span> : null}
                  {column.rule === "sum" ? <span className="fb-source"> ({t("fbImport.rule.sum")})</span> : null}
                  {column.rule === "engagedUsers" ? <span className="fb-source"> ({t("fbImport.rule.engagedUsers")})</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overview.columns.ignored.length > 0 ? <p className="hint">{t("fbImport.columnsIgnored", { columns: overview.columns.ignored.join(", ") })}</p> : null}
      {overview.columns.unrecognised.length > 0 ? (
        <p className="hint fb-unrecognised">{t("fbImport.columnsUnrecognised", { columns: overview.columns.unrecognised.join(", ") })}</p>
      ) : null}
      <ul className="fb-notes">
        {overview.descriptionRowSkipped ? <li>{t("fbImport.descriptionRow")}</li> : null}
        <li>{t(overview.timeZone === "America/Los_Angeles" ? "fbImport.timeZone.pacific" : "fbImport.timeZone.vn")}</li>
        <li>
          {t(overview.dateOrder === "dmy" ? "fbImport.dateOrder.dmy" : "fbImport.dateOrder.mdy")}
          {overview.dateOrderFromFile ? null : <> {t("fbImport.dateOrder.assumed")}</>}
        </li>
        {overview.warnings.map((w, i) => (
          <li key={i} className="fb-warning">
            {t(w.key, w.params)}
          </li>
        ))}
      </ul>
    </>
  );
}

function Problems({ overview }: { overview: ExportOverview }) {
  const t = useT();
  const locale = useLocale();
  if (overview.problemCount === 0) return null;
  return (
    <>
      <h3>{t("fbImport.problemsTitle")}</h3>
      <div className="table-wrap">
        <table className="fb-problems">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("fbImport.line")}
              </th>
              <th scope="col">{t("fbImport.post")}</th>
              <th scope="col">{t("fbImport.reasons")}</th>
            </tr>
          </thead>
          <tbody>
            {overview.problems.map((p) => (
              <tr key={p.line}>
                <td className="num">{p.line}</td>
                <td>
                  {p.postId ? <code>{p.postId}</code> : null} {p.text}
                </td>
                <td>
                  <ul className="fb-reasons">
                    {p.errors.map((e, i) => (
                      <li key={i}>{t(e.key, e.params)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overview.problemCount > overview.problems.length ? (
        <p className="hint">{t("fbImport.problemsMore", { n: formatNumber(overview.problemCount - overview.problems.length, locale) })}</p>
      ) : null}
    </>
  );
}

function unitOptions(options: ImportOptions) {
  // Indented by depth so the tree shows in a plain select.
  return options.units.map((u) => ({ value: u.id, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.name}` }));
}

function Defaults({ options, defaults, busy }: { options: ImportOptions; defaults: Choice; busy: boolean }) {
  const t = useT();
  const chosen = new Set(defaults.pointIds);
  return (
    <fieldset className="fb-defaults">
      <legend>{t("fbImport.defaultsTitle")}</legend>
      <p className="hint">{t("fbImport.defaultsHint")}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="fb-unit">{t("fbImport.unit")}</label>
          <select id="fb-unit" name="unitId" defaultValue={defaults.unitId ?? (options.units.length === 1 ? options.units[0].id : "")}>
            <option value="">{t("fbImport.choose")}</option>
            {unitOptions(options).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fb-campaign">{t("fbImport.campaign")}</label>
          <select id="fb-campaign" name="campaignId" defaultValue={defaults.campaignId ?? (options.campaigns.length === 1 ? options.campaigns[0].id : "")}>
            <option value="">{t("fbImport.choose")}</option>
            {options.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {options.campaigns.some((c) => c.points.length > 0) ? (
        <fieldset className="fb-points">
          <legend>{t("fbImport.points")}</legend>
          <p className="hint">{t("fbImport.pointsHint")}</p>
          {options.campaigns.map((c) =>
            c.points.length ? (
              <div key={c.id} className="fb-point-group">
                {options.campaigns.length > 1 ? <p className="fb-point-campaign">{c.title}</p> : null}
                <ul>
                  {c.points.map((p) => (
                    <li key={p.id} style={{ paddingLeft: `${p.depth * 1.2}rem` }}>
                      <label className="fb-check">
                        <input type="checkbox" name="pointIds" value={p.id} defaultChecked={chosen.has(p.id)} />
                        <span>
                          {p.code}. {p.title}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null,
          )}
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button type="submit" name="intent" value="apply" className="button-quiet" disabled={busy}>
          {t("fbImport.apply")}
        </button>
      </div>
    </fieldset>
  );
}

function Figures({ row }: { row: PreviewRow }) {
  const t = useT();
  const locale = useLocale();
  const before = row.match?.before;
  const figure = (label: MessageKey, value: number | null, was: number | null | undefined) =>
    value === null ? null : (
      <li>
        {t(label)}: <strong>{formatNumber(value, locale)}</strong>
        {row.status === "update" && was !== undefined && was !== null && was !== value ? (
          <span className="muted"> ({t("fbImport.was", { value: formatNumber(was, locale) })})</span>
        ) : null}
      </li>
    );
  return (
    <ul className="fb-figures">
      {figure("fbImport.field.reach", row.reach, before?.reach)}
      {figure("fbImport.field.views", row.views, before?.views)}
      {figure("fbImport.field.engagements", row.engagements, before?.engagements)}
      {figure("fbImport.field.shares", row.shares, before?.shares)}
    </ul>
  );
}

function Row({ row, options, showErrors }: { row: PreviewRow; options: ImportOptions; showErrors: boolean }) {
  const t = useT();
  const isNew = row.match === null;
  const skipped = row.status === "locked" || row.status === "cancelled" || row.status === "multiPost" || row.status === "sameActivity";
  const reason = REASONS[row.status];
  const id = `fb-row-${row.index}`;
  return (
    <tr className={row.status === "invalid" && showErrors ? "fb-row-invalid" : skipped || row.status === "excluded" ? "fb-row-muted" : undefined}>
      <td data-label={t("fbImport.include")}>
        <input type="hidden" name="row" value={row.index} />
        {skipped ? null : (
          <input
            type="checkbox"
            name="include"
            value={row.index}
            defaultChecked={row.include}
            aria-label={t("fbImport.includeRow", { line: row.line })}
            className="fb-include"
          />
        )}
      </td>
      <td className="num" data-label={t("fbImport.line")}>
        {row.line}
      </td>
      <td data-label={t("fbImport.post")} className="fb-post">
        <span className="fb-when">{when(row.publishedAt)}</span>
        <span className="fb-text">{row.text ?? <em className="muted">{t("fbImport.noText")}</em>}</span>
        {row.permalink ? (
          <a href={row.permalink} target="_blank" rel="noreferrer noopener" className="fb-link">
            {t("fbImport.openPost")}
            {row.postId ? <span className="muted"> ({row.postId})</span> : null}
          </a>
        ) : row.postId ? (
          <code>{row.postId}</code>
        ) : null}
      </td>
      <td data-label={t("fbImport.figures")}>
        <Figures row={row} />
      </td>
      <td data-label={t("fbImport.outcome")} className="fb-outcome">
        <span className={STATUS_BADGE[row.status]}>{t(`fbImport.status.${row.status}`)}</span>
        {reason ? <p className="hint">{t(reason)}</p> : null}
        {row.match ? (
          <p className="fb-match">
            {t("fbImport.matchedWith")} ({t(`fbImport.matchedBy.${row.match.by}`)}):{" "}
            <Link to={`/activities/${row.match.activityId}`}>{row.match.title}</Link>
            <span className="muted"> · {row.match.unitName}</span>
          </p>
        ) : null}
        {isNew ? <RowChoices row={row} options={options} id={id} showErrors={showErrors} /> : null}
        {showErrors && row.errors.length > 0 ? (
          <ul className="fb-reasons" id={`${id}-errors`}>
            {row.errors.map((e, i) => (
              <li key={i}>{t(e.key, e.params)}</li>
            ))}
          </ul>
        ) : null}
      </td>
    </tr>
  );
}

function RowChoices({ row, options, id, showErrors }: { row: PreviewRow; options: ImportOptions; id: string; showErrors: boolean }) {
  const t = useT();
  const invalid = showErrors && row.errors.length > 0;
  const describedBy = invalid ? `${id}-errors` : undefined;
  return (
    <div className="fb-row-choices">
      <label htmlFor={`${id}-unit`}>{t("fbImport.unit")}</label>
      <select
        id={`${id}-unit`}
        name={`unitId.${row.index}`}
        defaultValue={row.choice.unitId ?? ""}
        aria-label={t("fbImport.rowUnit", { line: row.line })}
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
      >
        <option value="">{t("fbImport.followDefaults")}</option>
        {unitOptions(options).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-campaign`}>{t("fbImport.campaign")}</label>
      <select id={`${id}-campaign`} name={`campaignId.${row.index}`} defaultValue={row.choice.campaignId ?? ""} aria-label={t("fbImport.rowCampaign", { line: row.line })}>
        <option value="">{t("fbImport.followDefaults")}</option>
        {options.campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
      {options.campaigns.some((c) => c.points.length > 0) ? (
        <>
          <label htmlFor={`${id}-points`}>{t("fbImport.points")}</label>
          <select
            id={`${id}-points`}
            name={`pointIds.${row.index}`}
            multiple
            size={4}
            defaultValue={row.choice.pointIds.map(String)}
            aria-label={t("fbImport.rowPoints", { line: row.line })}
            aria-describedby={`${id}-points-hint`}
          >
            {options.campaigns.map((c) => (
              <optgroup key={c.id} label={c.title}>
                {c.points.map((p) => (
                  <option key={p.id} value={p.id}>
                    {"\u00a0\u00a0".repeat(p.depth)}
                    {p.code}. {p.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p className="hint" id={`${id}-points-hint`}>
            {t("fbImport.rowPointsHint")}
          </p>
        </>
      ) : null}
    </div>
  );
}
