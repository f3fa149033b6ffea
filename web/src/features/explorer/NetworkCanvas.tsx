// The drawing: sigma (WebGL) renders the graphology graph; ForceAtlas2 lays it out in a
// web worker (layout.ts); highlight, selection and filters are reducers, so nothing is rebuilt for them.
import { useEffect, useRef } from "react";
import Sigma from "sigma";
import { runLayout } from "./layout";
import { WrittenOutCircleProgram, WrittenOutTieProgram } from "./programs";
import type { EdgeAttributes, NodeAttributes, ShownGraph } from "./graph";

export interface Highlight {
  nodes: Set<string>;
  /** ties as "a|b" with a < b */
  edges: Set<string>;
}

export function tieKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

interface Props {
  graph: ShownGraph;
  /** changes whenever nodes were added: the layout runs again */
  revision: number;
  visible: Set<string>;
  highlight: Highlight;
  selected: string | null;
  label: string;
  onSelect(id: string): void;
  onLayout(done: { milliseconds: number; iterations: number }): void;
}

const DIMMED = "#E2E2E2";
/** Above this many ties, ties and labels are left out while the drawing is dragged or zoomed. */
export const QUIET_MOVE_TIES = 5000;

export function NetworkCanvas({ graph, revision, visible, highlight, selected, label, onSelect, onLayout }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma<NodeAttributes, EdgeAttributes> | null>(null);
  // the reducers read the latest view state through this, so a change needs only a refresh
  const view = useRef({ visible, highlight, selected });
  view.current = { visible, highlight, selected };
  const callbacks = useRef({ onSelect, onLayout });
  callbacks.current = { onSelect, onLayout };

  useEffect(() => {
    if (!container.current) return;
    const renderer = new Sigma(graph, container.current, {
      renderEdgeLabels: false,
      // sigma's default circle and line programs, drawn without instancing (programs.ts)
      nodeProgramClasses: { circle: WrittenOutCircleProgram },
      edgeProgramClasses: { line: WrittenOutTieProgram },
      labelRenderedSizeThreshold: 6,
      zIndex: true,
      nodeReducer: (node, data) => {
        const { visible: shown, highlight: lit, selected: chosen } = view.current;
        if (!shown.has(node)) return { ...data, hidden: true };
        const focus = lit.nodes.size > 0;
        if (node === chosen) return { ...data, highlighted: true, zIndex: 2 };
        if (focus && !lit.nodes.has(node)) return { ...data, color: DIMMED, label: "", zIndex: 0 };
        if (focus) return { ...data, highlighted: true, zIndex: 1, forceLabel: true };
        return data;
      },
      edgeReducer: (edge, data) => {
        const { visible: shown, highlight: lit } = view.current;
        const [a, b] = graph.extremities(edge);
        if (!shown.has(a) || !shown.has(b)) return { ...data, hidden: true };
        if (lit.edges.size > 0) {
          return lit.edges.has(tieKey(a, b))
            ? { ...data, color: "#C2185B", size: Math.max(3, data.size ?? 1), zIndex: 1 }
            : { ...data, color: "#EFEFEF", zIndex: 0 };
        }
        return data;
      },
    });
    renderer.on("clickNode", ({ node }) => callbacks.current.onSelect(node));
    sigma.current = renderer;
    return () => {
      renderer.kill();
      sigma.current = null;
    };
  }, [graph]);

  useEffect(() => {
    sigma.current?.refresh({ skipIndexation: true });
  }, [visible, highlight, selected]);

  useEffect(() => {
    if (graph.order === 0) return;
    const large = graph.size > QUIET_MOVE_TIES;
    sigma.current?.setSetting("hideEdgesOnMove", large);
    sigma.current?.setSetting("hideLabelsOnMove", large);
    return runLayout(graph, (done) => callbacks.current.onLayout(done));
  }, [graph, revision]);

  return <div ref={container} className="explorer-canvas" role="img" aria-label={label} />;
}
