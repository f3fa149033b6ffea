// Run ForceAtlas2 on the shown graph in a web worker (layout.worker.ts) and apply the
// positions as they come; the caller hears when it is done and how long it took.
import type { ShownGraph } from "./graph";

export interface LayoutRequest {
  positions: Float32Array;
  ties: Int32Array;
  strengths: Float32Array;
  iterations: number;
  chunk: number;
}

export interface LayoutDone {
  positions: Float32Array;
  iterations: number;
  milliseconds: number;
  finished: boolean;
}

/** Layout iterations by graph size: small networks settle quickly, large ones need more. */
export function layoutIterations(order: number): number {
  return order > 2000 ? 100 : order > 300 ? 200 : 300;
}

/** The graph as the worker reads it: node i's x, y at 2i, 2i+1; tie e between ties[2e] and ties[2e+1]. */
export function layoutRequest(graph: ShownGraph, iterations: number): { request: LayoutRequest; ids: string[] } {
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const positions = new Float32Array(ids.length * 2);
  ids.forEach((id, i) => {
    const a = graph.getNodeAttributes(id);
    positions[2 * i] = a.x;
    positions[2 * i + 1] = a.y;
  });
  const ties = new Int32Array(graph.size * 2);
  const strengths = new Float32Array(graph.size);
  let e = 0;
  graph.forEachEdge((_, a, source, target) => {
    ties[2 * e] = index.get(source)!;
    ties[2 * e + 1] = index.get(target)!;
    strengths[e] = a.strength;
    e += 1;
  });
  // a large graph's positions go back once: applying them makes sigma reprocess every node
  const chunk = graph.order > 2000 ? iterations : Math.max(10, Math.round(iterations / 5));
  return { request: { positions, ties, strengths, iterations, chunk }, ids };
}

/** Lay the graph out; returns a function that stops the layout. */
export function runLayout(graph: ShownGraph, onDone: (done: { milliseconds: number; iterations: number }) => void): () => void {
  const started = performance.now();
  const { request, ids } = layoutRequest(graph, layoutIterations(graph.order));
  const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<LayoutDone>) => {
    const { positions, finished, iterations } = event.data;
    const at = new Map(ids.map((id, i) => [id, i]));
    graph.updateEachNodeAttributes((id, a) => {
      const i = at.get(id);
      return i === undefined ? a : { ...a, x: positions[2 * i], y: positions[2 * i + 1] };
    });
    if (finished) {
      worker.terminate();
      onDone({ milliseconds: performance.now() - started, iterations });
    }
  };
  worker.postMessage(request, [request.positions.buffer, request.ties.buffer, request.strengths.buffer]);
  return () => worker.terminate();
}
