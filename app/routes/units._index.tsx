import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { UnitStatus } from "~/components/UnitStatus";
import { formatNumber } from "~/domain/numbers";
import type { TreeNode } from "~/domain/tree";
import { useLocale, useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { unitTree, type UnitSummary } from "~/services/units.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { tree: await unitTree(db(), actor) };
}

export default function UnitsPage() {
  const { tree } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("units.title")} />
      <section className="panel">
        <UnitTreeList nodes={tree} root />
      </section>
    </>
  );
}

function UnitTreeList({ nodes, root = false }: { nodes: TreeNode<UnitSummary>[]; root?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className={root ? "tree tree-root" : "tree"}>
      {nodes.map(({ item, children }) => (
        <li key={item.id}>
          <Link to={`/units/${item.id}`}>{item.name}</Link>{" "}
          <span className="muted">
            · {item.kind_name} · {formatNumber(item.members, locale)} {t("units.members").toLowerCase()}
          </span>{" "}
          {item.closed_on ? <UnitStatus closedOn={item.closed_on} /> : null}
          {children.length > 0 ? <UnitTreeList nodes={children} /> : null}
        </li>
      ))}
    </ul>
  );
}
