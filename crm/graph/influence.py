"""Influencers: nodes ranked by PageRank, eigenvector, degree or betweenness centrality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import networkx as nx

from crm.graph import engine
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
      sampled above 1,000 nodes like `connector_scores`.
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
    """PageRank with damping 0.85 on tie strengths (igraph's PRPACK; see crm.graph.engine)."""
    return engine.pagerank(engine.compile_graph(graph), weight=weight)


def eigenvector_scores(graph: nx.Graph, *, weight: str | None = "strength") -> dict[str, float]:
    """Eigenvector centrality that stays meaningful on a disconnected graph.

    The principal eigenvector of the whole graph lives on one component only (all
    others get 0). So each component gets its own unit eigenvector x_C, multiplied by
    λ_C / λ_max, its leading eigenvalue over the largest one: a node of a small, sparse,
    isolated group cannot outrank the hubs of the main network, and on a connected graph
    the result is the usual centrality (see crm.graph.engine.eigenvector).
    """
    return engine.eigenvector(engine.compile_graph(graph), weight=weight)
