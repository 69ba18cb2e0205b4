import type { ReactNode } from "react";
import type { TreeNode } from "~/domain/tree";
import { useT } from "~/i18n/use-t";

export interface PointNode {
  id: number;
  parent_id: number | null;
  code: string;
  title: string;
  details?: string | null;
}

/** The numbered content points, as the guidance lists them; `extra` adds controls per point. */
export function PointTree<P extends PointNode>({
  nodes,
  showDetails = false,
  extra,
}: {
  nodes: TreeNode<P>[];
  showDetails?: boolean;
  extra?: (point: P) => ReactNode;
}) {
  const t = useT();
  return (
    <ul className="point-tree">
      {nodes.map(({ item, children }) => (
        <li key={item.id}>
          <div className="point-row">
            <span className="point-code">{item.code}.</span> <span className="point-title">{item.title}</span>
            {extra ? extra(item) : null}
          </div>
          {showDetails && item.details ? (
            <details className="point-details">
              <summary>{t("campaigns.pointDetails")}</summary>
              <p>{item.details}</p>
            </details>
          ) : null}
          {children.length ? <PointTree nodes={children} showDetails={showDetails} extra={extra} /> : null}
        </li>
      ))}
    </ul>
  );
}
