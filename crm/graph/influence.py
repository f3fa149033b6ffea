"""Influencers: nodes ranked by PageRank, eigenvector, degree or betweenness centrality."""

from __future__ import annotations

import math
from collections.abc import Iterable
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
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    adj = graph.adj
    out = {u: sum(_w(d, weight) for d in adj[u].values()) for u in graph}
    x = dict.fromkeys(graph, 1.0 / n)
    for _ in range(1000):
        dangling = alpha * sum(x[u] for u in graph if out[u] == 0) / n
        new = dict.fromkeys(graph, (1.0 - alpha) / n + dangling)
        for u, neighbours in adj.items():
            if out[u]:
                share = alpha * x[u] / out[u]
                for v, data in neighbours.items():
                    new[v] += share * _w(data, weight)
        error = sum(abs(new[u] - x[u]) for u in graph)
        x = new
        if error < n * tol:
            break
    return x


def eigenvector_scores(
    graph: nx.Graph, *, weight: str | None = "strength", tol: float = 1e-8
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
    found: list[tuple[float, dict[str, float]]] = []
    for component in nx.connected_components(graph):
        if len(component) == 1:
            scores.update(dict.fromkeys(component, 0.0))
            continue
        vector = _principal(graph, component, weight, tol)
        found.append((_rayleigh(graph, vector, weight), vector))
    top = max((value for value, _ in found), default=0.0)
    for value, vector in found:
        scale = value / top if top > 0 else 0.0
        scores.update({key: x * scale for key, x in vector.items()})
    return scores


def _w(data: dict[str, object], weight: str | None) -> float:
    if weight is None:
        return 1.0
    value = data.get(weight, 1.0)
    return float(value) if isinstance(value, int | float) else 1.0


def _principal(
    graph: nx.Graph, component: Iterable[str], weight: str | None, tol: float
) -> dict[str, float]:
    adj = graph.adj
    x = dict.fromkeys(component, 1.0)
    norm = math.sqrt(len(x))
    x = {k: v / norm for k, v in x.items()}
    for _ in range(1000):
        new = dict(x)
        for u in x:
            for v, data in adj[u].items():
                new[v] += x[u] * _w(data, weight)
        norm = math.sqrt(sum(v * v for v in new.values())) or 1.0
        new = {k: v / norm for k, v in new.items()}
        if sum(abs(new[k] - x[k]) for k in x) < len(x) * tol:
            return new
        x = new
    return x


def _rayleigh(graph: nx.Graph, x: dict[str, float], weight: str | None) -> float:
    adj = graph.adj
    return sum(x[u] * x[v] * _w(d, weight) for u in x for v, d in adj[u].items())
