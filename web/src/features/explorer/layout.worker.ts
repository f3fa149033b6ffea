// ForceAtlas2 off the main thread: the graph arrives as arrays, the layout runs in chunks,
// and positions go back once per chunk (not once per iteration), so the page stays free
// to draw while a large network settles.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { LayoutDone, LayoutRequest } from "./layout";

/**
 * Barnes–Hut's accuracy (used above 2,000 nodes): Gephi's default, not graphology's 0.5. At
 * 5,000 nodes / 20,000 ties an iteration takes 2.3 times less and the communities come out as
 * separated (docs/benchmarks.md).
 */
const BARNES_HUT_THETA = 1.2;

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { positions, ties, strengths, iterations, chunk } = event.data;
  const started = performance.now();
  const graph = new Graph({ type: "undirected", multi: false });
  const order = positions.length / 2;
  for (let i = 0; i < order; i++) graph.addNode(i, { x: positions[2 * i], y: positions[2 * i + 1] });
  for (let e = 0; e < strengths.length; e++) graph.mergeEdge(ties[2 * e], ties[2 * e + 1], { strength: strengths[e] });
  const settings = { ...forceAtlas2.inferSettings(graph), edgeWeightInfluence: 1, barnesHutTheta: BARNES_HUT_THETA };
  let done = 0;
  while (done < iterations) {
    const step = Math.min(chunk, iterations - done);
    forceAtlas2.assign(graph, { iterations: step, settings, getEdgeWeight: "strength" });
    done += step;
    const out = new Float32Array(order * 2);
    graph.forEachNode((node, a) => {
      out[2 * Number(node)] = a.x as number;
      out[2 * Number(node) + 1] = a.y as number;
    });
    const message: LayoutDone = { positions: out, iterations: done, milliseconds: performance.now() - started, finished: done >= iterations };
    (self as unknown as Worker).postMessage(message, [out.buffer]);
  }
};
