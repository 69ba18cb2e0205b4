import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { PageHeader } from "~/components/PageHeader";
import { ErrorSummary, InputField, SelectField, valueOf } from "~/components/forms";
import { accountIntentSchema, PASSWORD_MAX, resetPasswordSchema, unitOptionLabel, updateAccountSchema } from "~/domain/account-schemas";
import { formatDateTime } from "~/domain/dates";
import { parseForm, submittedValues, type FieldErrors } from "~/domain/validation";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { httpError } from "~/services/http-errors.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { getAccount, grantableRoles, resetPassword, setAccountActive, unitOptions, updateAccount } from "~/services/users.server";
import styles from "~/styles/users.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** A document response that shows a generated password must not be cached (the action says so). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const cacheControl = actionHeaders.get("Cache-Control");
  return cacheControl ? { "Cache-Control": cacheControl } : new Headers();
};

/** What a redirect after a successful change tells the page to confirm. */
const DONE = {
  updated: "users.done.updated",
  unchanged: "users.done.unchanged",
  reset: "users.done.reset",
  deactivated: "users.done.deactivated",
  reactivated: "users.done.reactivated",
} as const satisfies Record<string, MessageKey>;
const doneKey = (value: string | null) => (value && value in DONE ? DONE[value as keyof typeof DONE] : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const view = await getAccount(db(), actor, requireIdParam(params.id));
  const units = view.canManageAccess
    ? (await unitOptions(db(), actor)).filter((u) => !u.isClosed || u.id === view.account.unit_id)
    : [];
  return { ...view, units, roles: grantableRoles(actor), done: doneKey(new URL(request.url).searchParams.get("done")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const id = requireIdParam(params.id);
  const formData = await request.formData();
  const intent = accountIntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw httpError(400, "validation.invalid");
  const refused = (errors: FieldErrors) => {
    const { password: _password, ...values } = submittedValues(formData);
    return data({ intent: intent.data, ok: false as const, errors, values, attempt: crypto.randomUUID() }, 400);
  };

  switch (intent.data) {
    case "update": {
      const form = parseForm(updateAccountSchema, formData);
      const result = form.ok ? await updateAccount(db(), actor, { ...form.data, id }) : form;
      if (!result.ok) return refused(result.errors);
      return redirect(`/users/${id}?done=${!result.value.changed ? "unchanged" : "updated"}`);
    }
    case "reset": {
      const form = parseForm(resetPasswordSchema, formData);
      const result = form.ok ? await resetPassword(db(), actor, { ...form.data, id }) : form;
      if (!result.ok) return refused(result.errors);
      if (!result.value.temporaryPassword) return redirect(`/users/${id}?done=reset`);
      // The generated password is in this one response only: nothing may cache it.
      return data(
        { intent: intent.data, ok: true as const, temporaryPassword: result.value.temporaryPassword },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    case "deactivate":
    case "reactivate": {
      const active = intent.data === "reactivate";
      await setAccountActive(db(), actor, { id, active });
      return redirect(`/users/${id}?done=${active ? "reactivated" : "deactivated"}`);
    }
  }
}

export default function UserPage() {
  const { account, isSelf, canManage, canManageAccess, history, units, roles, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failed = result && !result.ok ? result : undefined;
  const errorsFor = (intent: string) => (failed?.intent === intent ? failed.errors : undefined);
  const values = failed?.intent === "update" ? failed.values : undefined;
  const updateErrors = errorsFor("update");
  const resetErrors = errorsFor("reset");
  const secret = result?.ok && "temporaryPassword" in result ? result.temporaryPassword : null;
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (secret || done) notice.current?.focus();
  }, [secret, done]);

  return (
    <>
      <PageHeader title={account.display_name}>
        <span className={`badge ${account.is_active ? "badge-ok" : "badge-closed"}`}>{account.is_active ? t("users.active") : t("users.inactive")}</span>
        <Link to="/users">{t("users.backToList")}</Link>
      </PageHeader>

      {secret ? (
        <div className="panel users-once" ref={notice} tabIndex={-1} role="status">
          <h2>{t("users.reset.doneTitle")}</h2>
          <p>
            {t("users.temporaryPassword")}: <output className="users-secret">{secret}</output>
          </p>
          <p className="users-once-note">{t("users.shownOnce")}</p>
        </div>
      ) : done ? (
        <div className="notice" ref={notice} tabIndex={-1} role="status">
          {t(done)}
        </div>
      ) : null}

      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("users.details")}</h2>
        <dl className="facts">
          <dt>{t("users.login")}</dt>
          <dd>
            <code>{account.login}</code>
          </dd>
          <dt>{t("users.unit")}</dt>
          <dd>
            <Link to={`/units/${account.unit_id}`}>{account.unit_name}</Link>
          </dd>
          <dt>{t("users.role")}</dt>
          <dd>{t(`role.${account.role}`)}</dd>
          <dt>{t("users.status")}</dt>
          <dd>
            {account.is_active ? t("users.active") : t("users.inactive")}
            {account.is_active && account.is_password_change_required ? ` · ${t("users.mustChange")}` : ""}
          </dd>
          <dt>{t("users.createdAt")}</dt>
          <dd>{formatDateTime(new Date(account.created_at))}</dd>
          <dt>{t("users.lastLogin")}</dt>
          <dd>{account.last_login_at ? formatDateTime(new Date(account.last_login_at)) : t("users.never")}</dd>
        </dl>
        {isSelf ? (
          <p className="hint users-note">
            {t("users.selfNote")} <Link to="/account/password">{t("account.changePassword")}</Link>
          </p>
        ) : !canManage ? (
          <p className="hint users-note">{t("users.outranksNote")}</p>
        ) : null}
      </section>

      {canManage ? (
        <section className="panel" aria-labelledby="edit-title">
          <h2 id="edit-title">{t("users.edit.title")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            <ErrorSummary errors={updateErrors} />
            <div className="form-grid">
              <InputField
                name="displayName"
                label={t("users.name")}
                defaultValue={valueOf(values, "displayName", account.display_name)}
                error={updateErrors?.displayName}
                autoComplete="off"
                required
                maxLength={200}
              />
              {canManageAccess ? (
                <>
                  <SelectField
                    name="unitId"
                    label={t("users.unit")}
                    hint={t("users.unitHint")}
                    defaultValue={valueOf(values, "unitId", account.unit_id)}
                    error={updateErrors?.unitId}
                    options={units.map((u) => ({ value: u.id, label: unitOptionLabel(u, t("users.unitClosed")) }))}
                  />
                  <SelectField
                    name="role"
                    label={t("users.role")}
                    hint={t("users.roleHint")}
                    defaultValue={valueOf(values, "role", account.role)}
                    error={updateErrors?.role}
                    options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                  />
                </>
              ) : null}
            </div>
            <div className="form-actions">
              <button type="submit" disabled={busy}>
                {t("form.save")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {canManageAccess ? (
        <section className="panel" aria-labelledby="reset-title">
          <h2 id="reset-title">{t("users.reset.title")}</h2>
          <p className="hint">{t("users.reset.intro")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reset" />
            <ErrorSummary errors={resetErrors} />
            <InputField
              key={failed?.attempt}
              id="reset-password"
              name="password"
              type="password"
              label={t("users.temporaryPassword")}
              hint={t("users.temporaryPasswordHint")}
              optional
              error={resetErrors?.password}
              autoComplete="new-password"
              maxLength={PASSWORD_MAX}
            />
            <div className="form-actions">
              <button type="submit" disabled={busy}>
                {t("users.reset.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {canManageAccess ? (
        <section className="panel" aria-labelledby="status-title">
          <h2 id="status-title">{account.is_active ? t("users.deactivate.title") : t("users.reactivate.title")}</h2>
          <p className="hint">{account.is_active ? t("users.deactivate.intro") : t("users.reactivate.intro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value={account.is_active ? "deactivate" : "reactivate"} />
            <button type="submit" className={account.is_active ? "users-danger" : undefined} disabled={busy}>
              {account.is_active ? t("users.deactivate.submit") : t("users.reactivate.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t("users.history")}</h2>
        {history.length === 0 ? (
          <p className="empty">{t("users.history.none")}</p>
        ) : (
          <ul className="users-history">
            {history.map((h) => (
              <li key={h.id}>
                <time dateTime={new Date(h.created_at).toISOString()}>{formatDateTime(new Date(h.created_at))}</time> ·{" "}
                {historyLabel(h.action, t)}
                {h.by ? <span className="muted"> · {h.by}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

const HISTORY: Record<string, MessageKey> = {
  create: "users.history.create",
  update: "users.history.update",
  reset_password: "users.history.resetPassword",
  deactivate: "users.history.deactivate",
  reactivate: "users.history.reactivate",
  change_password: "users.history.changePassword",
};

function historyLabel(action: string, t: ReturnType<typeof useT>): string {
  return action in HISTORY ? t(HISTORY[action]) : action;
}
