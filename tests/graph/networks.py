"""Hand-built networks with known answers, shared by the analysis tests."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np

from crm.graph.build import build_graph
from crm.graph.compact import CompactGraph
from crm.graph.records import LinkRecord, NodeRecord
from tests.graph.records import TODAY, affiliation, org, person, relationship

#: the person who alone joins the two alumni groups of `barbell`
CONNECTOR = "Person:0"
GROUP_A = [f"Person:{i}" for i in range(1, 7)]
GROUP_B = [f"Person:{i}" for i in range(7, 13)]


def barbell() -> nx.Graph:
    """Two dense alumni groups (cliques of friends, all in one association each),
    joined only through CONNECTOR, who knows two people on each side."""
    nodes: list[NodeRecord] = [
        person(CONNECTOR, "桥梁"),
        org("Organization:1", "Oxford Chinese Alumni Association", member_count=300),
        org("Organization:2", "Cambridge Chinese Alumni Association", member_count=300),
    ]
    links: list[LinkRecord] = []
    for group, association, country in (
        (GROUP_A, "Organization:1", "GB"),
        (GROUP_B, "Organization:2", "US"),
    ):
        nodes += [person(p, p, country=country, expertise=("AI",)) for p in group]
        links += [relationship(a, b, 0.7) for a, b in combinations(group, 2)]
        links += [affiliation(p, association) for p in group]
    links += [relationship(CONNECTOR, p, 0.6) for p in (*GROUP_A[:2], *GROUP_B[:2])]
    return build_graph(nodes, links, today=TODAY)


def star(leaves: int = 8) -> nx.Graph:
    """One person tied to every other; the others know nobody else."""
    centre = person("Person:0", "中心")
    others = [person(f"Person:{i}") for i in range(1, leaves + 1)]
    links = [relationship("Person:0", p.key, 0.5) for p in others]
    return build_graph([centre, *others], links, today=TODAY)


def compact_of(graph: nx.Graph) -> CompactGraph:
    """The compact form of a graph on nodes 0..n−1 with `cost` or `strength` on its
    edges (the other derived as the tie-strength model does: cost = −ln s + 0.1)."""
    n = graph.number_of_nodes()
    rows = [sorted(graph[u]) for u in range(n)]
    neighbors = np.array([v for row in rows for v in row], dtype=np.int32)
    data = [graph[u][v] for u in range(n) for v in rows[u]]
    if all("cost" in d for d in data):
        cost = np.array([d["cost"] for d in data], dtype=np.float64)
        strength = np.exp(0.1 - cost)
    else:
        strength = np.array([d["strength"] for d in data], dtype=np.float64)
        cost = 0.1 - np.log(strength)
    indptr = np.concatenate(([0], np.cumsum([len(row) for row in rows]))).astype(np.int64)
    return CompactGraph(
        types=np.zeros(n, dtype=np.uint8),
        ids=np.arange(n, dtype=np.int64),
        sizes=np.zeros(n, dtype=np.int64),
        label_bytes=np.zeros(0, dtype=np.uint8),
        label_offsets=np.zeros(n + 1, dtype=np.int64),
        indptr=indptr,
        neighbors=neighbors,
        strength=strength,
        cost=cost,
        kind=np.zeros(len(neighbors), dtype=np.uint8),
        kinds=np.zeros(len(neighbors), dtype=np.uint16),
    )
