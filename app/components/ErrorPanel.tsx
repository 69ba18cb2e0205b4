import type { MessageKey, Translate } from "~/i18n";

export function ErrorPanel({ status, messageKey, t }: { status: number; messageKey: MessageKey; t: Translate }) {
  return (
    <section className="error-panel" role="alert">
      <h1>
        {status} · {t("error.title")}
      </h1>
      <p>{t(messageKey)}</p>
      <p>
        <a href="/">{t("common.home")}</a>
      </p>
    </section>
  );
}
