import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { AppShell } from "~/components/AppShell";
import { ErrorPanel } from "~/components/ErrorPanel";
import { useNonce } from "~/components/nonce";
import type { Actor } from "~/domain/actor";
import { translator, type Locale } from "~/i18n";
import { getActor } from "~/services/auth.server";
import { getLocale } from "~/services/locale.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: translator("vi")("app.name") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [actor, locale] = await Promise.all([getActor(request), getLocale(request)]);
  return { actor, locale };
}

interface RootData {
  actor: Actor | null;
  locale: Locale;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  return (
    <html lang={data?.locale ?? "vi"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { actor } = useLoaderData<typeof loader>();
  if (!actor) return <Outlet />;
  return (
    <AppShell actor={actor}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  const t = translator(data?.locale ?? "vi");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const panel = <ErrorPanel status={status} messageKey={messageKeyFor(error)} t={t} />;
  return data?.actor ? <AppShell actor={data.actor}>{panel}</AppShell> : panel;
}

function messageKeyFor(error: unknown) {
  if (isRouteErrorResponse(error)) {
    if (error.data && typeof error.data === "object" && "messageKey" in error.data) {
      return error.data.messageKey as Parameters<ReturnType<typeof translator>>[0];
    }
    if (error.status === 404) return "error.notFound" as const;
    if (error.status === 403) return "error.forbidden" as const;
    if (error.status === 503) return "error.unavailable" as const;
    if (error.status === 400 || error.status === 413 || error.status === 422) return "error.badRequest" as const;
  }
  return "error.unexpected" as const;
}
