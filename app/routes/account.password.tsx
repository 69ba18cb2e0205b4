import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { PageHeader } from "~/components/PageHeader";
import { ErrorSummary, InputField } from "~/components/forms";
import { changePasswordSchema, PASSWORD_MAX, PASSWORD_MIN } from "~/domain/account-schemas";
import { parseForm } from "~/domain/validation";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { bumpSessionEpoch, PASSWORD_CHANGE_PATH, requireActor, safeRedirectTarget } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { endSession, getSession, startSession } from "~/services/session.server";
import { changeOwnPassword } from "~/services/users.server";
import styles from "~/styles/users.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${translator("vi")("account.changePassword")} · ${translator("vi")("app.name")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  return {
    login: actor.login,
    forced: actor.isPasswordChangeRequired,
    changed: params.get("changed") === "1" && !actor.isPasswordChangeRequired,
    next: safeRedirectTarget(params.get("next")),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  if (formData.get("intent") === "signOutEverywhere") {
    // Bumping the epoch voids every cookie of this account, this browser's included.
    await bumpSessionEpoch(db(), actor.id);
    console.info(`[auth] sign out everywhere: user=${actor.id}`);
    return redirect("/login", { headers: { "Set-Cookie": await endSession(await getSession(request)) } });
  }
  const form = parseForm(changePasswordSchema, formData);
  const result = form.ok ? await changeOwnPassword(db(), actor, form.data) : form;
  // Nothing typed here is sent back: every field is a password. `attempt` empties them with JavaScript too.
  if (!result.ok) return data({ errors: result.errors, attempt: crypto.randomUUID() }, 400);
  // Every other session ended with the epoch; this browser gets a brand-new session.
  const headers = { "Set-Cookie": await startSession(actor.id, result.value.epoch) };
  if (actor.isPasswordChangeRequired) return redirect(safeRedirectTarget(formData.get("next")), { headers });
  return redirect(`${PASSWORD_CHANGE_PATH}?changed=1`, { headers });
}

export default function ChangePasswordPage() {
  const { login, forced, changed, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors;
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (changed) notice.current?.focus();
  }, [changed]);
  return (
    <>
      <PageHeader title={t("account.changePassword")} />
      {forced ? (
        <div className="panel users-forced" role="status">
          <h2>{t("account.forced.title")}</h2>
          <p>{t("account.forced.body")}</p>
        </div>
      ) : null}
      {changed ? (
        <div className="notice" ref={notice} tabIndex={-1} role="status">
          {t("account.changed")}
        </div>
      ) : null}
      <Form method="post" className="panel users-form users-narrow" noValidate key={result?.attempt}>
        <ErrorSummary errors={errors} />
        <p className="hint">{t("account.intro", { min: PASSWORD_MIN })}</p>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" autoComplete="username" value={login} readOnly hidden />
        <input type="hidden" name="next" value={next} />
        <InputField
          name="currentPassword"
          type="password"
          label={t("account.currentPassword")}
          error={errors?.currentPassword}
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX}
          autoFocus={forced}
        />
        <InputField
          name="newPassword"
          type="password"
          label={t("account.newPassword")}
          hint={t("account.newPasswordHint", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          error={errors?.newPassword}
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
        />
        <InputField
          name="confirmPassword"
          type="password"
          label={t("account.confirmPassword")}
          error={errors?.confirmPassword}
          autoComplete="new-password"
          required
          maxLength={PASSWORD_MAX}
        />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t("account.submit")}
          </button>
        </div>
      </Form>
      <Form method="post" className="panel users-form users-narrow" id="sign-out-everywhere">
        <h2>{t("security.signOutEverywhere")}</h2>
        <p className="hint">{t("security.signOutEverywhere.hint")}</p>
        <input type="hidden" name="intent" value="signOutEverywhere" />
        <div className="form-actions">
          <button
            type="submit"
            className="button-quiet"
            onClick={(event) => {
              if (!window.confirm(t("security.signOutEverywhere.confirm"))) event.preventDefault();
            }}
          >
            {t("security.signOutEverywhere")}
          </button>
        </div>
      </Form>
    </>
  );
}
