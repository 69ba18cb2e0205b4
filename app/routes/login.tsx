import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { LanguageSwitch } from "~/components/AppShell";
import { loginSchema } from "~/domain/auth-schemas";
import { translator, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { getActor, safeRedirectTarget, signInWithThrottle } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { startSession } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: `${translator("vi")("auth.login")} · ${translator("vi")("app.name")}` }];

/** Passes the throttle's Retry-After on to the document response. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = loginSchema.safeParse(form);
  const typedLogin = typeof form.login === "string" ? form.login.slice(0, 100) : "";
  if (!parsed.success) {
    return Response.json({ errorKey: "auth.required" satisfies MessageKey, login: typedLogin }, { status: 400 });
  }
  const user = await signInWithThrottle(db(), parsed.data.login, parsed.data.password);
  if (!user.ok) {
    // The same generic message either way; after repeated failures it also says how long to wait.
    if (user.waitSeconds > 0) {
      return Response.json(
        { errorKey: "security.login.throttled" satisfies MessageKey, seconds: user.waitSeconds, login: typedLogin },
        { status: 429, headers: { "Retry-After": String(user.waitSeconds) } },
      );
    }
    return Response.json({ errorKey: "auth.failed" satisfies MessageKey, login: typedLogin }, { status: 401 });
  }
  return redirect(safeRedirectTarget(parsed.data.next), {
    headers: { "Set-Cookie": await startSession(user.id, user.epoch) },
  });
}

export default function LoginPage() {
  const t = useT();
  const result = useActionData<{ errorKey: MessageKey; login: string; seconds?: number }>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <main className="login-page">
      <div className="login-card">
        <LanguageSwitch />
        <h1>{t("app.name")}</h1>
        <p className="tagline">{t("app.tagline")}</p>
        <Form method="post" noValidate aria-describedby={result ? "login-error" : undefined}>
          {result ? (
            <p id="login-error" className="form-error" role="alert">
              {t(result.errorKey, { seconds: result.seconds ?? 0 })}
            </p>
          ) : null}
          <input type="hidden" name="next" value={params.get("next") ?? "/"} />
          <label htmlFor="login">{t("auth.loginField")}</label>
          <input
            id="login"
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            defaultValue={result?.login}
            autoFocus
          />
          <label htmlFor="password">{t("auth.password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
          <button type="submit" disabled={busy}>
            {t("auth.login")}
          </button>
        </Form>
      </div>
    </main>
  );
}
