// The network explorer: a person's or organisation's ego network drawn with sigma, expanded
// node by node, filtered, with introduction paths and the network's weak points highlighted.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { RecordPicker } from "../../components/RecordPicker";
import type { Picked } from "../../components/RecordPicker";
import { ErrorState, Loading } from "../../components/States";
import { ExplorerEgoQuery } from "./queries";
import { NetworkCanvas } from "./NetworkCanvas";
import type { Highlight } from "./NetworkCanvas";
import { NO_FILTER, connectorsOf, failurePoints, mergeInto, newGraph, visibleNodes } from "./graph";
import type { Filter, ShownGraph } from "./graph";
import { egoInput } from "./ego";
import { generateNetwork, parseSize } from "./generated";
import { FilterPanel } from "./FilterPanel";
import { NodeCard } from "./NodeCard";
import { PathPanel } from "./PathPanel";
import type { PathEnds } from "./PathPanel";
import { WeakPoints } from "./WeakPoints";
import { NodeList } from "./NodeList";
import "./explorer.css";

const NOTHING: Highlight = { nodes: new Set(), edges: new Set() };

export default function ExplorerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const centre = params.get("id");
  const radius = params.get("radius") === "2" ? 2 : 1;
  const generatedSize = params.get("generated");
  const generated = useMemo(() => parseSize(generatedSize), [generatedSize]);

  const [graph, setGraph] = useState<ShownGraph>(newGraph);
  const merged = useCallback((added: string[]) => {
    setRevision((r) => r + 1);
    if (added.length) setLayoutRun((r) => r + 1);
  }, []);
  // `revision` goes up whenever the graph's facts change (lists are recomputed), `layoutRun`
  // when it gained nodes (the layout runs again)
  const [revision, setRevision] = useState(0);
  const [layoutRun, setLayoutRun] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [layout, setLayout] = useState<{ milliseconds: number; iterations: number } | null>(null);
  const [ends, setEnds] = useState<PathEnds>({ from: null, to: null });
  const [pathLit, setPathLit] = useState<Highlight>(NOTHING);
  const [weakLit, setWeakLit] = useState<Highlight>(NOTHING);

  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ExplorerEgoQuery,
    variables: { id: centre ?? "", radius },
    pause: !centre || generated !== null,
  });

  // A new centre (or radius) starts a new drawing; an answer fills it.
  useEffect(() => {
    const fresh = newGraph();
    if (generated) {
      const made = generateNetwork(generated.nodes, generated.edges);
      mergeInto(fresh, made.nodes, made.edges);
    }
    setGraph(fresh);
    setSelected(null);
    setFilter(NO_FILTER);
    setLayout(null);
    setPathLit(NOTHING);
    setWeakLit(NOTHING);
  }, [centre, radius, generatedSize]);

  useEffect(() => {
    const ego = data?.egoNetwork;
    if (!ego || !centre || ego.center !== centre) return;
    const { nodes, edges } = egoInput(ego);
    merged(mergeInto(graph, nodes, edges));
    setSelected((s) => s ?? centre);
  }, [data, graph, centre]);

  const visible = useMemo(() => visibleNodes(graph, filter), [graph, filter, revision]);
  const weak = useMemo(
    () => ({ connectors: connectorsOf(graph, visible), ...failurePoints(graph, visible) }),
    [graph, visible],
  );
  const highlight = pathLit.nodes.size ? pathLit : weakLit;

  const choose = (picked: Picked | null) => {
    if (!picked) return;
    setParams({ id: picked.id, radius: String(radius) });
  };

  return (
    <section className="explorer">
      <h1>{t("explorer.title")}</h1>
      <p className="muted">{t("explorer.hint")}</p>
      {generated && (
        <p className="notice" role="note">
          {t("explorer.generated", { nodes: generated.nodes, edges: generated.edges })}
        </p>
      )}
      {!generated && (
        <form className="explorer-start" aria-label={t("explorer.start")} onSubmit={(e) => e.preventDefault()}>
          <RecordPicker label={t("explorer.centre")} types={["PERSON", "ORGANIZATION"]} value={null} onChange={choose} />
          <div className="field">
            <label htmlFor="explorer-radius">{t("explorer.radius")}</label>
            <select
              id="explorer-radius"
              value={radius}
              onChange={(e) => centre && setParams({ id: centre, radius: e.target.value })}
              disabled={!centre}
            >
              <option value="1">{t("explorer.radiusOne")}</option>
              <option value="2">{t("explorer.radiusTwo")}</option>
            </select>
          </div>
        </form>
      )}

      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !centre && !generated ? (
        <p className="state state-empty">{t("explorer.empty")}</p>
      ) : fetching && graph.order === 0 ? (
        <Loading />
      ) : data?.egoNetwork === null ? (
        <p className="state state-empty">{t("explorer.notInNetwork")}</p>
      ) : (
        <div className="explorer-grid">
          <figure
            className="explorer-figure"
            data-highlighted-nodes={[...highlight.nodes].sort().join(" ")}
            data-highlighted-ties={[...highlight.edges].sort().join(" ")}
          >
            <NetworkCanvas
              graph={graph}
              revision={layoutRun}
              visible={visible}
              highlight={highlight}
              selected={selected}
              label={t("explorer.canvas", { nodes: visible.size, edges: graph.size })}
              onSelect={setSelected}
              onLayout={setLayout}
            />
            <figcaption>
              <span>{t("explorer.counts", { nodes: visible.size, total: graph.order, edges: graph.size })}</span>
              {data?.egoNetwork?.truncated && <span> · {t("explorer.truncated")}</span>}
              <span role="status" aria-live="polite" className="explorer-layout">
                {" · "}
                {layout
                  ? t("explorer.layoutDone", { iterations: layout.iterations, ms: Math.round(layout.milliseconds) })
                  : t("explorer.layoutRunning")}
              </span>
            </figcaption>
            <NodeList graph={graph} visible={visible} revision={revision} onSelect={setSelected} />
          </figure>
          <div className="explorer-side">
            {selected && graph.hasNode(selected) && (
              <NodeCard
                key={selected}
                graph={graph}
                id={selected}
                generated={generated !== null}
                onExpanded={merged}
                onPathEnd={(end, picked) => setEnds((e) => ({ ...e, [end]: picked }))}
              />
            )}
            <FilterPanel graph={graph} revision={revision} filter={filter} onChange={setFilter} />
            {!generated && (
              <PathPanel
                graph={graph}
                ends={ends}
                onEnds={setEnds}
                onMerged={merged}
                onHighlight={setPathLit}
                onSelect={setSelected}
              />
            )}
            <WeakPoints
              graph={graph}
              weak={weak}
              onSelect={setSelected}
              onHighlight={(lit) => setWeakLit(lit ?? NOTHING)}
            />
          </div>
        </div>
      )}
    </section>
  );
}
