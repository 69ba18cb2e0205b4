import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { InputField, SelectField } from "~/components/forms";
import { unitOptionLabel, userFilterSchema } from "~/domain/account-schemas";
import { formatDateTime } from "~/domain/dates";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { listUsers, unitOptions } from "~/services/users.server";
import { ROLES } from "~/domain/roles";
import styles from "~/styles/users.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const filter = userFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [users, units] = await Promise.all([listUsers(db(), actor, filter), unitOptions(db(), actor)]);
  return { users, units, filter };
}

export default function UsersPage() {
  const { users, units, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const filtered = Boolean(filter.q || filter.unit || filter.role || filter.status !== "all");
  return (
    <>
      <PageHeader title={t("users.title")}>
        <Link to={filter.unit ? `/users/new?unit=${filter.unit}` : "/users/new"} className="button">
          {t("users.new")}
        </Link>
      </PageHeader>

      <Form method="get" className="panel users-filter" role="search" aria-label={t("users.filter.label")}>
        <InputField
          name="q"
          type="search"
          label={t("users.filter.q")}
          hint={t("users.filter.qHint")}
          defaultValue={filter.q ?? ""}
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          name="unit"
          label={t("users.filter.unit")}
          defaultValue={filter.unit ?? ""}
          options={[{ value: "", label: t("users.filter.anyUnit") }, ...units.map((u) => ({ value: u.id, label: unitOptionLabel(u, t("users.unitClosed")) }))]}
        />
        <SelectField
          name="role"
          label={t("users.role")}
          defaultValue={filter.role ?? ""}
          options={[{ value: "", label: t("users.filter.anyRole") }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
        />
        <SelectField
          name="status"
          label={t("users.status")}
          defaultValue={filter.status}
          options={[
            { value: "all", label: t("users.filter.anyStatus") },
            { value: "active", label: t("users.active") },
            { value: "inactive", label: t("users.inactive") },
          ]}
        />
        <div className="users-filter-actions">
          <button type="submit">{t("users.filter.apply")}</button>
          {filtered ? (
            <Link to="/users" className="button button-quiet">
              {t("users.filter.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      <p className="muted" role="status">
        {t("users.count", { n: users.length })}
      </p>
      {users.length === 0 ? (
        <p className="empty">{filtered ? t("users.filter.none") : t("users.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="users-table">
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.login")}</th>
                <th scope="col">{t("users.unit")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("users.lastLogin")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.is_active ? undefined : "users-row-inactive"}>
                  <td data-label={t("users.name")}>
                    <Link to={`/users/${u.id}`}>{u.display_name}</Link>
                  </td>
                  <td data-label={t("users.login")}>
                    <code>{u.login}</code>
                  </td>
                  <td data-label={t("users.unit")}>{u.unit_name}</td>
                  <td data-label={t("users.role")}>{t(`role.${u.role}`)}</td>
                  <td data-label={t("users.status")}>
                    <span className={`badge ${u.is_active ? "badge-ok" : "badge-closed"}`}>{u.is_active ? t("users.active") : t("users.inactive")}</span>
                    {u.is_active && u.is_password_change_required ? (
                      <>
                        {" "}
                        <span className="badge badge-warn">{t("users.mustChange")}</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("users.lastLogin")}>{u.last_login_at ? formatDateTime(new Date(u.last_login_at)) : <span className="muted">{t("users.never")}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
