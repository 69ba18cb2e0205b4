import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditEntries } from "~/components/AuditEntries";
import { DateField } from "~/components/forms";
import { PageHeader } from "~/components/PageHeader";
import { AUDIT_GROUP_NAMES, auditQuerySchema, type AuditQuery } from "~/domain/report-schemas";
import { fieldErrorsOf, type FieldErrors } from "~/domain/validation";
import { translator, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { auditLog } from "~/services/audit-log.server";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import styles from "~/styles/reports.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("audit.title")} · ${translator("vi")("app.name")}` }];

/** /audit?entity=&from=&to=&page=: the audit log of the manager's subtree. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const raw = Object.fromEntries(new URL(request.url).searchParams) as Record<string, string>;
  const parsed = auditQuerySchema.safeParse(raw);
  let query: AuditQuery;
  let errors: FieldErrors | undefined;
  if (parsed.success) {
    query = parsed.data;
  } else {
    // A mistyped date is shown back with its message; the rest of the filter still applies.
    errors = fieldErrorsOf(parsed.error);
    query = auditQuerySchema.parse({ entity: raw.entity, page: raw.page });
  }
  const log = await auditLog(db(), actor, query);
  return { ...log, query, raw, errors };
}

export default function AuditPage() {
  const { entries, page, hasNext, hasPrevious, query, raw, errors } = useLoaderData<typeof loader>();
  const t = useT();
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    if (query.entity) params.set("entity", query.entity);
    if (query.from) params.set("from", query.from);
    if (query.to) params.set("to", query.to);
    params.set("page", String(n));
    return `/audit?${params}`;
  };
  return (
    <>
      <PageHeader title={t("audit.title")} />
      <p className="muted">{t("audit.intro")}</p>
      <Form method="get" className="audit-filters">
        <div className="field">
          <label htmlFor="entity">{t("audit.filter.entity")}</label>
          <select id="entity" name="entity" defaultValue={query.entity ?? ""}>
            <option value="">{t("audit.group.all")}</option>
            {AUDIT_GROUP_NAMES.map((g) => (
              <option key={g} value={g}>
                {t(`audit.group.${g}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <DateField name="from" label={t("audit.filter.from")} defaultValue={errors?.from ? raw.from : query.from ?? ""} error={errors?.from} />
        <DateField name="to" label={t("audit.filter.to")} defaultValue={errors?.to ? raw.to : query.to ?? ""} error={errors?.to} />
        <div className="audit-filter-actions">
          <button type="submit">{t("audit.filter.apply")}</button>
          <Link to="/audit">{t("audit.filter.clear")}</Link>
        </div>
      </Form>
      {entries.length === 0 ? <p className="empty">{t("audit.empty")}</p> : <AuditEntries entries={entries} />}
      {hasPrevious || hasNext ? (
        <nav className="audit-pages" aria-label={t("audit.pages")}>
          {hasPrevious ? (
            <Link to={pageLink(page - 1)} rel="prev">
              {t("audit.previous")}
            </Link>
          ) : null}
          <span>{t("audit.page", { n: page })}</span>
          {hasNext ? (
            <Link to={pageLink(page + 1)} rel="next">
              {t("audit.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
