"""Influencers: nodes ranked by PageRank, eigenvector, degree or betweenness centrality."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from crm.graph.connectors import betweenness
from crm.graph.records import PERSON

__all__ = ["InfluencerScore", "Metric", "influencer_scores"]

Metric = Literal["pagerank", "eigenvector", "degree", "betweenness"]


@dataclass(frozen=True, slots=True)
class InfluencerScore:
    key: str
    label: str
    score: float


def influencer_scores(
    graph: nx.Graph,
    metric: Metric,
    *,
    weight: str | None = "strength",
    people_only: bool = True,
    first: int | None = None,
    sample: int | None = None,
    seed: int = 42,
) -> list[InfluencerScore]:
    """Nodes (people by default) by `metric`, highest first, computed on the whole graph.

    - pagerank: damping 0.85, ties weighted by strength;
    - eigenvector: per connected component, scaled by the component's leading
      eigenvalue relative to the largest (see `eigenvector_scores`);
    - degree: the sum of tie strengths (the number of ties when `weight` is None);
    - betweenness: shortest paths by cost (the distance that goes with strength),
      sampled above 5,000 nodes like `connector_scores`.
    """
    if metric == "pagerank":
        scores = pagerank_scores(graph, weight=weight)
    elif metric == "eigenvector":
        scores = eigenvector_scores(graph, weight=weight)
    elif metric == "degree":
        scores = {key: float(d) for key, d in graph.degree(weight=weight)}
    elif metric == "betweenness":
        scores = betweenness(graph, sample=sample, seed=seed, weight="cost" if weight else None)
    else:
        raise ValueError(f"unknown metric {metric!r}")
    nodes = graph.nodes
    keys = [k for k in scores if not people_only or nodes[k].get("type") == PERSON]
    keys.sort(key=lambda k: (-scores[k], k))
    return [
        InfluencerScore(key, str(nodes[key].get("label", key)), scores[key]) for key in keys[:first]
    ]


def pagerank_scores(graph: nx.Graph, *, weight: str | None = "strength") -> dict[str, float]:
    """networkx's PageRank; its pure-Python power iteration when SciPy is missing."""
    try:
        result: dict[str, float] = nx.pagerank(graph, weight=weight)
    except ImportError:
        result = _pagerank(graph, weight)
    return result


def _pagerank(
    graph: nx.Graph, weight: str | None, alpha: float = 0.85, tol: float = 1e-6
) -> dict[str, float]:
    """Power iteration as networkx does it (uniform teleport, dangling mass spread)."""
    keys = list(graph)
    n = len(keys)
    if n == 0:
        return {}
    rows = _rows(graph, keys, weight)
    out = [sum(w for _, w in row) for row in rows]
    x = [1.0 / n] * n
    for _ in range(1000):
        dangling = alpha * sum(x[i] for i in range(n) if out[i] == 0) / n
        new = [(1.0 - alpha) / n + dangling] * n
        for i, row in enumerate(rows):
            if out[i]:
                share = alpha * x[i] / out[i]
                for j, w in row:
                    new[j] += share * w
        error = sum(abs(a - b) for a, b in zip(new, x, strict=True))
        x = new
        if error < n * tol:
            break
    return dict(zip(keys, x, strict=True))


def eigenvector_scores(
    graph: nx.Graph, *, weight: str | None = "strength", tol: float = 1e-6
) -> dict[str, float]:
    """Eigenvector centrality that stays meaningful on a disconnected graph.

    The principal eigenvector of the whole graph lives on one component only (all
    others get 0). So each component gets its own unit eigenvector x_C, by power
    iteration on A + I (the shift makes it converge on bipartite components such as
    a person–organisation star), multiplied by λ_C / λ_max, its leading eigenvalue over
    the largest one: a node of a small, sparse, isolated group cannot outrank the hubs
    of the main network, and on a connected graph the result is the usual centrality.
    """
    scores: dict[str, float] = {}
    found: list[tuple[float, list[str], list[float]]] = []
    for component in nx.connected_components(graph):
        if len(component) == 1:
            scores.update(dict.fromkeys(component, 0.0))
            continue
        keys = sorted(component)
        rows = _rows(graph, keys, weight)
        vector = _principal(rows, tol)
        found.append((_rayleigh(rows, vector), keys, vector))
    top = max((value for value, _, _ in found), default=0.0)
    for value, keys, vector in found:
        scale = value / top if top > 0 else 0.0
        scores.update(zip(keys, (x * scale for x in vector), strict=True))
    return scores


Rows = list[list[tuple[int, float]]]


def _rows(graph: nx.Graph, keys: list[str], weight: str | None) -> Rows:
    """The weighted adjacency of `keys` as lists of (index, weight): faster than dicts."""
    index = {key: i for i, key in enumerate(keys)}
    adj = graph.adj
    return [[(index[v], _w(data, weight)) for v, data in adj[key].items()] for key in keys]


def _w(data: dict[str, object], weight: str | None) -> float:
    if weight is None:
        return 1.0
    value = data.get(weight, 1.0)
    return float(value) if isinstance(value, int | float) else 1.0


def _principal(rows: Rows, tol: float) -> list[float]:
    n = len(rows)
    x = [1.0 / math.sqrt(n)] * n
    for _ in range(1000):
        new = x[:]  # the + I shift
        for i, row in enumerate(rows):
            xi = x[i]
            for j, w in row:
                new[j] += xi * w
        norm = math.sqrt(sum(v * v for v in new)) or 1.0
        new = [v / norm for v in new]
        if sum(abs(a - b) for a, b in zip(new, x, strict=True)) < n * tol:
            return new
        x = new
    return x


def _rayleigh(rows: Rows, x: list[float]) -> float:
    """xᵀAx for a unit x: the leading eigenvalue once x has converged."""
    return sum(x[i] * x[j] * w for i, row in enumerate(rows) for j, w in row)
