"""Betweenness by cost on the compact graph: SciPy's Dijkstra, Brandes' sums in NumPy.

Brandes' algorithm from each source s: the distances (scipy.sparse.csgraph.dijkstra on
the CSR arrays as they are mapped, no copy), the arcs that lie on a shortest path
(dist[u] + cost = dist[v], to igraph's relative tolerance), the number of shortest
paths σ through them in order of distance, then each node's dependency δ back in the
reverse order. Every tie costs at least MIN_COST (crm.graph.strength: 0.1), so a node's
predecessors on shortest paths are all nearer than it by that much: the nodes fall
into bands of half that width whose arcs can be summed a band at a time with
`np.add.at`, a few dozen to a few hundred bands a source. The result is igraph's
(tests/graph/test_compact_betweenness.py: to 1e-12, and networkx's exact values on a
graph with many tied paths), at about half igraph's CPU a source on the 100k and 1M
networks (docs/benchmarks.md), and without an igraph copy of the graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Final

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from crm.graph.compact import CompactGraph, Floats

__all__ = ["Arcs", "betweenness_sums", "dependency_sums", "normalised_betweenness"]

#: relative tolerance of "on a shortest path" (igraph's IGRAPH_SHORTEST_PATH_EPSILON)
EPSILON: Final = 1e-10
#: sources per Dijkstra call (each call checks the matrix once; rows of n floats)
BATCH: Final = 8


class Arcs:
    """The graph's edges once each (u < v) as flat arrays, and its matrix (both ways)."""

    def __init__(self, graph: CompactGraph) -> None:
        n = graph.node_count
        cost = np.asarray(graph.cost, dtype=np.float64)
        self.matrix = csr_array(
            (cost, np.asarray(graph.neighbors), np.asarray(graph.indptr)), shape=(n, n)
        )
        self.u, self.v, at = graph.edge_list()
        self.cost = cost[at]
        smallest = float(self.cost.min()) if len(self.cost) else 1.0
        if smallest <= 0:
            raise ValueError("betweenness by cost needs every cost > 0")
        self.width = smallest / 2

    def tight(self, dist: Floats) -> tuple[np.ndarray, np.ndarray]:
        """The arcs on a shortest path, (tails, heads): dist[tail] + cost = dist[head] to
        within EPSILON of dist[head] (never for an unreachable node's, whose dist is −1).
        Each edge is looked at once for both of its directions (1.6× faster at 1M than
        over both arcs)."""
        du, dv = dist[self.u], dist[self.v]
        rise = dv - du
        forward = np.abs(rise - self.cost) <= EPSILON * dv
        backward = np.abs(rise + self.cost) <= EPSILON * du
        tails = np.concatenate((self.u[forward], self.v[backward]))
        heads = np.concatenate((self.v[forward], self.u[backward]))
        return tails, heads


def _bands(band: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The order that groups `band` ascending, and each group's [start, end)."""
    small = band.max(initial=0) < np.iinfo(np.int16).max
    order = np.argsort(band.astype(np.int16) if small else band, kind="stable")
    cuts = np.flatnonzero(np.diff(band[order])) + 1
    bounds = [0, *cuts.tolist(), len(band)]
    return order, list(pairwise(bounds))


def _dependency(arcs: Arcs, dist: Floats, source: int) -> Floats:
    """δ_s(v) for every v: the shortest paths from `source` through v, each weighted by
    the share of the paths to its target it is (Brandes 2001)."""
    n = len(dist)
    # unreachable: −1, so that no arc to or from such a node is on a shortest path
    dist = np.where(np.isfinite(dist), dist, -1.0)
    tails, heads = arcs.tight(dist)
    # σ: a node's predecessors are at least a band nearer, so a band at a time is in order
    order, spans = _bands(np.floor(dist[heads] / arcs.width).astype(np.int64))
    tails, heads = tails[order], heads[order]
    sigma = np.zeros(n)
    sigma[source] = 1.0
    for start, end in spans:
        np.add.at(sigma, heads[start:end], sigma[tails[start:end]])
    # δ: by the band of the arc's tail, farthest first (its heads are all done by then)
    order, spans = _bands(np.floor(dist[tails] / arcs.width).astype(np.int64))
    tails, heads = tails[order], heads[order]
    delta = np.zeros(n)
    for start, end in reversed(spans):
        u, v = tails[start:end], heads[start:end]
        np.add.at(delta, u, sigma[u] / sigma[v] * (1.0 + delta[v]))
    delta[source] = 0.0
    return delta


def dependency_sums(arcs: Arcs, sources: Sequence[int]) -> Floats:
    """Σ over `sources` of each node's dependency (paths from a source to every other
    node, by cost): the unnormalised sum both sampled and exact betweenness scale."""
    total = np.zeros(arcs.matrix.shape[0])
    for start in range(0, len(sources), BATCH):
        batch = [int(s) for s in sources[start : start + BATCH]]
        rows = np.atleast_2d(dijkstra(arcs.matrix, directed=True, indices=batch))
        for dist, source in zip(rows, batch, strict=True):
            total += _dependency(arcs, dist, source)
    return total


def betweenness_sums(graph: CompactGraph, sources: Sequence[int]) -> Floats:
    """`dependency_sums` on `graph`."""
    if graph.node_count == 0 or not len(sources):
        return np.zeros(graph.node_count)
    return dependency_sums(Arcs(graph), sources)


def normalised_betweenness(graph: CompactGraph, sources: Sequence[int] | None) -> Floats:
    """Betweenness by cost normalised as networkx does ((n − 1)(n − 2) ordered pairs):
    exact from every node without `sources`, else Brandes' estimate from them (× n / k).
    """
    n = graph.node_count
    if n <= 2:
        return np.zeros(n)
    chosen = range(n) if sources is None else sources
    return betweenness_sums(graph, chosen) * (n / (len(chosen) * (n - 1) * (n - 2)))
