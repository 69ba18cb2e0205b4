import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  return null;
}

export default function Page() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("tally.title")} />
      <p className="empty">
        {t("common.upcomingFeature")} <Link to="/">{t("nav.dashboard")}</Link>
      </p>
    </>
  );
}
