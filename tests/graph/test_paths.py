"""Introduction paths: best first, loop-free, within the hop limit, around avoided people."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crm.graph.build import apply_changes, build_graph
from crm.graph.paths import introduction_paths
from crm.graph.records import LinkRecord
from tests.graph.networks import CONNECTOR, GROUP_A, GROUP_B, barbell
from tests.graph.records import TODAY, affiliation, link, org, people, project, relationship


def chain() -> nx.Graph:
    """A knows B weakly; A–C–D–B is a chain of strong ties."""
    links = [
        relationship("Person:A", "Person:B", 0.1),
        relationship("Person:A", "Person:C", 0.9),
        relationship("Person:C", "Person:D", 0.9),
        relationship("Person:D", "Person:B", 0.9),
    ]
    return build_graph(people("Person:A", "Person:B", "Person:C", "Person:D"), links, today=TODAY)


def test_the_stronger_longer_chain_comes_before_the_weak_direct_tie() -> None:
    paths = introduction_paths(chain(), "Person:A", "Person:B")
    assert [p.nodes for p in paths] == [
        ["Person:A", "Person:C", "Person:D", "Person:B"],
        ["Person:A", "Person:B"],
    ]
    best = paths[0]
    assert best.strength == pytest.approx(0.9**3)
    assert best.cost == pytest.approx(sum(-math.log(0.9) + 0.1 for _ in range(3)))


def test_a_hop_limit_below_the_strong_chain_leaves_the_direct_tie() -> None:
    paths = introduction_paths(chain(), "Person:A", "Person:B", max_hops=2)
    assert [p.nodes for p in paths] == [["Person:A", "Person:B"]]


def test_every_path_between_the_groups_crosses_the_connector() -> None:
    paths = introduction_paths(barbell(), GROUP_A[3], GROUP_B[4], first=10, max_hops=6)
    assert len(paths) == 10
    assert all(CONNECTOR in p.nodes for p in paths)
    costs = [p.cost for p in paths]
    assert costs == sorted(costs)
    assert len({tuple(p.nodes) for p in paths}) == 10


def test_avoiding_the_connector_or_hiding_them_leaves_no_path() -> None:
    graph = barbell()
    assert introduction_paths(graph, GROUP_A[3], GROUP_B[4], avoid=[CONNECTOR]) == []
    hidden = introduction_paths(graph, GROUP_A[3], GROUP_B[4], visible=lambda k: k != CONNECTOR)
    assert hidden == []


def test_avoid_never_removes_the_ends() -> None:
    paths = introduction_paths(barbell(), GROUP_A[0], CONNECTOR, avoid=[GROUP_A[0], CONNECTOR])
    assert paths[0].nodes == [GROUP_A[0], CONNECTOR]


def test_no_path_within_the_hop_limit_is_an_empty_list() -> None:
    assert introduction_paths(barbell(), GROUP_A[3], GROUP_B[4], max_hops=3) == []


def test_same_or_unknown_ends_give_no_path() -> None:
    graph = barbell()
    assert introduction_paths(graph, CONNECTOR, CONNECTOR) == []
    assert introduction_paths(graph, CONNECTOR, "Person:999") == []
    assert introduction_paths(graph, CONNECTOR, GROUP_A[0], visible=lambda k: k != GROUP_A[0]) == []


def test_an_organisation_is_reached_through_one_of_its_members() -> None:
    graph = barbell()
    # a project and a parent organisation give Cambridge other, non-member, neighbours
    side_links = [
        link("participation", "Organization:2", "Project:1", key="p1", role="partner"),
        link("participation", GROUP_A[3], "Project:1", key="p2", role="lead"),
        link("parent", "Organization:2", "Organization:1", key="parent"),
    ]
    apply_changes(graph, [project("Project:1")], side_links, today=TODAY)
    paths = introduction_paths(graph, GROUP_A[3], "Organization:2", first=5, max_hops=6)
    assert paths
    for path in paths:
        last = path.hops[-1]
        assert last.kind == "affiliation"
        assert graph.nodes[last.source]["type"] == "Person"
        assert "Cambridge Chinese Alumni Association" in last.evidence


# --- property: optimal against brute force -----------------------------------------


@st.composite
def random_networks(draw: st.DrawFn) -> nx.Graph:
    """A few people with ties of random strength, in one or two organisations."""
    n = draw(st.integers(4, 9))
    persons = [f"Person:{i}" for i in range(n)]
    pairs = list(itertools.combinations(persons, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=2, max_size=14, unique=True))
    strengths = st.floats(0.05, 1.0)
    links: list[LinkRecord] = [relationship(a, b, draw(strengths)) for a, b in chosen]
    roles = st.sampled_from(["member", "officer", "president"])
    for association in ("Organization:0", "Organization:1"):
        members = draw(st.lists(st.sampled_from(persons), max_size=6, unique=True))
        links += [affiliation(p, association, draw(roles)) for p in members]
    nodes = [*people(*persons), org("Organization:0"), org("Organization:1")]
    return build_graph(nodes, links, today=TODAY)


def brute_force(
    graph: nx.Graph, source: str, target: str, max_hops: int, banned: set[str]
) -> list[float]:
    costs = []
    for path in nx.all_simple_paths(graph, source, target, cutoff=max_hops):
        if banned & set(path[1:-1]):
            continue
        if target.startswith("Organization") and not any(
            t.kind == "affiliation" for t in graph.edges[path[-2], target]["ties"]
        ):
            continue
        if target.startswith("Organization") and path[-2].startswith("Organization"):
            continue
        costs.append(sum(graph.edges[u, v]["cost"] for u, v in itertools.pairwise(path)))
    return sorted(costs)


@settings(max_examples=300, deadline=None)
@given(
    graph=random_networks(),
    data=st.data(),
    first=st.integers(1, 5),
    max_hops=st.integers(1, 5),
)
def test_paths_are_valid_ordered_distinct_and_as_good_as_brute_force(
    graph: nx.Graph, data: st.DataObject, first: int, max_hops: int
) -> None:
    keys = sorted(graph)
    source = data.draw(st.sampled_from([k for k in keys if k.startswith("Person")]))
    target = data.draw(st.sampled_from(keys))
    assume(source != target)
    avoid = set(data.draw(st.lists(st.sampled_from(keys), max_size=2)))
    hidden = set(data.draw(st.lists(st.sampled_from(keys), max_size=1))) - {source, target}
    paths = introduction_paths(
        graph,
        source,
        target,
        first=first,
        max_hops=max_hops,
        avoid=avoid,
        visible=lambda k: k not in hidden,
    )
    expected = brute_force(graph, source, target, max_hops, (avoid | hidden) - {source, target})
    assert len(paths) == min(first, len(expected))
    assert [p.cost for p in paths] == pytest.approx(expected[: len(paths)])
    assert len({tuple(p.nodes) for p in paths}) == len(paths)
    for path in paths:
        nodes = path.nodes
        assert nodes[0] == source
        assert nodes[-1] == target
        assert len(set(nodes)) == len(nodes)
        assert len(path.hops) <= max_hops
        assert not (set(nodes[1:-1]) & (avoid | hidden))
        assert all(graph.has_edge(u, v) for u, v in itertools.pairwise(nodes))
        assert path.cost == pytest.approx(
            sum(graph.edges[u, v]["cost"] for u, v in itertools.pairwise(nodes))
        )
        assert path.strength == pytest.approx(math.prod(h.strength for h in path.hops))
        assert all(h.evidence for h in path.hops)
