"""The whole-network metrics `crm analyze` computes and stores, step by step.

Every step is a function of the graph alone, with a fixed seed where it samples, so
two runs on the same graph give the same numbers. The values are keyed by metric,
then by node key; people get every metric, other nodes those that apply to them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Final

import networkx as nx

from crm.graph import engine
from crm.graph.communities import Community, describe_communities
from crm.graph.connectors import DEFAULT_SAMPLE, EXACT_BETWEENNESS_LIMIT, StructuralHoles
from crm.graph.records import PERSON

__all__ = ["METRICS", "STEPS", "MetricValues", "communities_of", "compute_metrics"]

#: metric → node key → value
MetricValues = dict[str, dict[str, float]]

#: the stored metrics; "community" holds the community id as a number
METRICS: Final = (
    "pagerank",
    "eigenvector",
    "degree",
    "betweenness",
    "constraint",
    "effective_size",
    "community",
)

#: the steps in the order they run (what a progress bar shows)
STEPS: Final = (
    "pagerank",
    "eigenvector",
    "degree",
    "betweenness",
    "structural holes",
    "communities",
)


def compute_metrics(
    graph: nx.Graph,
    *,
    seed: int = 42,
    sample: int | None = None,
    on_step: Callable[[str, float], None] | None = None,
) -> MetricValues:
    """PageRank, eigenvector, weighted degree and betweenness of every node, Burt's
    constraint and effective size of every person, and each node's Louvain community.

    Betweenness is exact up to `EXACT_BETWEENNESS_LIMIT` nodes and sampled from
    `sample` sources (default `DEFAULT_SAMPLE`, chosen with a fixed seed) above. The
    graph is copied once into igraph, which computes PageRank, eigenvector,
    betweenness and Louvain (crm.graph.engine); the same numbers as the functions of
    `influence`, `connectors` and `communities` give. `on_step(step,
    seconds)` is called after each step of `STEPS`.
    """
    values: MetricValues = {}
    compiled = engine.compile_graph(graph)

    def step(name: str, run: Callable[[], None]) -> None:
        started = time.perf_counter()
        run()
        if on_step is not None:
            on_step(name, time.perf_counter() - started)

    def degree() -> None:
        values["degree"] = {key: float(d) for key, d in graph.degree(weight="strength")}

    def central() -> None:
        n = len(compiled.keys)
        k = sample if sample is not None else (DEFAULT_SAMPLE if n > EXACT_BETWEENNESS_LIMIT else n)
        sources = random.Random(seed).sample(list(graph), k) if k < n else None
        values["betweenness"] = engine.betweenness(compiled, sources=sources)

    def holes() -> None:
        holes = StructuralHoles(graph, "strength")
        constraint, size = {}, {}
        for key, kind in graph.nodes(data="type"):
            if kind != PERSON:
                continue
            if (c := holes.constraint(key)) is not None:
                constraint[key] = c
            if (e := holes.effective_size(key)) is not None:
                size[key] = e
        values["constraint"], values["effective_size"] = constraint, size

    def communities() -> None:
        groups = engine.louvain(compiled, seed=seed)
        ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
        values["community"] = {key: float(i) for i, g in enumerate(ordered) for key in g}

    step("pagerank", lambda: values.__setitem__("pagerank", engine.pagerank(compiled)))
    step("eigenvector", lambda: values.__setitem__("eigenvector", engine.eigenvector(compiled)))
    step("degree", degree)
    step("betweenness", central)
    step("structural holes", holes)
    step("communities", communities)
    return values


def communities_of(
    graph: nx.Graph, community: Mapping[str, float], *, top: int = 5
) -> list[Community]:
    """The communities a stored `community` metric describes, on the current graph.

    Nodes no longer in the graph are skipped; ids stay as stored.
    """
    groups: dict[int, list[str]] = {}
    for key, value in community.items():
        if key in graph:
            groups.setdefault(int(value), []).append(key)
    return describe_communities(graph, groups, top=top)
