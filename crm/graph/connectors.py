"""Connectors (brokers between groups) and the single points of failure of the network."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from crm.graph import engine
from crm.graph.blocks import depth_first
from crm.graph.communities import Community, community_index, detect_communities
from crm.graph.records import PERSON

__all__ = [
    "EXACT_BETWEENNESS_LIMIT",
    "Bridge",
    "ConnectorScore",
    "CutPoint",
    "StructuralHoles",
    "betweenness",
    "bridged_communities",
    "connector_scores",
    "single_points_of_failure",
]

#: up to this many nodes betweenness is exact; above it, sampled
EXACT_BETWEENNESS_LIMIT: Final = 2000
DEFAULT_SAMPLE: Final = 500


@dataclass(frozen=True, slots=True)
class ConnectorScore:
    """A broker: betweenness, Burt's constraint (low = brokerage) and effective size,
    and the communities among its neighbours (most neighbours first)."""

    key: str
    label: str
    betweenness: float
    constraint: float | None
    effective_size: float | None
    bridged_communities: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CutPoint:
    """A node whose removal cuts `cut_off` nodes (in `communities`) from the rest."""

    key: str
    label: str
    cut_off: int
    communities: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Bridge:
    """An edge whose removal cuts `cut_off` nodes, on the `target` side, from the rest."""

    source: str
    target: str
    cut_off: int
    communities: tuple[int, ...]


def betweenness(
    graph: nx.Graph, *, sample: int | None = None, seed: int = 42, weight: str | None = "cost"
) -> dict[str, float]:
    """Normalised betweenness over shortest paths by `cost`: exact up to
    EXACT_BETWEENNESS_LIMIT nodes, else estimated from `sample` sources drawn with a
    fixed seed (the draw networkx makes). Computed by igraph (crm.graph.engine)."""
    n = graph.number_of_nodes()
    if sample is None and n > EXACT_BETWEENNESS_LIMIT:
        sample = DEFAULT_SAMPLE
    sources = None
    if sample is not None and sample < n:
        sources = random.Random(seed).sample(list(graph), sample)
    return engine.betweenness(engine.compile_graph(graph), sources=sources, weight=weight)


def connector_scores(
    graph: nx.Graph,
    *,
    first: int = 50,
    people_only: bool = True,
    sample: int | None = None,
    seed: int = 42,
    communities: Sequence[Community] | None = None,
) -> list[ConnectorScore]:
    """The `first` nodes (people by default) with the highest betweenness, best first.

    Constraint and effective size (weighted by strength) are computed only for them:
    both cost O(degree²) per node. Communities are detected when not given.
    """
    scores = betweenness(graph, sample=sample, seed=seed)
    nodes = graph.nodes
    candidates = [k for k in scores if not people_only or nodes[k].get("type") == PERSON]
    top = sorted(candidates, key=lambda k: (-scores[k], k))[:first]
    if communities is None:
        communities = detect_communities(graph, seed=seed)
    index = community_index(communities)
    holes = StructuralHoles(graph, "strength")
    return [
        ConnectorScore(
            key=key,
            label=str(nodes[key].get("label", key)),
            betweenness=scores[key],
            constraint=holes.constraint(key),
            effective_size=holes.effective_size(key),
            bridged_communities=bridged_communities(graph, key, index),
        )
        for key in top
    ]


class StructuralHoles:
    """Burt's constraint and effective size, as networkx defines them for weighted
    undirected graphs, with each node's total and strongest tie computed once.

    networkx recomputes a neighbour's normalisation for every pair, which costs
    O(degree² · degree of the neighbour): minutes for a person in a 5,000-member
    association. p(u, w) = w(u, w) / Σ_x w(u, x); m(u, w) = w(u, w) / max_x w(u, x).
    """

    def __init__(self, graph: nx.Graph, weight: str) -> None:
        self._adj: dict[str, dict[str, dict[str, Any]]] = graph._adj
        self._weight = weight
        self._total: dict[str, float] = {}
        self._max: dict[str, float] = {}

    def _w(self, u: str, v: str) -> float:
        data = self._adj[u].get(v)
        return 0.0 if data is None else float(data.get(self._weight, 1.0))

    def _norms(self, u: str) -> tuple[float, float]:
        if u not in self._total:
            weights = [self._w(u, x) for x in self._adj[u] if x != u] or [0.0]
            self._total[u], self._max[u] = sum(weights), max(weights)
        return self._total[u], self._max[u]

    def _p(self, u: str, v: str) -> float:
        total = self._norms(u)[0]
        return self._w(u, v) / total if total else 0.0

    def constraint(self, v: str) -> float | None:
        """Σ over neighbours n of (p(v, n) + Σ_w p(v, w)·p(w, n))²; low means brokerage."""
        around = [n for n in self._adj[v] if n != v]
        if not around:
            return None
        shares = {w: self._p(v, w) for w in around}
        return sum(
            (shares[n] + sum(shares[w] * self._p(w, n) for w in around)) ** 2 for n in around
        )

    def effective_size(self, v: str) -> float | None:
        """Σ over neighbours u of (1 − Σ_w p(v, w)·m(u, w)): the non-redundant contacts."""
        around = [n for n in self._adj[v] if n != v]
        if not around:
            return None
        shares = {w: self._p(v, w) for w in around}
        size = 0.0
        for u in around:
            strongest = self._norms(u)[1]
            if strongest:
                size += 1.0 - sum(shares[w] * self._w(u, w) for w in around) / strongest
            else:
                size += 1.0
        return size


def single_points_of_failure(
    graph: nx.Graph,
    communities: Sequence[Community],
    *,
    people_only: bool = True,
    min_cut_off: int = 2,
) -> tuple[list[CutPoint], list[Bridge]]:
    """Articulation points (people, by default) and bridges that cut off at least
    `min_cut_off` nodes, most cut off first, with the communities of what they cut off.

    What a removal "cuts off" is every piece it leaves except the largest one.
    """
    index = community_index(communities)
    dfs = depth_first(graph)
    nodes = graph.nodes
    points = []
    for node in dfs.order:
        if people_only and nodes[node].get("type") != PERSON:
            continue
        pieces = sorted(dfs.node_pieces(node), key=lambda piece: -piece[0])
        cut_off = sum(size for size, _ in pieces[1:])
        if len(pieces) > 1 and cut_off >= min_cut_off:
            cut = [index.get(n) for _, members in pieces[1:] for n in members]
            label = str(nodes[node].get("label", node))
            points.append(CutPoint(node, label, cut_off, _tally(cut)))
    bridges = []
    for node in dfs.order:
        up = dfs.parent[node]
        if up is None or dfs.low[node] <= dfs.disc[up]:
            continue
        inside, outside = dfs.bridge_sides(node)
        near, far, (size, members) = (
            (up, node, inside) if inside[0] <= outside[0] else (node, up, outside)
        )
        if size >= min_cut_off:
            bridges.append(Bridge(near, far, size, _tally(index.get(n) for n in members)))
    points.sort(key=lambda p: (-p.cut_off, p.key))
    bridges.sort(key=lambda b: (-b.cut_off, b.source, b.target))
    return points, bridges


def bridged_communities(graph: nx.Graph, key: str, index: Mapping[str, int]) -> tuple[int, ...]:
    """The communities among `key`'s neighbours, the most neighbours first."""
    return _tally(index.get(n) for n in graph.adj[key])


def _tally(ids: Iterable[int | None]) -> tuple[int, ...]:
    counts = Counter(i for i in ids if i is not None)
    return tuple(sorted(counts, key=lambda i: (-counts[i], i)))
