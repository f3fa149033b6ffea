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
from typing import Final

import numpy as np
import numpy.typing as npt

from crm.graph.compact import KINDS, NODE_TYPES
from crm.graph.ego import EgoEdge, EgoNetwork, EgoNode
from crm.graph.live import LiveGraph
from crm.graph.path_join import JOIN_MAX_HOPS, joined_paths
from crm.graph.paths import HopBound
from crm.graph.records import ORGANIZATION, PERSON
from crm.graph.simple_paths import hop_limited_simple_paths

__all__ = ["PathFound", "live_ego_network", "live_paths", "yen_paths"]

_PERSON, _ORGANIZATION = NODE_TYPES.index(PERSON), NODE_TYPES.index(ORGANIZATION)
#: each node type's place when keys are sorted as strings ("Event" < … < "Project")
_TYPE_RANK = np.argsort(np.argsort(np.array(NODE_TYPES))).astype(np.int64)
#: digits an id is left-aligned to when ordered as its decimal string
_ID_DIGITS: Final = 18
_POWERS = 10 ** np.arange(1, _ID_DIGITS + 1, dtype=np.int64)

Ints = npt.NDArray[np.int64]


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
    strongly tied, at most `max_nodes`. Each level is one gather of the frontier's rows
    and one sort (a hub's members are ranked in NumPy, not one by one)."""
    center = graph.index(key)
    if center is None:
        return EgoNetwork(key, [], [], False)
    distance = {center: 0}
    kept = np.array([center], dtype=np.int64)
    frontier = kept
    truncated = False
    for level in range(1, radius + 1):
        found = graph.gather(frontier, ("strength",))
        fresh = ~np.isin(found.neighbors, kept)
        others, strengths = found.neighbors[fresh], found.fields["strength"][fresh]
        if visible is not None and len(others):
            hidden = [v for v in np.unique(others).tolist() if not visible(graph.key(v))]
            keep = ~np.isin(others, np.array(hidden, dtype=np.int64))
            others, strengths = others[keep], strengths[keep]
        room = max(0, max_nodes - len(distance))
        if room == 0:  # full: whether anything was left out is all that is left to know
            truncated = truncated or len(others) > 0
            break
        # the strongest tie to each candidate, then (-strength, key) order
        order = np.lexsort((-strengths, others))
        candidates, first = np.unique(others[order], return_index=True)
        best = strengths[order][first]
        type_rank, aligned, digits = _key_order(graph, candidates)
        ranked = candidates[np.lexsort((digits, aligned, type_rank, -best))]
        truncated = truncated or len(ranked) > room
        frontier = ranked[:room]
        distance.update(dict.fromkeys(frontier.tolist(), level))
        kept = np.concatenate([kept, frontier])
        if not len(frontier):
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
    return EgoNetwork(key, nodes, _ego_edges(graph, distance, kept, max_nodes), truncated)


def _ego_edges(
    graph: LiveGraph, distance: dict[int, int], kept: Ints, max_nodes: int
) -> list[EgoEdge]:
    """Every edge among the kept nodes, from the nearer (then smaller key) end. A hub's
    row is not read: its edges to the others come from their rows."""
    keys = {i: graph.key(i) for i in distance}
    order = sorted(distance, key=lambda i: (distance[i], keys[i]))
    rank = dict(zip(order, range(len(order)), strict=True))
    degrees = np.array([graph.degree(i) for i in kept.tolist()], dtype=np.int64)
    small, hubs = kept[degrees <= max_nodes], kept[degrees > max_nodes]
    found = graph.gather(small, ("strength", "kind"))
    among = np.isin(found.neighbors, kept)
    rows = zip(
        small[found.origin[among]].tolist(),
        found.neighbors[among].tolist(),
        found.fields["strength"][among].tolist(),
        found.fields["kind"][among].tolist(),
        strict=True,
    )
    edges: dict[tuple[int, int], tuple[float, int]] = {}
    for u, v, strength, kind in rows:
        edges[(u, v) if rank[u] < rank[v] else (v, u)] = (strength, kind)
    hub_list = hubs.tolist()
    for x, u in enumerate(hub_list):  # hub–hub edges: neither row was read
        for v in hub_list[x + 1 :]:
            edge = graph.edge(u, v)
            if edge is not None:
                edges[(u, v) if rank[u] < rank[v] else (v, u)] = (edge.strength, edge.kind)
    return [
        EgoEdge(keys[u], keys[v], KINDS[kind], strength)
        for (u, v), (strength, kind) in edges.items()
    ]


def _key_order(graph: LiveGraph, nodes: Ints) -> tuple[Ints, Ints, Ints]:
    """Sort keys that order nodes as their keys ("Person:12") order as strings: the type
    name's rank, then the id's decimal digits left-aligned, then the number of digits
    (a prefix first)."""
    base = graph.base
    known = nodes < base.node_count
    types = np.zeros(len(nodes), dtype=np.int64)
    ids = np.zeros(len(nodes), dtype=np.int64)
    types[known] = base.types[nodes[known]]
    ids[known] = base.ids[nodes[known]]
    for i in np.flatnonzero(~known).tolist():
        types[i], ids[i] = graph.added[int(nodes[i])]
    digits = np.searchsorted(_POWERS, ids, side="right").astype(np.int64) + 1
    # database ids are positive: left-aligned to 18 digits they fit an int64
    aligned = ids * 10 ** (_ID_DIGITS - digits)
    return _TYPE_RANK[types], aligned, digits
