import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { PageHeader } from "~/components/PageHeader";
import { ErrorSummary, InputField, SelectField, valueOf } from "~/components/forms";
import { createAccountSchema, PASSWORD_MAX, unitOptionLabel } from "~/domain/account-schemas";
import { parseId } from "~/domain/ids";
import { parseForm, submittedValues } from "~/domain/validation";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { createAccount, grantableRoles, unitOptions } from "~/services/users.server";
import styles from "~/styles/users.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("users.new")} · ${translator("vi")("app.name")}` }];

/** A document response that shows a generated password must not be cached (the action says so). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const cacheControl = actionHeaders.get("Cache-Control");
  return cacheControl ? { "Cache-Control": cacheControl } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const units = (await unitOptions(db(), actor)).filter((u) => !u.isClosed);
  const wanted = parseId(new URL(request.url).searchParams.get("unit"));
  const unitId = units.some((u) => u.id === wanted) ? wanted : actor.unitId;
  return { units, roles: grantableRoles(actor), unitId };
}

/** Passwords are never sent back into a form. */
const withoutPasswords = (values: Record<string, string | string[]>) => {
  const { password: _password, ...rest } = values;
  return rest;
};

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, "manager");
  const formData = await request.formData();
  const form = parseForm(createAccountSchema, formData);
  const result = form.ok ? await createAccount(db(), actor, form.data) : form;
  if (!result.ok) {
    // `attempt` changes on every refusal, so the password field is emptied even with JavaScript.
    return data({ ok: false as const, errors: result.errors, values: withoutPasswords(submittedValues(formData)), attempt: crypto.randomUUID() }, 400);
  }
  // The generated password is in this one response only: nothing may cache it.
  return data({ ok: true as const, created: result.value }, { headers: { "Cache-Control": "no-store" } });
}

export default function NewUserPage() {
  const { units, roles, unitId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  if (result?.ok) return <Created created={result.created} />;
  const errors = result?.errors;
  const values = result?.values;
  return (
    <>
      <PageHeader title={t("users.new")}>
        <Link to="/users">{t("users.backToList")}</Link>
      </PageHeader>
      <Form method="post" className="panel users-form" noValidate>
        <ErrorSummary errors={errors} />
        <p className="hint">{t("users.new.intro")}</p>
        <div className="form-grid">
          <InputField name="displayName" label={t("users.name")} defaultValue={valueOf(values, "displayName", "")} error={errors?.displayName} autoComplete="off" required maxLength={200} />
          <InputField
            name="login"
            label={t("users.login")}
            hint={t("users.loginHint")}
            defaultValue={valueOf(values, "login", "")}
            error={errors?.login}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={64}
          />
          <SelectField
            name="unitId"
            label={t("users.unit")}
            hint={t("users.unitHint")}
            defaultValue={valueOf(values, "unitId", unitId)}
            error={errors?.unitId}
            options={units.map((u) => ({ value: u.id, label: unitOptionLabel(u, t("users.unitClosed")) }))}
          />
          <SelectField
            name="role"
            label={t("users.role")}
            hint={t("users.roleHint")}
            defaultValue={valueOf(values, "role", "editor")}
            error={errors?.role}
            options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </div>
        <InputField
          key={result?.attempt}
          name="password"
          type="password"
          label={t("users.temporaryPassword")}
          hint={t("users.temporaryPasswordHint")}
          optional
          error={errors?.password}
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
        />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t("users.create")}
          </button>
          <Link to="/users" className="button button-quiet">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}

function Created({ created }: { created: { id: number; login: string; displayName: string; temporaryPassword: string | null } }) {
  const t = useT();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <>
      <PageHeader title={t("users.new")} />
      <section className="panel users-once" ref={panel} tabIndex={-1} aria-labelledby="created-title">
        <h2 id="created-title">{t("users.created", { name: created.displayName })}</h2>
        <dl className="facts">
          <dt>{t("users.login")}</dt>
          <dd>
            <code>{created.login}</code>
          </dd>
          {created.temporaryPassword ? (
            <>
              <dt>{t("users.temporaryPassword")}</dt>
              <dd>
                <output className="users-secret" aria-label={t("users.temporaryPassword")}>
                  {created.temporaryPassword}
                </output>
              </dd>
            </>
          ) : null}
        </dl>
        <p className="users-once-note">{created.temporaryPassword ? t("users.shownOnce") : t("users.typedPasswordNote")}</p>
        <div className="form-actions">
          <Link to={`/users/${created.id}`} className="button">
            {t("users.openAccount")}
          </Link>
          <Link to="/users/new" className="button button-quiet" reloadDocument>
            {t("users.createAnother")}
          </Link>
          <Link to="/users" className="button button-quiet">
            {t("users.backToList")}
          </Link>
        </div>
      </section>
    </>
  );
}
