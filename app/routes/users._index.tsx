import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { formatDateTime } from "~/domain/dates";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { listUsers } from "~/services/users.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  return { users: await listUsers(db(), actor) };
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("users.title")} />
      {users.length === 0 ? (
        <p className="empty">{t("users.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("users.name")}</th>
                <th>{t("users.login")}</th>
                <th>{t("users.unit")}</th>
                <th>{t("users.role")}</th>
                <th>{t("units.status")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.display_name}</td>
                  <td>
                    <code>{u.login}</code>
                  </td>
                  <td>
                    <Link to={`/units/${u.unit_id}`}>{u.unit_name}</Link>
                  </td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>
                    {u.is_active ? t("users.active") : t("users.inactive")}
                    {u.last_login_at ? <span className="muted"> · {formatDateTime(new Date(u.last_login_at))}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
