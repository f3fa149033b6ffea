// The explorer's graph state in graphology: merging ego networks and paths into the shown
// graph, the size and colour scales, filters, and the cut points and bridges of what is shown.
import Graph from "graphology";

export type NodeKind = "PERSON" | "ORGANIZATION" | "EVENT" | "PROJECT";

/** A node as the API describes it, before it is drawn. */
export interface NodeInput {
  id: string;
  type: NodeKind;
  label: string;
  pagerank?: number | null;
  betweenness?: number | null;
  community?: number | null;
  country?: string | null;
  fields?: string[];
  orgKind?: string | null;
}

export interface EdgeInput {
  source: string;
  target: string;
  kind: string;
  strength: number;
}

/** What a drawn node carries: the API's facts plus sigma's x, y, size, colour, label. */
export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  type: "circle";
  kind: NodeKind;
  pagerank: number | null;
  betweenness: number | null;
  community: number | null;
  country: string | null;
  fields: string[];
  orgKind: string | null;
}

export interface EdgeAttributes {
  size: number;
  color: string;
  kind: string;
  strength: number;
}

export type ShownGraph = Graph<NodeAttributes, EdgeAttributes>;

export function newGraph(): ShownGraph {
  return new Graph<NodeAttributes, EdgeAttributes>({ type: "undirected", multi: false });
}

// Colour-blind-friendly categorical palette (Okabe–Ito, then Tableau's extra hues).
export const PALETTE = [
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
  "#F0E442", "#000000", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF",
];
export const NO_COMMUNITY = "#B0B0B0";
export const MIN_SIZE = 4;
export const MAX_SIZE = 16;

/** The colour of a community (a stable hue per number; grey when not analysed). */
export function communityColour(community: number | null | undefined): string {
  if (community == null || community < 0) return NO_COMMUNITY;
  return PALETTE[community % PALETTE.length];
}

/** Up to this many nodes are drawn at full size; more are drawn smaller (`crowdScale`). */
export const CROWDED = 1250;

/**
 * The factor applied to every node's radius when many are shown: 1 up to `CROWDED` nodes,
 * then shrinking with the square root of the count (the nodes' total area stays about what
 * `CROWDED` nodes cover), never below a half. At 5,000 nodes the full sizes covered the
 * drawing about six times over: a blot, and four times the pixels to paint each frame.
 */
export function crowdScale(order: number): number {
  return order <= CROWDED ? 1 : Math.max(0.5, Math.sqrt(CROWDED / order));
}

/** Node radius from PageRank: area grows with the score, relative to the largest shown. */
export function nodeSize(pagerank: number | null | undefined, largest: number, scale = 1): number {
  if (pagerank == null || !(largest > 0) || pagerank <= 0) return MIN_SIZE * scale;
  const share = Math.min(1, pagerank / largest);
  return (MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(share)) * scale;
}

/** Edge width and shade from tie strength (0 weak … 1 strong). */
export function edgeStyle(strength: number): { size: number; color: string } {
  const s = Math.max(0, Math.min(1, strength));
  const shade = Math.round(200 - 140 * s);
  const hex = shade.toString(16).padStart(2, "0");
  return { size: 0.5 + 3.5 * s, color: `#${hex}${hex}${hex}` };
}

// A stable pseudo-random number in [0, 1) from a string, so new nodes land in the same
// place every time (tests and screenshots stay reproducible).
function unit(text: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 100000) / 100000;
}

/**
 * Add nodes and edges not shown yet (new nodes start around `near`, or the origin), update
 * the facts of those shown, then rescale every node's size to the largest PageRank shown.
 * Returns the ids of the nodes added.
 */
export function mergeInto(graph: ShownGraph, nodes: NodeInput[], edges: EdgeInput[], near?: string): string[] {
  const centre = near && graph.hasNode(near) ? graph.getNodeAttributes(near) : { x: 0, y: 0 };
  const added: string[] = [];
  for (const n of nodes) {
    const facts = {
      label: n.label,
      kind: n.type,
      pagerank: n.pagerank ?? null,
      betweenness: n.betweenness ?? null,
      community: n.community ?? null,
      country: n.country ?? null,
      fields: n.fields ?? [],
      orgKind: n.orgKind ?? null,
      color: communityColour(n.community),
    };
    if (graph.hasNode(n.id)) {
      const old = graph.getNodeAttributes(n.id);
      // a path's hop names a node without its metrics: keep what an ego network said
      graph.mergeNodeAttributes(n.id, {
        ...facts,
        pagerank: facts.pagerank ?? old.pagerank,
        betweenness: facts.betweenness ?? old.betweenness,
        community: facts.community ?? old.community,
        color: communityColour(facts.community ?? old.community),
        country: facts.country ?? old.country,
        fields: facts.fields.length ? facts.fields : old.fields,
        orgKind: facts.orgKind ?? old.orgKind,
      });
    } else {
      const angle = 2 * Math.PI * unit(n.id, 1);
      const radius = 1 + 9 * unit(n.id, 2);
      graph.addNode(n.id, {
        ...facts,
        x: centre.x + radius * Math.cos(angle),
        y: centre.y + radius * Math.sin(angle),
        size: MIN_SIZE,
        type: "circle",
      });
      added.push(n.id);
    }
  }
  for (const e of edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || e.source === e.target) continue;
    const style = edgeStyle(e.strength);
    if (graph.hasEdge(e.source, e.target)) {
      graph.mergeEdgeAttributes(graph.edge(e.source, e.target)!, { ...style, kind: e.kind, strength: e.strength });
    } else {
      graph.addEdge(e.source, e.target, { ...style, kind: e.kind, strength: e.strength });
    }
  }
  rescale(graph);
  return added;
}

/** Size every node by its PageRank relative to the largest shown, smaller when many are shown. */
export function rescale(graph: ShownGraph): void {
  let largest = 0;
  graph.forEachNode((_, a) => {
    if (a.pagerank != null && a.pagerank > largest) largest = a.pagerank;
  });
  const scale = crowdScale(graph.order);
  // no update hints: sigma would try to repaint nodes it has not indexed yet
  graph.updateEachNodeAttributes((_, a) => ({ ...a, size: nodeSize(a.pagerank, largest, scale) }));
}

export interface Filter {
  country: string | null;
  field: string | null;
  orgKind: string | null;
  community: number | null;
}

export const NO_FILTER: Filter = { country: null, field: null, orgKind: null, community: null };

/**
 * Does a node pass the filter? Each condition applies where it means something: a field to
 * people, an organisation kind to organisations, a country to whoever has one, a community
 * to every analysed node; others pass it.
 */
export function passes(a: Pick<NodeAttributes, "kind" | "country" | "fields" | "orgKind" | "community">, f: Filter): boolean {
  if (f.country && a.country != null && a.country !== f.country) return false;
  if (f.country && a.country == null && a.kind === "PERSON") return false;
  if (f.field && a.kind === "PERSON" && !a.fields.includes(f.field)) return false;
  if (f.orgKind && a.kind === "ORGANIZATION" && a.orgKind !== f.orgKind) return false;
  if (f.community != null && a.community !== f.community) return false;
  return true;
}

/** The values the filter can choose among, from the nodes shown. */
export function filterChoices(graph: ShownGraph): {
  countries: string[];
  fields: string[];
  orgKinds: string[];
  communities: number[];
} {
  const countries = new Set<string>();
  const fields = new Set<string>();
  const orgKinds = new Set<string>();
  const communities = new Set<number>();
  graph.forEachNode((_, a) => {
    if (a.country) countries.add(a.country);
    for (const f of a.fields) fields.add(f);
    if (a.orgKind) orgKinds.add(a.orgKind);
    if (a.community != null) communities.add(a.community);
  });
  return {
    countries: [...countries].sort(),
    fields: [...fields].sort(),
    orgKinds: [...orgKinds].sort(),
    communities: [...communities].sort((x, y) => x - y),
  };
}

/** The nodes that pass the filter. */
export function visibleNodes(graph: ShownGraph, f: Filter): Set<string> {
  const shown = new Set<string>();
  graph.forEachNode((id, a) => {
    if (passes(a, f)) shown.add(id);
  });
  return shown;
}

export interface FailurePoints {
  /** nodes whose removal splits the shown network */
  cutPoints: string[];
  /** ties whose removal splits it, as [a, b] with a < b */
  bridges: [string, string][];
}

/**
 * Cut points (articulation points) and bridges of the graph restricted to `among`
 * (Hopcroft–Tarjan, iterative so a long chain cannot overflow the stack).
 */
export function failurePoints(graph: ShownGraph, among: Set<string>): FailurePoints {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const cut = new Set<string>();
  const bridges: [string, string][] = [];
  let counter = 0;
  for (const root of among) {
    if (order.has(root)) continue;
    order.set(root, counter);
    low.set(root, counter++);
    let rootChildren = 0;
    const stack: { node: string; parent: string | null; next: string[] }[] = [
      { node: root, parent: null, next: graph.neighbors(root).filter((n) => among.has(n)) },
    ];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const child = top.next.pop();
      if (child !== undefined) {
        if (child === top.parent) continue;
        if (order.has(child)) {
          low.set(top.node, Math.min(low.get(top.node)!, order.get(child)!));
        } else {
          order.set(child, counter);
          low.set(child, counter++);
          if (top.node === root) rootChildren++;
          stack.push({ node: child, parent: top.node, next: graph.neighbors(child).filter((n) => among.has(n)) });
        }
        continue;
      }
      stack.pop();
      const parent = top.parent;
      if (parent === null) continue;
      low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      if (low.get(top.node)! > order.get(parent)!) {
        bridges.push(parent < top.node ? [parent, top.node] : [top.node, parent]);
      }
      if (parent !== root && low.get(top.node)! >= order.get(parent)!) cut.add(parent);
    }
    if (rootChildren > 1) cut.add(root);
  }
  return { cutPoints: [...cut].sort(), bridges: bridges.sort() };
}

/** The people shown, strongest broker (stored betweenness) first; those never analysed or with none left out. */
export function connectorsOf(graph: ShownGraph, among: Set<string>, first = 5): string[] {
  return [...among]
    .filter((id) => {
      const a = graph.getNodeAttributes(id);
      return a.kind === "PERSON" && a.betweenness != null && a.betweenness > 0;
    })
    .sort((x, y) => graph.getNodeAttribute(y, "betweenness")! - graph.getNodeAttribute(x, "betweenness")! || (x < y ? -1 : 1))
    .slice(0, first);
}

/** The nodes and ties a path passes, for highlighting. */
export function pathParts(hops: { from: { id: string }; to: { id: string } }[]): { nodes: string[]; edges: [string, string][] } {
  if (hops.length === 0) return { nodes: [], edges: [] };
  return {
    nodes: [hops[0].from.id, ...hops.map((h) => h.to.id)],
    edges: hops.map((h) => [h.from.id, h.to.id]),
  };
}
