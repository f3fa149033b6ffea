// The nodes drawn, as a list of buttons: the keyboard's and screen reader's way into the picture.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { ShownGraph } from "./graph";

/** The list stops here: a generated test graph has thousands. */
const SHOWN = 300;

interface Props {
  graph: ShownGraph;
  visible: Set<string>;
  revision: number;
  onSelect(id: string): void;
}

export function NodeList({ graph, visible, revision, onSelect }: Props) {
  const { t } = useTranslation();
  const nodes = useMemo(
    () =>
      [...visible]
        .slice(0, SHOWN)
        .map((id) => ({ id, label: graph.getNodeAttribute(id, "label"), kind: graph.getNodeAttribute(id, "kind") }))
        .sort((x, y) => x.label.localeCompare(y.label)),
    // the graph is mutated in place: `revision` says when its nodes changed
    [graph, visible, revision],
  );
  return (
    <details className="explorer-nodes">
      <summary>{t("explorer.nodeList", { count: visible.size })}</summary>
      <ul className="plain">
        {nodes.map((n) => (
          <li key={n.id}>
            <button type="button" className="link-button" onClick={() => onSelect(n.id)}>
              {n.label}
            </button>{" "}
            <span className="muted">{t(`explorer.kind.${n.kind}`)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
