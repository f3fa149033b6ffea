"""A node's neighbourhood for drawing, and the summary figures of the whole network."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

__all__ = ["EgoEdge", "EgoNetwork", "EgoNode", "NetworkStats", "ego_network", "network_stats"]


@dataclass(frozen=True, slots=True)
class EgoNode:
    key: str
    type: str
    label: str
    #: hops from the centre
    distance: int
    #: effective size of an organisation, event or project (None for a person)
    size: int | None


@dataclass(frozen=True, slots=True)
class EgoEdge:
    source: str
    target: str
    kind: str
    strength: float


@dataclass(frozen=True, slots=True)
class EgoNetwork:
    """The nodes within `radius` of the centre and every edge among them.

    `truncated` says some were left out to stay within `max_nodes`.
    """

    center: str
    nodes: list[EgoNode]
    edges: list[EgoEdge]
    truncated: bool


@dataclass(frozen=True, slots=True)
class NetworkStats:
    nodes: int
    edges: int
    nodes_by_type: dict[str, int]
    #: edges by the kind of their strongest tie
    edges_by_kind: dict[str, int]
    #: the facts behind the edges, by kind (one edge may carry several)
    ties_by_kind: dict[str, int]
    components: int
    largest_component: int
    density: float


def ego_network(
    graph: nx.Graph,
    key: str,
    *,
    radius: int = 1,
    max_nodes: int = 500,
    visible: Callable[[str], bool] | None = None,
) -> EgoNetwork:
    """The centre and its neighbours up to `radius` hops, at most `max_nodes` of them.

    Nearer nodes come first; within one distance, those tied most strongly to a node
    already kept.
    """
    if key not in graph:
        return EgoNetwork(key, [], [], False)
    adj = graph.adj
    distance = {key: 0}
    frontier = [key]
    truncated = False
    for level in range(1, radius + 1):
        best: dict[str, float] = {}
        for u in frontier:
            for v, data in adj[u].items():
                if v not in distance and (visible is None or visible(v)):
                    best[v] = max(best.get(v, 0.0), float(data["strength"]))
        ranked = sorted(best, key=lambda v: (-best[v], v))
        room = max(0, max_nodes - len(distance))
        truncated = truncated or len(ranked) > room
        frontier = ranked[:room]
        distance.update(dict.fromkeys(frontier, level))
        if not frontier:
            break
    nodes = [
        EgoNode(
            k,
            str(graph.nodes[k].get("type", "")),
            str(graph.nodes[k].get("label", k)),
            d,
            graph.nodes[k].get("size"),
        )
        for k, d in distance.items()
    ]
    edges = [
        EgoEdge(u, v, str(data.get("kind", "")), float(data["strength"]))
        for u in distance
        for v, data in adj[u].items()
        if v in distance and (distance[u], u) < (distance[v], v)
    ]
    return EgoNetwork(key, nodes, edges, truncated)


def network_stats(graph: nx.Graph) -> NetworkStats:
    """Counts by node type and tie kind, components and density."""
    sizes = [len(c) for c in nx.connected_components(graph)]
    ties: Counter[str] = Counter()
    for _, _, data in graph.edges(data=True):
        ties.update(tie.kind for tie in data.get("ties", ()))
    return NetworkStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        nodes_by_type=dict(Counter(str(t) for _, t in graph.nodes(data="type", default=""))),
        edges_by_kind=dict(Counter(str(k) for _, _, k in graph.edges(data="kind", default=""))),
        ties_by_kind=dict(ties),
        components=len(sizes),
        largest_component=max(sizes, default=0),
        density=nx.density(graph),
    )
