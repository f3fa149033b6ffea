"""Betweenness by cost on the arrays (SciPy's Dijkstra, Brandes' sums in NumPy) against
networkx's exact values where shortest paths tie, and igraph's from the same sources
at 10,000 people; and the run split over two processes beside the in-process one."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from crm.graph import compact_metrics as cm
from crm.graph.columns import columns_from_records
from crm.graph.compact import CompactGraph
from crm.graph.compact_betweenness import normalised_betweenness
from crm.graph.compact_build import build_compact
from crm.graph.snapshot import write_snapshot
from crm.graph.synthetic import synthetic_network
from tests.graph.networks import compact_of
from tests.graph.records import TODAY


def _tied_network() -> nx.Graph:
    """A grid with equal costs (many shortest paths of one length between two nodes),
    costs that are sums of others (exact in binary: networkx compares sums with ==, igraph
    and we to a relative 1e-10), a pendant chain and a separate component."""
    graph = nx.convert_node_labels_to_integers(nx.grid_2d_graph(6, 7))
    rng = random.Random(3)
    for u, v in graph.edges:
        graph[u][v]["cost"] = rng.choice([1.0, 1.0, 0.5, 1.5])
    n = graph.number_of_nodes()
    graph.add_edge(0, n, cost=0.5)
    graph.add_edge(n, n + 1, cost=0.5)
    graph.add_edge(n + 2, n + 3, cost=0.7)
    graph.add_edge(n + 3, n + 4, cost=0.7)
    return graph


def test_exact_betweenness_is_networkx_s_where_shortest_paths_tie() -> None:
    graph = _tied_network()
    expected = nx.betweenness_centrality(graph, weight="cost", normalized=True)
    found = normalised_betweenness(compact_of(graph), None)
    assert max(abs(found[v] - expected[v]) for v in graph) < 1e-12
    assert found.max() > 0.1


def test_sampled_betweenness_is_networkx_s_from_the_same_sources() -> None:
    graph = _tied_network()
    n = graph.number_of_nodes()
    sources = random.Random(5).sample(range(n), 9)
    # networkx's sources-to-everyone sums, halved for an undirected graph: doubled back
    subset = nx.betweenness_centrality_subset(graph, sources, list(graph), weight="cost")
    expected = {v: 2 * x * n / (len(sources) * (n - 1) * (n - 2)) for v, x in subset.items()}
    found = normalised_betweenness(compact_of(graph), sources)
    assert max(abs(found[v] - expected[v]) for v in graph) < 1e-12


@pytest.fixture(scope="module")
def network() -> CompactGraph:
    found = synthetic_network(people=10_000, organizations=778, events=278, projects=56, seed=42)
    return build_compact(columns_from_records(found.nodes, found.links), today=TODAY)


def test_sampled_betweenness_is_igraph_s_at_10000_people(network: CompactGraph) -> None:
    sources = random.Random(42).sample(range(network.node_count), 60)
    compiled = cm.to_igraph(network)
    by_igraph = cm.engine.betweenness(compiled, sources=sources)
    expected = np.array([by_igraph[i] for i in range(network.node_count)])
    found = normalised_betweenness(network, sources)
    assert float(np.max(np.abs(found - expected))) < 1e-12
    assert float(expected.max()) > 1e-3


@pytest.mark.slow
def test_a_run_split_over_two_processes_gives_the_values_of_one(
    network: CompactGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = cm.compact_metrics(network, sample=64)
    snapshot = write_snapshot(tmp_path, network, revision=1, today=TODAY)
    monkeypatch.setattr(cm, "PARALLEL_EDGES", 0)
    finished: list[str] = []
    split = cm.compact_metrics(
        network, sample=64, snapshot=snapshot, on_step=lambda s, _: finished.append(s)
    )
    assert finished == list(cm.STEP_METRICS)
    assert set(split) == set(whole)
    for metric, values in whole.items():
        np.testing.assert_allclose(split[metric], values, rtol=0, atol=1e-12, equal_nan=True)
