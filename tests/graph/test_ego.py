"""Ego networks for drawing, and the network's summary figures."""

from __future__ import annotations

from crm.graph.ego import ego_network, network_stats
from tests.graph.networks import CONNECTOR, GROUP_A, GROUP_B, barbell, star


def test_radius_one_is_the_node_and_its_neighbours_with_edges_among_them() -> None:
    ego = ego_network(star(), "Person:0")
    assert len(ego.nodes) == 9
    assert len(ego.edges) == 8
    assert {n.distance for n in ego.nodes} == {0, 1}
    assert not ego.truncated
    edge = ego.edges[0]
    assert edge.kind == "relationship"
    assert edge.strength == 0.5


def test_radius_two_reaches_further_and_max_nodes_truncates_strongest_first() -> None:
    graph = barbell()
    assert len(ego_network(graph, CONNECTOR).nodes) == 5
    assert len(ego_network(graph, CONNECTOR, radius=2).nodes) == 15
    small = ego_network(graph, CONNECTOR, radius=2, max_nodes=6)
    assert len(small.nodes) == 6
    assert small.truncated
    assert {n.key for n in small.nodes if n.distance == 1} == {*GROUP_A[:2], *GROUP_B[:2]}


def test_ego_nodes_carry_drawing_attributes() -> None:
    ego = ego_network(barbell(), GROUP_A[0])
    by_key = {n.key: n for n in ego.nodes}
    assert by_key["Organization:1"].type == "Organization"
    assert by_key["Organization:1"].size == 300
    assert by_key[GROUP_A[0]].size is None
    assert ego_network(barbell(), "Person:404").nodes == []


def test_stats_count_types_kinds_components_and_density() -> None:
    stats = network_stats(barbell())
    assert stats.nodes == 15
    assert stats.nodes_by_type == {"Person": 13, "Organization": 2}
    assert stats.edges_by_kind == {"relationship": 2 * 15 + 4, "affiliation": 12}
    assert stats.ties_by_kind == {"relationship": 34, "affiliation": 12}
    assert stats.edges == 46
    assert (stats.components, stats.largest_component) == (1, 15)
    assert stats.density == 46 / (15 * 14 / 2)
