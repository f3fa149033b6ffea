"""Introduction paths and ego networks on the compact graph (crm.graph.live).

Up to four hops the paths come from joining halves gathered from both ends with NumPy
(crm.graph.path_join); longer bounds use the same search as crm.graph.paths (hop-bounded
Yen over A*, the breadth-first hop bound, hubs not scanned) on node indices and array
rows instead of networkx's dicts. Tests check both find paths of the reference's costs.
The evidence sentences need the facts behind each hop, which the arrays do not hold:
`PathFound` has the nodes and edges, and crm.network.evidence writes the sentences from
the database's rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, pairwise

from crm.graph.compact import KINDS, NODE_TYPES
from crm.graph.ego import EgoEdge, EgoNetwork, EgoNode
from crm.graph.live import LiveGraph
from crm.graph.path_join import JOIN_MAX_HOPS, joined_paths
from crm.graph.paths import HopBound
from crm.graph.records import ORGANIZATION, PERSON
from crm.graph.simple_paths import hop_limited_simple_paths

__all__ = ["PathFound", "live_ego_network", "live_paths", "yen_paths"]

_PERSON, _ORGANIZATION = NODE_TYPES.index(PERSON), NODE_TYPES.index(ORGANIZATION)


@dataclass(frozen=True, slots=True)
class PathFound:
    cost: float
    #: node keys, source first
    nodes: list[str]
    #: per hop: (kind of the strongest tie, strength)
    hops: list[tuple[str, float]]

    @property
    def strength(self) -> float:
        return math.prod(s for _, s in self.hops)


def live_paths(
    graph: LiveGraph,
    source: str,
    target: str,
    *,
    first: int = 3,
    max_hops: int = 4,
    avoid: Collection[str] = (),
) -> list[PathFound]:
    """crm.graph.paths.introduction_paths on the compact graph, without evidence."""
    if first <= 0 or max_hops <= 0 or source == target:
        return []
    s, t = graph.index(source), graph.index(target)
    if s is None or t is None:
        return []
    avoided = {i for i in (graph.index(k) for k in avoid) if i is not None}
    found: Iterable[tuple[float, list[int]]]
    if max_hops <= JOIN_MAX_HOPS:
        found = joined_paths(graph, s, t, first=first, max_hops=max_hops, avoid=avoided)
    else:
        found = yen_paths(graph, s, t, max_hops=max_hops, avoid=avoided)
    out = []
    for cost, nodes in islice(found, first):
        hops = []
        for u, v in pairwise(nodes):
            edge = graph.edge(u, v)
            assert edge is not None
            hops.append((KINDS[edge.kind], edge.strength))
        out.append(PathFound(cost, [graph.key(i) for i in nodes], hops))
    return out


def yen_paths(
    graph: LiveGraph, source: int, target: int, *, max_hops: int, avoid: set[int]
) -> Iterator[tuple[float, list[int]]]:
    """(cost, node indices) of the loop-free paths of at most `max_hops`, cheapest first:
    crm.graph.paths's hop-bounded Yen search on the compact graph (any bound; the join
    of crm.graph.path_join is faster up to four hops)."""
    steps = _Steps(graph, source, target, avoid)
    if not steps(target):
        return iter(())
    bound = HopBound(graph.neighbors, graph.degree, steps, source, target, max_hops)
    return hop_limited_simple_paths(steps, source, target, max_hops=max_hops, bound=bound)


class _Steps:
    """crm.graph.paths._Steps on indices: rows listed once per query."""

    def __init__(self, graph: LiveGraph, source: int, target: int, avoid: set[int]) -> None:
        self._graph = graph
        self._target = target
        self._avoid = avoid - {source, target}
        self._target_is_org = graph.type_code(target) == _ORGANIZATION
        self._lists: dict[int, list[tuple[int, float]]] = {}

    def __call__(self, node: int) -> list[tuple[int, float]]:
        steps = self._lists.get(node)
        if steps is None:
            neighbors, costs = self._graph.steps(node)
            avoid = self._avoid
            if avoid:
                steps = [(v, c) for v, c in zip(neighbors, costs, strict=True) if v not in avoid]
            else:
                steps = list(zip(neighbors, costs, strict=True))
            if self._target_is_org:
                steps = [(v, c) for v, c in steps if self._enters_target(node, v)]
            self._lists[node] = steps
        return steps

    def toward(self, node: int, others: Sequence[int]) -> list[tuple[int, float]]:
        graph, avoid = self._graph, self._avoid
        out = []
        for v in others:
            if v in avoid:
                continue
            edge = graph.edge(node, v)
            if edge is not None and (not self._target_is_org or self._enters_target(node, v)):
                out.append((v, edge.cost))
        return out

    def degree(self, node: int) -> int:
        return self._graph.degree(node)

    def _enters_target(self, node: int, other: int) -> bool:
        target = self._target
        if target not in (node, other):
            return True
        member = other if node == target else node
        graph = self._graph
        return graph.type_code(member) == _PERSON and graph.has_kind(member, target, "affiliation")


def live_ego_network(
    graph: LiveGraph,
    key: str,
    *,
    radius: int = 1,
    max_nodes: int = 500,
    visible: Callable[[str], bool] | None = None,
) -> EgoNetwork:
    """crm.graph.ego.ego_network on the compact graph: nearer nodes first, then the most
    strongly tied, at most `max_nodes`; a hub's row is read once."""
    center = graph.index(key)
    if center is None:
        return EgoNetwork(key, [], [], False)
    distance = {center: 0}
    frontier = [center]
    truncated = False
    rows: dict[int, dict[int, float]] = {}

    def row(u: int) -> dict[int, float]:
        found = rows.get(u)
        if found is None:
            found = rows[u] = {v: e.strength for v, e in graph.row(u).items()}
        return found

    for level in range(1, radius + 1):
        room = max(0, max_nodes - len(distance))
        if room == 0:  # full: whether anything was left out is all that is left to know
            truncated = truncated or any(
                v not in distance and (visible is None or visible(graph.key(v)))
                for u in frontier
                for v in row(u)
            )
            break
        best: dict[int, float] = {}
        for u in frontier:
            for v, strength in row(u).items():
                if (
                    v not in distance
                    and strength > best.get(v, 0.0)
                    and (visible is None or visible(graph.key(v)))
                ):
                    best[v] = strength
        ranked = sorted(best, key=lambda v: (-best[v], graph.key(v)))
        truncated = truncated or len(ranked) > room
        frontier = ranked[:room]
        distance.update(dict.fromkeys(frontier, level))
        if not frontier:
            break
    nodes = [
        EgoNode(
            graph.key(i),
            graph.type_name(i),
            graph.label(i),
            d,
            graph.size(i) if graph.type_code(i) != _PERSON else None,
        )
        for i, d in distance.items()
    ]
    edges = []
    for u in distance:
        # a kept node's row only if it is small; a hub's edges come from its members
        candidates = row(u) if graph.degree(u) <= max_nodes else None
        others = candidates.keys() & distance.keys() if candidates is not None else None
        for v in others if others is not None else (w for w in distance if u in row(w)):
            if (distance[u], graph.key(u)) < (distance[v], graph.key(v)):
                edge = graph.edge(u, v)
                if edge is not None:
                    edges.append(
                        EgoEdge(graph.key(u), graph.key(v), KINDS[edge.kind], edge.strength)
                    )
    return EgoNetwork(key, nodes, edges, truncated)
