import { Link, useSearchParams } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { formatNumber } from "~/domain/numbers";
import { useLocale, useT } from "~/i18n/use-t";
import type { UnitNode } from "~/domain/unit-tree";

/** Nodes shown at once below which every branch starts expanded. */
const OPEN_ALL_UP_TO = 80;

function countShown(node: UnitNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countShown(child), 0);
}

/** One unit on a line: name (link), kind, members (of the whole subtree when it has units below), status. */
export function UnitLine({ node }: { node: UnitNode }) {
  const t = useT();
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  return (
    <span className={node.closed_on ? "unit-line unit-line-closed" : "unit-line"}>
      <Link to={`/units/${node.id}`} className="unit-name">
        {node.name}
      </Link>
      <span className="unit-meta">
        <span className="unit-kind">{node.kind_name}</span>
        {node.openDescendants > 0 ? (
          <span>{t("units.subtree", { units: n(node.openDescendants), members: n(node.subtreeMembers) })}</span>
        ) : (
          <span>{t("units.membersCount", { n: n(node.members) })}</span>
        )}
        {node.closed_on ? <span className="badge badge-closed">{t("units.closedBadge")}</span> : null}
      </span>
    </span>
  );
}

/**
 * The children of `root` (a page of them), each with its own children in a <details> that
 * works without JavaScript and with the keyboard; deeper levels open on the unit's page.
 */
export function UnitTreeView({ root, label }: { root: UnitNode; label: string }) {
  const t = useT();
  const locale = useLocale();
  const openAll = countShown(root) <= OPEN_ALL_UP_TO;
  if (root.children.length === 0) return <p className="empty">{t("units.emptyTree")}</p>;
  return (
    <ul className="unit-tree" aria-label={label}>
      {root.children.map((child) => (
        <li key={child.id}>
          {child.children.length > 0 ? (
            <details open={openAll}>
              <summary>
                <UnitLine node={child} />
              </summary>
              <ul className="unit-tree-sub">
                {child.children.map((grandchild) => (
                  <li key={grandchild.id}>
                    <UnitLine node={grandchild} />
                    {grandchild.childCount > 0 ? (
                      <Link to={`/units/${grandchild.id}`} className="unit-drill" aria-label={t("units.openUnit", { name: grandchild.name })}>
                        {t("units.drill")} →
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ul>
              {child.hiddenChildren > 0 ? (
                <Link to={`/units/${child.id}`} className="unit-drill unit-more">
                  {t("units.hiddenChildren", { n: formatNumber(child.hiddenChildren, locale) })} →
                </Link>
              ) : null}
            </details>
          ) : (
            <div className="unit-leaf">
              <UnitLine node={child} />
              {child.childCount > 0 ? (
                <Link to={`/units/${child.id}`} className="unit-drill" aria-label={t("units.openUnit", { name: child.name })}>
                  {t("units.drill")} →
                </Link>
              ) : null}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Previous/next links when a unit has more children than one page shows. */
export function ChildPager({ total, offset, limit, basePath }: { total: number; offset: number; limit: number; basePath: string }) {
  const t = useT();
  const locale = useLocale();
  if (total <= limit) return null;
  const page = Math.floor(offset / limit);
  const href = (p: number) => `${basePath}${basePath.includes("?") ? "&" : "?"}page=${p + 1}`;
  return (
    <nav className="unit-pager" aria-label={t("units.pageOf", { from: offset + 1, to: Math.min(offset + limit, total), n: total })}>
      <span>{t("units.pageOf", { from: formatNumber(offset + 1, locale), to: formatNumber(Math.min(offset + limit, total), locale), n: formatNumber(total, locale) })}</span>
      {page > 0 ? <Link to={href(page - 1)}>← {t("units.previousPage")}</Link> : null}
      {offset + limit < total ? <Link to={href(page + 1)}>{t("units.nextPage")} →</Link> : null}
    </nav>
  );
}

const NOTICES: Record<string, MessageKey> = {
  created: "units.created",
  updated: "units.updated",
  moved: "units.moved",
  notMoved: "units.notMoved",
  closed: "units.closed",
  reopened: "units.reopened",
  imported: "units.imported",
};

/** The confirmation after a change, read from `?done=` (and `?n=`) so it survives a reload without JavaScript. */
export function UnitNotice() {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const key = NOTICES[params.get("done") ?? ""];
  if (!key) return null;
  const n = Number(params.get("n") ?? 0);
  return (
    <p className="notice" role="status">
      {t(key, { n: formatNumber(Number.isFinite(n) ? n : 0, locale) })}
    </p>
  );
}
