"""Connectors and single points of failure on networks whose answer is known."""

from __future__ import annotations

import networkx as nx
import pytest

from crm.graph.communities import community_index, detect_communities
from crm.graph.connectors import connector_scores, single_points_of_failure
from tests.graph.networks import CONNECTOR, GROUP_A, GROUP_B, barbell


def test_the_person_joining_two_groups_is_the_top_connector_bridging_both() -> None:
    graph = barbell()
    communities = detect_communities(graph)
    scores = connector_scores(graph, first=5, communities=communities)
    top = scores[0]
    assert top.key == CONNECTOR
    assert top.label == "桥梁"
    assert top.betweenness > scores[1].betweenness
    index = community_index(communities)
    assert set(top.bridged_communities) == {index[GROUP_A[0]], index[GROUP_B[0]]}
    # Burt: a broker between unconnected groups is the least constrained
    assert top.constraint is not None
    assert top.effective_size is not None
    assert all(s.constraint is None or top.constraint < s.constraint for s in scores[1:])
    assert all(top.effective_size > s.effective_size for s in scores[1:] if s.effective_size)


def test_connector_scores_rank_only_people_by_default_and_sampling_is_repeatable() -> None:
    graph = barbell()
    assert all(graph.nodes[s.key]["type"] == "Person" for s in connector_scores(graph))
    sampled = [s.key for s in connector_scores(graph, sample=6, seed=7)]
    assert sampled == [s.key for s in connector_scores(graph, sample=6, seed=7)]


def test_the_connector_is_the_single_point_of_failure_that_cuts_off_a_community() -> None:
    graph = barbell()
    communities = detect_communities(graph)
    points, bridges = single_points_of_failure(graph, communities)
    assert [p.key for p in points] == [CONNECTOR]
    index = community_index(communities)
    # either group is cut off from the other (equal halves: one of them is "the rest")
    assert points[0].cut_off == len(GROUP_A) + 1
    assert points[0].communities in ((index[GROUP_A[0]],), (index[GROUP_B[0]],))
    assert bridges == []


def test_bridges_are_found_with_the_side_they_cut_off() -> None:
    graph = barbell()
    graph.remove_edges_from([(CONNECTOR, GROUP_A[1]), (CONNECTOR, GROUP_B[1])])
    communities = detect_communities(graph)
    points, bridges = single_points_of_failure(graph, communities)
    assert {(b.source, b.target) for b in bridges} == {
        (CONNECTOR, GROUP_A[0]),
        (CONNECTOR, GROUP_B[0]),
    }
    index = community_index(communities)
    for bridge in bridges:
        assert bridge.cut_off == len(GROUP_A) + 1  # the group and its association
        assert bridge.communities == (index[bridge.target],)
    assert {p.key for p in points} == {CONNECTOR, GROUP_A[0], GROUP_B[0]}


def test_pendants_are_not_reported_below_the_minimum() -> None:
    graph = barbell()
    graph.add_node("Person:99", type="Person", label="P99", attrs={})
    graph.add_edge(GROUP_A[2], "Person:99", strength=0.5, cost=0.8, kind="relationship", ties=())
    points, bridges = single_points_of_failure(graph, detect_communities(graph))
    assert GROUP_A[2] not in {p.key for p in points}
    points, bridges = single_points_of_failure(graph, detect_communities(graph), min_cut_off=1)
    assert GROUP_A[2] in {p.key for p in points}
    assert "Person:99" in {b.target for b in bridges}


def test_constraint_and_effective_size_match_networkx() -> None:
    graph = barbell()
    scores = connector_scores(graph, first=20, people_only=False)
    keys = [s.key for s in scores]
    constraint = nx.constraint(graph, keys, weight="strength")
    effective = nx.effective_size(graph, keys, weight="strength")
    for score in scores:
        assert score.constraint == pytest.approx(constraint[score.key])
        assert score.effective_size == pytest.approx(effective[score.key])
