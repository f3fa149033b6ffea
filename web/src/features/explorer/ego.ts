// The API's ego network (and a path's hops) as the nodes and ties the graph merges.
import type { ExplorerEgoQuery, ExplorerPathsQuery } from "../../gql/graphql";
import type { EdgeInput, NodeInput } from "./graph";

type Ego = NonNullable<ExplorerEgoQuery["egoNetwork"]>;
type Path = NonNullable<ExplorerPathsQuery["introductionPaths"]>[number];

export function egoInput(ego: Ego): { nodes: NodeInput[]; edges: EdgeInput[] } {
  const nodes = ego.nodes.map((n): NodeInput => {
    const record = n.node.node;
    return {
      id: n.node.id,
      type: n.node.type,
      label: n.node.label,
      pagerank: n.pagerank,
      betweenness: n.betweenness,
      community: n.community,
      country: record && "country" in record ? (record.country ?? null) : null,
      fields: record?.__typename === "Person" ? record.expertise : [],
      orgKind: record?.__typename === "Organization" ? record.kind : null,
    };
  });
  const edges = ego.edges.map((e) => ({ source: e.source, target: e.target, kind: e.kind, strength: e.strength }));
  return { nodes, edges };
}

/** A path's nodes and ties, to draw it where the ego networks shown do not reach. */
export function pathInput(path: Path): { nodes: NodeInput[]; edges: EdgeInput[] } {
  const nodes = new Map<string, NodeInput>();
  for (const hop of path.hops) {
    for (const end of [hop.from, hop.to]) nodes.set(end.id, { id: end.id, type: end.type, label: end.label });
  }
  return {
    nodes: [...nodes.values()],
    edges: path.hops.map((h) => ({ source: h.from.id, target: h.to.id, kind: h.kind, strength: h.strength })),
  };
}
