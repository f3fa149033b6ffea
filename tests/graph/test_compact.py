"""The compact graph weighs every edge as the networkx reference does, and paths and ego
networks on it are those of the reference; a snapshot maps back to the same graph."""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from crm.graph import compact_metrics as metrics_module
from crm.graph import engine
from crm.graph.build import build_graph
from crm.graph.columns import columns_from_records
from crm.graph.compact import KIND_BIT, KINDS, CompactGraph
from crm.graph.compact_build import build_compact, weighed_sizes
from crm.graph.compact_metrics import compact_metrics, sample_size, split_betweenness, to_igraph
from crm.graph.ego import ego_network
from crm.graph.live import Edge, LiveGraph
from crm.graph.live_paths import live_ego_network, live_paths
from crm.graph.paths import introduction_paths
from crm.graph.records import LinkRecord, NodeRecord
from crm.graph.snapshot import latest_snapshot, load_snapshot, prune_snapshots, write_snapshot
from crm.graph.strength import cost_of, weighed_size
from crm.graph.synthetic import synthetic_network
from tests.graph.records import TODAY, affiliation, org, person, relationship


def edges_of(graph: CompactGraph) -> dict[tuple[str, str], tuple[float, str]]:
    return {
        tuple(sorted((graph.key(u), graph.key(v)))): (
            float(graph.strength[at]),
            KINDS[graph.kind[at]],
        )  # type: ignore[misc]
        for u, v, at in graph.edges()
    }


def reference_edges(graph: nx.Graph) -> dict[tuple[str, str], tuple[float, str]]:
    return {
        tuple(sorted((u, v))): (float(d["strength"]), str(d["kind"]))  # type: ignore[misc]
        for u, v, d in graph.edges(data=True)
    }


def assert_same(compact: CompactGraph, reference: nx.Graph) -> None:
    assert {compact.key(i) for i in range(compact.node_count)} == set(reference)
    mine, theirs = edges_of(compact), reference_edges(reference)
    assert mine.keys() == theirs.keys()
    for pair, (strength, kind) in theirs.items():
        assert mine[pair][0] == pytest.approx(strength, rel=1e-12, abs=1e-15), pair
        assert mine[pair][1] == kind, pair
    for i in range(compact.node_count):
        key = compact.key(i)
        assert compact.label(i) == reference.nodes[key]["label"]
        if "size" in reference.nodes[key]:
            assert int(compact.sizes[i]) == reference.nodes[key]["size"]


@pytest.fixture(scope="module")
def network() -> tuple[list[NodeRecord], list[LinkRecord]]:
    found = synthetic_network(people=3000, organizations=240, events=80, projects=20, seed=7)
    return found.nodes, found.links


@pytest.fixture(scope="module")
def reference(network: tuple[list[NodeRecord], list[LinkRecord]]) -> nx.Graph:
    return build_graph(*network, today=TODAY)


@pytest.fixture(scope="module")
def live(network: tuple[list[NodeRecord], list[LinkRecord]]) -> LiveGraph:
    return LiveGraph(build_compact(columns_from_records(*network), today=TODAY))


def test_weighed_sizes_round_to_two_significant_figures_as_the_model_does() -> None:
    members = np.array([1, 99, 100, 104, 105, 995, 2406, 2450, 2350, 49_999], dtype=np.int64)
    assert weighed_sizes(members).tolist() == [weighed_size(int(m)) for m in members]


def test_the_synthetic_network_weighs_every_edge_as_the_reference(
    reference: nx.Graph, live: LiveGraph
) -> None:
    assert_same(live.base, reference)


def test_excluded_people_and_missing_ends_are_left_out_as_in_the_reference(
    network: tuple[list[NodeRecord], list[LinkRecord]],
) -> None:
    nodes, links = network
    exclude = {f"Person:{i}" for i in range(0, 3000, 7)}
    kept = nodes[5:]  # links to the first people wait for nodes that never come
    compact = build_compact(columns_from_records(kept, links), today=TODAY, exclude=exclude)
    assert_same(compact, build_graph(kept, links, today=TODAY, exclude=exclude))


def test_relationships_and_alumni_cohorts_of_a_small_network_match() -> None:
    nodes = [person(f"Person:{i}") for i in range(6)] + [org("Organization:1", member_count=30)]
    links = [relationship("Person:0", "Person:1", 0.8, since="2010-01-01")]
    links += [
        affiliation(f"Person:{i}", "Organization:1", "alumnus", starts_on=f"{2010 + i}-09-01")
        for i in range(5)
    ]
    compact = build_compact(columns_from_records(nodes, links), today=TODAY)
    reference = build_graph(nodes, links, today=TODAY)
    assert_same(compact, reference)
    assert "cohort" in {kind for _, kind in edges_of(compact).values()}


def test_paths_on_the_arrays_cost_what_the_reference_paths_cost(
    reference: nx.Graph, live: LiveGraph
) -> None:
    rng = random.Random(5)
    people = sorted(k for k in reference if k.startswith("Person:"))
    orgs = sorted(k for k in reference if k.startswith("Organization:"))
    found = 0
    for _ in range(80):
        source = rng.choice(people)
        target = rng.choice(people if rng.random() < 0.7 else orgs)
        expected = introduction_paths(reference, source, target, first=3, max_hops=4)
        mine = live_paths(live, source, target, first=3, max_hops=4)
        assert [p.cost for p in mine] == pytest.approx([p.cost for p in expected], rel=1e-9)
        for ours, theirs in zip(mine, expected, strict=True):
            assert ours.strength == pytest.approx(theirs.strength, rel=1e-9)
            assert ours.nodes[0] == source
            assert ours.nodes[-1] == target
        found += bool(mine)
    assert found > 40


def test_avoided_nodes_are_never_on_a_path(reference: nx.Graph, live: LiveGraph) -> None:
    source, target = "Person:1", "Person:2"
    first = live_paths(live, source, target, first=1, max_hops=4)
    assert first
    middle = first[0].nodes[1:-1]
    again = live_paths(live, source, target, first=3, max_hops=4, avoid=middle)
    expected = introduction_paths(reference, source, target, first=3, max_hops=4, avoid=middle)
    assert [p.cost for p in again] == pytest.approx([p.cost for p in expected])
    assert all(not set(middle) & set(p.nodes) for p in again)


def test_ego_networks_on_the_arrays_are_the_reference_ones(
    reference: nx.Graph, live: LiveGraph
) -> None:
    hub = max((k for k in reference if k.startswith("Organization:")), key=reference.degree)
    for key, radius, cap in (("Person:3", 1, 500), ("Person:3", 2, 150), (hub, 2, 200)):
        expected = ego_network(reference, key, radius=radius, max_nodes=cap)
        mine = live_ego_network(live, key, radius=radius, max_nodes=cap)
        assert [(n.key, n.distance, n.size) for n in mine.nodes] == [
            (n.key, n.distance, n.size) for n in expected.nodes
        ]
        assert {(e.source, e.target) for e in mine.edges} == {
            (e.source, e.target) for e in expected.edges
        }
        assert mine.truncated == expected.truncated


def test_a_snapshot_maps_back_to_the_same_graph(live: LiveGraph, tmp_path: Path) -> None:
    path = write_snapshot(tmp_path, live.base, revision=7, today=TODAY)
    assert latest_snapshot(tmp_path) == path
    mapped = load_snapshot(path)
    assert mapped.revision == 7
    assert mapped.today == TODAY
    # mapped, not read: the arrays are views of the file's pages
    assert isinstance(mapped.graph.neighbors.base, np.memmap)
    assert not mapped.graph.neighbors.flags.writeable
    for name, array in live.base.arrays().items():
        assert np.array_equal(getattr(mapped.graph, name), array), name
    again = LiveGraph(mapped.graph)
    assert [p.cost for p in live_paths(again, "Person:1", "Person:9")] == [
        p.cost for p in live_paths(live, "Person:1", "Person:9")
    ]


def test_the_newest_snapshot_wins_and_old_ones_are_pruned(live: LiveGraph, tmp_path: Path) -> None:
    for revision in (3, 12, 5):
        write_snapshot(tmp_path, live.base, revision=revision, today=TODAY)
    newest = latest_snapshot(tmp_path)
    assert newest is not None
    assert load_snapshot(newest).revision == 12
    assert len(prune_snapshots(tmp_path, keep=1)) == 2
    assert latest_snapshot(tmp_path) == newest


def test_overlay_edges_replace_and_remove_those_of_the_arrays(live: LiveGraph) -> None:
    graph = LiveGraph(live.base)
    a, b = graph.index("Person:1"), graph.index("Person:2")
    assert a is not None
    assert b is not None
    before = graph.edge(a, b)
    new = graph.add_node(0, 10_000_001, "新来的")
    assert graph.index("Person:10000001") == new
    assert graph.label(new) == "新来的"
    tie = Edge(0.5, cost_of(0.5), KINDS.index("relationship"), KIND_BIT["relationship"])
    graph.set_edge(a, new, tie)
    assert graph.edge(new, a) == tie
    assert graph.has_kind(a, new, "relationship")
    assert new in graph.neighbors(a)
    assert a in graph.neighbors(new)
    graph.remove_node(new)
    assert new not in graph.neighbors(a)
    assert graph.index("Person:10000001") is None
    assert graph.edge(a, b) == before


def test_betweenness_split_between_processes_is_the_one_process_estimate(
    live: LiveGraph, tmp_path: Path
) -> None:
    path = write_snapshot(tmp_path, live.base, revision=1, today=TODAY)
    sources = random.Random(3).sample(range(live.base.node_count), 40)
    whole = engine.betweenness(to_igraph(live.base), sources=sources)
    split = split_betweenness(path, sources)
    assert np.allclose(split, [whole[i] for i in range(live.base.node_count)], rtol=1e-9)


class CountingHelper(ThreadPoolExecutor):
    """A helper that counts the shares handed to it (threads: the test needs no process)."""

    submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_exact_betweenness_split_with_a_run_s_helper_is_the_exact_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = synthetic_network(people=300, organizations=30, events=10, projects=5, seed=11)
    graph = build_compact(columns_from_records(found.nodes, found.links), today=TODAY)
    assert sample_size(graph.node_count, graph.edge_count, None) is None  # exact
    path = write_snapshot(tmp_path, graph, revision=1, today=TODAY)
    exact = compact_metrics(graph, steps=["betweenness"])["betweenness"]
    with CountingHelper(1) as helper:
        small = compact_metrics(graph, steps=["betweenness"], snapshot=path, helper=helper)
        assert helper.submitted == 0  # below SPLIT_VISITS: not worth a second process
        monkeypatch.setattr(metrics_module, "SPLIT_VISITS", 0)
        split = compact_metrics(graph, steps=["betweenness"], snapshot=path, helper=helper)
        assert 1 <= helper.submitted < metrics_module.HELPER_SHARES  # shared, in turns
    assert np.array_equal(small["betweenness"], exact)
    assert np.allclose(split["betweenness"], exact, rtol=1e-9, atol=1e-15)
    assert np.count_nonzero(exact) > 0
