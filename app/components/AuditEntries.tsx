import { Link } from "@remix-run/react";
import { formatDateTime } from "~/domain/dates";
import type { MessageKey, Translate } from "~/i18n";
import { useT } from "~/i18n/use-t";

type AuditValue = null | { empty: true } | { bool: boolean } | { text: string };

export interface AuditEntryProps {
  id: number;
  createdAt: Date;
  userName: string | null;
  userLogin: string | null;
  unitName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  link: string | null;
  diff: { changes: { path: string; before: AuditValue; after: AuditValue }[]; unchanged: number; more: number };
}

/** A translated label, or the raw code for actions and entities added later by other features. */
function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}

function Value({ value }: { value: AuditValue }) {
  const t = useT();
  if (value === null) return <span className="muted">{t("audit.absent")}</span>;
  if ("empty" in value) return <span className="muted">{t("audit.null")}</span>;
  if ("bool" in value) return <>{t(value.bool ? "common.yes" : "common.no")}</>;
  return <span className="audit-text">{value.text}</span>;
}

export function AuditEntries({ entries }: { entries: readonly AuditEntryProps[] }) {
  const t = useT();
  return (
    <ol className="audit-list">
      {entries.map((e) => {
        const entity = labelOr(t, `audit.entity.${e.entity}`, e.entity);
        return (
          <li key={e.id} className="audit-entry">
            <p className="audit-head">
              <time dateTime={new Date(e.createdAt).toISOString()}>{formatDateTime(new Date(e.createdAt))}</time>
              {" · "}
              <strong>{e.userName ?? t("audit.system")}</strong>
              {e.userLogin ? <span className="muted"> ({e.userLogin})</span> : null}
              {" · "}
              <span className="audit-action">{labelOr(t, `audit.action.${e.action}`, e.action)}</span>{" "}
              {e.link ? <Link to={e.link}>{`${entity} #${e.entityId}`}</Link> : <span>{e.entityId !== null ? `${entity} #${e.entityId}` : entity}</span>}
              {e.unitName ? <span className="muted"> · {t("audit.inUnit", { unit: e.unitName })}</span> : null}
            </p>
            {e.diff.changes.length ? (
              <div className="table-wrap">
                <table className="audit-diff">
                  <thead>
                    <tr>
                      <th scope="col">{t("audit.field")}</th>
                      <th scope="col">{t("audit.before")}</th>
                      <th scope="col">{t("audit.after")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.diff.changes.map((c) => (
                      <tr key={c.path}>
                        <th scope="row">
                          <code>{c.path}</code>
                        </th>
                        <td className={c.before === null ? "audit-absent" : "audit-before"}>
                          <Value value={c.before} />
                        </td>
                        <td className={c.after === null ? "audit-absent" : "audit-after"}>
                          <Value value={c.after} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted">{t("audit.noDetails")}</p>
            )}
            {e.diff.more || e.diff.unchanged ? (
              <p className="muted audit-foot">
                {e.diff.more ? t("audit.more", { n: e.diff.more }) : null}
                {e.diff.more && e.diff.unchanged ? " · " : null}
                {e.diff.unchanged ? t("audit.unchanged", { n: e.diff.unchanged }) : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
