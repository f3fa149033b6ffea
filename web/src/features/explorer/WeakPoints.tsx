// The shown network's connectors (strongest brokers, by stored betweenness) and its single
// points of failure (cut points and bridges of what is shown), listed and highlightable.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FailurePoints, ShownGraph } from "./graph";
import { tieKey } from "./NetworkCanvas";
import type { Highlight } from "./NetworkCanvas";

interface Props {
  graph: ShownGraph;
  weak: FailurePoints & { connectors: string[] };
  onSelect(id: string): void;
  onHighlight(lit: Highlight | null): void;
}

type Shown = "none" | "connectors" | "failures";

export function WeakPoints({ graph, weak, onSelect, onHighlight }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [shown, setShown] = useState<Shown>("none");
  const label = (node: string) => (graph.hasNode(node) ? graph.getNodeAttribute(node, "label") : node);

  const show = (which: Shown) => {
    setShown(which);
    if (which === "connectors") onHighlight({ nodes: new Set(weak.connectors), edges: new Set() });
    else if (which === "failures")
      onHighlight({
        nodes: new Set([...weak.cutPoints, ...weak.bridges.flat()]),
        edges: new Set(weak.bridges.map(([a, b]) => tieKey(a, b))),
      });
    else onHighlight(null);
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("explorer.weak.title")}</h2>
      <fieldset className="explorer-toggle">
        <legend>{t("explorer.weak.highlight")}</legend>
        {(["none", "connectors", "failures"] as const).map((which) => (
          <label key={which}>
            <input type="radio" name={`${id}-lit`} checked={shown === which} onChange={() => show(which)} />
            {t(`explorer.weak.show.${which}`)}
          </label>
        ))}
      </fieldset>
      <h3>{t("explorer.weak.connectors")}</h3>
      {weak.connectors.length === 0 ? (
        <p className="state state-empty">{t("explorer.weak.noConnectors")}</p>
      ) : (
        <ol className="plain-ol">
          {weak.connectors.map((node) => (
            <li key={node}>
              <button type="button" className="link-button" onClick={() => onSelect(node)}>{label(node)}</button>
            </li>
          ))}
        </ol>
      )}
      <h3>{t("explorer.weak.cutPoints")}</h3>
      {weak.cutPoints.length === 0 ? (
        <p className="state state-empty">{t("explorer.weak.noCutPoints")}</p>
      ) : (
        <ul className="plain">
          {weak.cutPoints.slice(0, 20).map((node) => (
            <li key={node}>
              <button type="button" className="link-button" onClick={() => onSelect(node)}>{label(node)}</button>
            </li>
          ))}
          {weak.cutPoints.length > 20 && <li className="muted">{t("explorer.weak.more", { count: weak.cutPoints.length - 20 })}</li>}
        </ul>
      )}
      <h3>{t("explorer.weak.bridges")}</h3>
      {weak.bridges.length === 0 ? (
        <p className="state state-empty">{t("explorer.weak.noBridges")}</p>
      ) : (
        <ul className="plain">
          {weak.bridges.slice(0, 20).map(([a, b]) => (
            <li key={tieKey(a, b)}>
              {label(a)} — {label(b)}
            </li>
          ))}
          {weak.bridges.length > 20 && <li className="muted">{t("explorer.weak.more", { count: weak.bridges.length - 20 })}</li>}
        </ul>
      )}
    </section>
  );
}
