import { Form, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "@db/schema";
import type { Actor } from "~/domain/actor";
import { roleAtLeast } from "~/domain/roles";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";

const NAV: readonly { to: string; label: MessageKey; end?: boolean; minimumRole?: Role }[] = [
  { to: "/", label: "nav.dashboard", end: true },
  { to: "/calendar", label: "nav.calendar" },
  { to: "/results/pending", label: "results.pending.title", minimumRole: "editor" },
  { to: "/campaigns", label: "nav.campaigns" },
  { to: "/tally", label: "nav.tally" },
  { to: "/reports", label: "reports.nav" },
  { to: "/units", label: "nav.units" },
  { to: "/users", label: "nav.users", minimumRole: "manager" },
  { to: "/audit", label: "audit.nav", minimumRole: "manager" },
];

export function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  const t = useT();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          {t("app.name")}
        </NavLink>
        <div className="account" aria-label={t("auth.signedInAs")}>
          <span className="account-name">{actor.displayName}</span>
          <span className="account-meta">
            {actor.unitName} · {t(`role.${actor.role}`)}
          </span>
        </div>
        <div className="topbar-actions">
          <LanguageSwitch />
          <NavLink to="/account/password" className="button button-quiet">
            {t("account.changePassword")}
          </NavLink>
          <Form method="post" action="/logout">
            <button type="submit" className="button-quiet">
              {t("auth.logout")}
            </button>
          </Form>
        </div>
      </header>
      <nav className="mainnav" aria-label={t("nav.menu")}>
        <ul>
          {NAV.filter((item) => !item.minimumRole || roleAtLeast(actor.role, item.minimumRole)).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end} prefetch="intent">
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  return (
    <Form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="lang" value={locale === "vi" ? "en" : "vi"} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="button-quiet" aria-label={t("lang.label")} lang={locale === "vi" ? "en" : "vi"}>
        {t("lang.switch")}
      </button>
    </Form>
  );
}
