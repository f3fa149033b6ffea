"""The whole-network metrics on the compact graph at 10,000 people, against networkx:
PageRank, the modularity of the communities (igraph's Leiden, and networkit's that
large graphs get), sampled betweenness's top 100 against the exact ranking, weighted
degree and Burt's constraint."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from crm.graph import compact_metrics as metrics_module
from crm.graph.build import build_graph
from crm.graph.columns import columns_from_records
from crm.graph.compact import CompactGraph
from crm.graph.compact_build import build_compact
from crm.graph.compact_metrics import (
    betweenness_error,
    community_engine,
    compact_metrics,
    sample_size,
    split_betweenness,
    step_fingerprints,
)
from crm.graph.snapshot import write_snapshot
from crm.graph.synthetic import synthetic_network
from tests.graph.records import TODAY

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graphs() -> tuple[nx.Graph, CompactGraph]:
    found = synthetic_network(people=10_000, organizations=778, events=278, projects=56, seed=42)
    compact = build_compact(columns_from_records(found.nodes, found.links), today=TODAY)
    return build_graph(found.nodes, found.links, today=TODAY), compact


@pytest.fixture(scope="module")
def metrics(graphs: tuple[nx.Graph, CompactGraph]) -> dict[str, np.ndarray]:
    return compact_metrics(graphs[1])


def _by_key(compact: CompactGraph, values: np.ndarray) -> dict[str, float]:
    return {compact.key(i): float(values[i]) for i in range(compact.node_count)}


def test_pagerank_is_networkx_pagerank(
    graphs: tuple[nx.Graph, CompactGraph], metrics: dict[str, np.ndarray]
) -> None:
    reference, compact = graphs
    expected = _pagerank_python(reference, weight="strength", tol=1e-10, max_iter=500)
    mine = _by_key(compact, metrics["pagerank"])
    assert max(abs(mine[k] - v) for k, v in expected.items()) < 1e-6
    assert (
        sorted(mine, key=mine.__getitem__)[-100:]
        == sorted(expected, key=expected.__getitem__)[-100:]
    )


def test_weighted_degree_constraint_and_effective_size_are_networkx_s(
    graphs: tuple[nx.Graph, CompactGraph], metrics: dict[str, np.ndarray]
) -> None:
    reference, compact = graphs
    degree = _by_key(compact, metrics["degree"])
    for key, value in reference.degree(weight="strength"):
        assert degree[key] == pytest.approx(value, rel=1e-9)
    constraint = _by_key(compact, metrics["constraint"])
    people = [k for k in reference if k.startswith("Person:")][:40]
    expected = nx.constraint(reference, people, weight="strength")
    for key in people:
        assert constraint[key] == pytest.approx(expected[key], rel=1e-9)
    size = _by_key(compact, metrics["effective_size"])
    expected = nx.effective_size(reference, people, weight="strength")
    for key in people:
        assert size[key] == pytest.approx(expected[key], rel=1e-9)


def _groups(compact: CompactGraph, community: np.ndarray) -> list[set[str]]:
    groups: dict[int, set[str]] = {}
    for i, number in enumerate(community.tolist()):
        groups.setdefault(int(number), set()).add(compact.key(i))
    # numbered 0, 1, … largest first
    assert sorted(groups) == list(range(len(groups)))
    assert [len(groups[i]) for i in sorted(groups)] == sorted(map(len, groups.values()))[::-1]
    return list(groups.values())


def _as_modular_as_louvain_and_connected(reference: nx.Graph, groups: list[set[str]]) -> None:
    ours = nx.community.modularity(reference, groups, weight="strength")
    louvain = nx.community.louvain_communities(reference, weight="strength", seed=42)
    theirs = nx.community.modularity(reference, louvain, weight="strength")
    assert ours == pytest.approx(theirs, abs=0.02)
    # Leiden's guarantee over Louvain: no community falls apart
    assert all(nx.is_connected(reference.subgraph(group)) for group in groups)


def test_communities_are_as_modular_as_networkx_louvain(
    graphs: tuple[nx.Graph, CompactGraph], metrics: dict[str, np.ndarray]
) -> None:
    reference, compact = graphs
    assert community_engine(compact) == "igraph"
    _as_modular_as_louvain_and_connected(reference, _groups(compact, metrics["community"]))


def test_a_large_graph_s_communities_are_networkit_s_as_modular_and_repeatable(
    graphs: tuple[nx.Graph, CompactGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    import networkit as nk

    reference, compact = graphs
    small = step_fingerprints(compact, seed=42, sample=None)["communities"]
    monkeypatch.setattr(metrics_module, "NETWORKIT_EDGES", compact.edge_count)
    assert community_engine(compact) == "networkit"
    assert step_fingerprints(compact, seed=42, sample=None)["communities"] != small
    nk.setNumberOfThreads(2)
    first = compact_metrics(compact, steps=["communities"], seed=42)["community"]
    assert nk.getMaxNumberOfThreads() == 2  # its one thread given back
    _as_modular_as_louvain_and_connected(reference, _groups(compact, first))
    again = compact_metrics(compact, steps=["communities"], seed=42)["community"]
    np.testing.assert_array_equal(first, again)
    other = compact_metrics(compact, steps=["communities"], seed=7)["community"]
    assert not np.array_equal(first, other)  # the seed is used


def test_sampled_betweenness_ranks_the_top_100_people_as_the_exact_one(
    graphs: tuple[nx.Graph, CompactGraph], metrics: dict[str, np.ndarray], tmp_path: Path
) -> None:
    _, compact = graphs
    k = sample_size(compact.node_count, compact.edge_count, None)
    assert k is not None
    assert k < compact.node_count  # sampled, not exact
    # exact: every node a source, shared between two processes (the suite's slowest step)
    snapshot = write_snapshot(tmp_path, compact, revision=1, today=TODAY)
    exact = split_betweenness(snapshot, list(range(compact.node_count)))
    people = np.flatnonzero(np.asarray(compact.types) == 0)
    sampled = metrics["betweenness"]
    top_exact = set(people[np.argsort(-exact[people])[:100]].tolist())
    top_sampled = set(people[np.argsort(-sampled[people])[:100]].tolist())
    assert len(top_exact & top_sampled) >= 90
    # every node's estimate is within the stated bound of its exact value
    bound = betweenness_error(compact.node_count, k)
    assert 0 < bound < 1
    assert float(np.max(np.abs(sampled - exact))) <= bound


def test_fingerprints_move_only_with_what_a_step_reads(
    graphs: tuple[nx.Graph, CompactGraph],
) -> None:
    _, compact = graphs
    before = step_fingerprints(compact, seed=42, sample=None)
    assert before == step_fingerprints(compact, seed=42, sample=None)
    resampled = step_fingerprints(compact, seed=42, sample=64)
    assert {s for s in before if before[s] != resampled[s]} == {"betweenness", "structural holes"}
    arrays = compact.arrays()
    arrays["strength"] = arrays["strength"].copy()
    arrays["strength"][0] *= 0.5
    arrays["cost"] = -np.log(arrays["strength"]) + 0.1
    changed = step_fingerprints(CompactGraph(**arrays), seed=42, sample=None)
    assert {s for s in before if before[s] != changed[s]} == set(before)
