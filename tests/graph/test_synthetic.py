"""The synthetic network generator: deterministic, and a graph the analysis runs on."""

from __future__ import annotations

from crm.graph.build import build_graph
from crm.graph.ego import network_stats
from crm.graph.paths import introduction_paths
from crm.graph.synthetic import SyntheticNetwork, synthetic_network
from tests.graph.records import TODAY


def small() -> SyntheticNetwork:
    return synthetic_network(people=400, organizations=40, events=10, projects=5, seed=3)


def test_the_same_seed_gives_the_same_network() -> None:
    assert small() == small()


def test_it_has_every_kind_of_node_and_a_connected_core() -> None:
    network = synthetic_network(people=400, organizations=40, events=10, projects=5, seed=3)
    graph = build_graph(network.nodes, network.links, today=TODAY)
    stats = network_stats(graph)
    assert stats.nodes_by_type == {"Person": 400, "Organization": 40, "Event": 10, "Project": 5}
    assert {"relationship", "affiliation", "attendance"} <= set(stats.edges_by_kind)
    assert stats.largest_component > 0.9 * stats.nodes
    assert introduction_paths(graph, "Person:0", "Person:1", max_hops=6)
