"""Eigenvector centrality on the arrays (SciPy) against networkx on each component and
igraph's per-component values (the engine before) at 10,000 people."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from crm.graph import engine
from crm.graph.columns import columns_from_records
from crm.graph.compact_build import build_compact
from crm.graph.compact_eigenvector import eigenvector
from crm.graph.compact_metrics import to_igraph
from crm.graph.synthetic import synthetic_network
from tests.graph.networks import compact_of
from tests.graph.records import TODAY


def _components() -> nx.Graph:
    """A large random component, a smaller one (ARPACK beyond the dense limit), a
    triangle, a pair and an isolated node, with random strengths."""
    rng = random.Random(11)
    parts = [nx.gnm_random_graph(300, 1500, seed=1), nx.gnm_random_graph(90, 300, seed=2)]
    parts += [nx.cycle_graph(3), nx.path_graph(2), nx.empty_graph(1)]
    graph = nx.convert_node_labels_to_integers(nx.disjoint_union_all(parts))
    for u, v in graph.edges:
        graph[u][v]["strength"] = rng.uniform(0.05, 1.0)
    return graph


def test_each_component_gets_networkx_s_vector_scaled_by_its_eigenvalue() -> None:
    graph = _components()
    found = eigenvector(compact_of(graph))
    values, vectors = {}, {}
    for members in nx.connected_components(graph):
        if len(members) < 2:
            continue
        sub = graph.subgraph(members)
        vectors[frozenset(members)] = nx.eigenvector_centrality(
            sub, weight="strength", tol=1e-13, max_iter=100_000
        )
        matrix = nx.to_numpy_array(sub, weight="strength")
        values[frozenset(members)] = float(np.linalg.eigvalsh(matrix)[-1])
    top = max(values.values())
    assert len(values) == 4
    for members, vector in vectors.items():
        for node, x in vector.items():
            assert found[node] == pytest.approx(x * values[members] / top, abs=1e-9)
    assert found[graph.number_of_nodes() - 1] == 0.0  # the isolated node


@pytest.mark.slow
def test_eigenvector_is_igraph_s_at_10000_people() -> None:
    network = synthetic_network(people=10_000, organizations=778, events=278, projects=56, seed=42)
    compact = build_compact(columns_from_records(network.nodes, network.links), today=TODAY)
    by_igraph = engine.eigenvector(to_igraph(compact))
    expected = np.array([by_igraph[i] for i in range(compact.node_count)])
    found = eigenvector(compact)
    assert float(np.max(np.abs(found - expected))) < 1e-9
    assert list(np.argsort(-found)[:100]) == list(np.argsort(-expected)[:100])
