// A generated network for measuring the renderer at scale (/explorer?generated=5000x20000):
// never real data, and the page says so. Communities of people tied mostly among themselves.
import type { EdgeInput, NodeInput } from "./graph";

/** A seeded generator (mulberry32), so every run measures the same graph. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parse "5000x20000" into sizes within what the page will draw; null otherwise. */
export function parseSize(text: string | null): { nodes: number; edges: number } | null {
  const m = /^(\d{1,5})x(\d{1,6})$/.exec(text ?? "");
  if (!m) return null;
  const nodes = Number(m[1]);
  const edges = Number(m[2]);
  if (nodes < 2 || nodes > 20000 || edges > 100000 || edges > (nodes * (nodes - 1)) / 2) return null;
  return { nodes, edges };
}

/** `nodes` people in communities of about 100 and exactly `edges` distinct ties, 90 % inside a community. */
export function generateNetwork(nodes: number, edges: number, seed = 14): { nodes: NodeInput[]; edges: EdgeInput[] } {
  const random = seeded(seed);
  const communities = Math.max(1, Math.round(nodes / 100));
  const outNodes: NodeInput[] = [];
  for (let i = 0; i < nodes; i++) {
    outNodes.push({
      id: `g${i}`,
      type: "PERSON",
      label: `#${i}`,
      community: i % communities,
      pagerank: random() ** 3,
      betweenness: random() ** 4,
    });
  }
  const seen = new Set<string>();
  const outEdges: EdgeInput[] = [];
  while (outEdges.length < edges) {
    const a = Math.floor(random() * nodes);
    let b: number;
    if (random() < 0.9 && communities > 1) {
      // a member of the same community: indices congruent modulo the community count
      const members = Math.ceil((nodes - (a % communities)) / communities);
      b = (a % communities) + communities * Math.floor(random() * members);
    } else {
      b = Math.floor(random() * nodes);
    }
    if (a === b) continue;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    outEdges.push({ source: `g${a}`, target: `g${b}`, kind: "generated", strength: random() });
  }
  return { nodes: outNodes, edges: outEdges };
}
