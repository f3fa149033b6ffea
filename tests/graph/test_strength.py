"""The tie-strength model: each fact moves a tie the way docs/analysis.md says."""

from __future__ import annotations

import math
from datetime import date

import pytest

from crm.graph.build import build_graph
from crm.graph.records import LinkRecord
from crm.graph.strength import HOP_COST, cost_of, edge_strength, edge_ties, size_factor
from tests.graph.records import (
    TODAY,
    affiliation,
    attendance,
    event,
    link,
    org,
    people,
    person,
    relationship,
)


def strength_of(links: list[LinkRecord]) -> float:
    """The strength of the edge Person:1–Person:2 that `links` make."""
    graph = build_graph(people("Person:1", "Person:2", "Person:3"), links, today=TODAY)
    return float(graph.edges["Person:1", "Person:2"]["strength"])


def test_size_factor_is_one_for_a_single_member_and_falls_like_one_over_log() -> None:
    assert size_factor(1) == pytest.approx(1.0)
    assert size_factor(20) == pytest.approx(1 / math.log(math.e + 19))
    assert size_factor(5) > size_factor(20) > size_factor(5000) > 0


def test_a_shared_membership_of_a_huge_association_is_weaker_than_of_a_small_board() -> None:
    small, huge = org("Organization:1", member_count=20), org("Organization:2", member_count=5000)
    links = [affiliation("Person:1", "Organization:1"), affiliation("Person:1", "Organization:2")]
    graph = build_graph([*people("Person:1"), small, huge], links, today=TODAY)
    board = graph.edges["Person:1", "Organization:1"]["strength"]
    association = graph.edges["Person:1", "Organization:2"]["strength"]
    assert board > association
    # two members through the hub: the product is role · size factor (Adamic–Adar-like)
    assert board**2 == pytest.approx(0.5 * size_factor(20))


def test_observed_members_count_when_more_than_declared() -> None:
    links = [affiliation(f"Person:{i}", "Organization:1") for i in range(1, 4)]
    graph = build_graph(
        [*people("Person:1", "Person:2", "Person:3"), org("Organization:1", member_count=2)],
        links,
        today=TODAY,
    )
    assert graph.nodes["Organization:1"]["size"] == 3


@pytest.mark.parametrize("role", ["officer", "president", "founder"])
def test_officers_are_tied_more_strongly_than_members(role: str) -> None:
    links = [
        affiliation("Person:1", "Organization:1"),
        affiliation("Person:2", "Organization:1", role),
    ]
    graph = build_graph(
        [*people("Person:1", "Person:2"), org("Organization:1")], links, today=TODAY
    )
    member = graph.edges["Person:1", "Organization:1"]["strength"]
    assert graph.edges["Person:2", "Organization:1"]["strength"] > member


def test_a_membership_that_ended_long_ago_decays_toward_a_floor() -> None:
    current = affiliation("Person:1", "Organization:1")
    old = affiliation("Person:2", "Organization:1", ends_on=date(1995, 1, 1))
    graph = build_graph(
        [*people("Person:1", "Person:2"), org("Organization:1")], [current, old], today=TODAY
    )
    now, then = (graph.edges[p, "Organization:1"]["strength"] for p in ("Person:1", "Person:2"))
    assert now > then >= now * math.sqrt(0.5)


def test_recorded_relationship_strength_is_used_as_is_when_undated() -> None:
    assert strength_of([relationship("Person:1", "Person:2", 0.8)]) == pytest.approx(0.8)


def test_an_old_tie_decays_toward_a_floor_and_recent_contact_restores_it() -> None:
    old = relationship("Person:1", "Person:2", 0.8, since=date(2005, 1, 1))
    decayed = strength_of([old])
    assert 0.8 * 0.5 < decayed < 0.8
    contact = link("interaction", "Person:1", "Person:2", occurred_at=date(2025, 5, 1))
    refreshed = build_graph(people("Person:1", "Person:2"), [old, contact], today=TODAY)
    ties = {t.kind: t.strength for t in refreshed.edges["Person:1", "Person:2"]["ties"]}
    assert ties["relationship"] > decayed


def test_family_ties_keep_most_of_their_strength() -> None:
    family = relationship("Person:1", "Person:2", 0.9, kind="family", since=date(1980, 1, 1))
    friend = relationship("Person:1", "Person:3", 0.9, kind="friend", since=date(1980, 1, 1))
    graph = build_graph(people("Person:1", "Person:2", "Person:3"), [family, friend], today=TODAY)
    assert (
        graph.edges["Person:1", "Person:2"]["strength"]
        > graph.edges["Person:1", "Person:3"]["strength"]
    )


def test_repeated_interactions_strengthen_up_to_a_cap() -> None:
    def meetings(n: int) -> list[LinkRecord]:
        return [
            link("interaction", "Person:1", "Person:2", key=f"i{i}", occurred_at=date(2025, 5, 1))
            for i in range(n)
        ]

    one, three, many = (strength_of(meetings(n)) for n in (1, 3, 40))
    assert one < three < many <= 0.9


def test_a_made_introduction_creates_a_tie_and_a_requested_one_does_not() -> None:
    made = link("introduction", "Person:1", "Person:2", status="made", made_on=date(2025, 5, 1))
    asked = link("introduction", "Person:1", "Person:3", status="requested")
    graph = build_graph(people("Person:1", "Person:2", "Person:3"), [made, asked], today=TODAY)
    assert graph.has_edge("Person:1", "Person:2")
    assert not graph.has_edge("Person:1", "Person:3")


def test_attending_a_large_event_is_a_weak_tie() -> None:
    big = [attendance(f"Person:{i}", "Event:1") for i in range(1, 1001)]
    small = [attendance(f"Person:{i}", "Event:2") for i in range(1, 6)]
    nodes = [*(person(f"Person:{i}") for i in range(1, 1001)), event("Event:1"), event("Event:2")]
    graph = build_graph(nodes, [*big, *small], today=TODAY)
    through_big = graph.edges["Person:1", "Event:1"]["strength"] ** 2
    through_small = graph.edges["Person:1", "Event:2"]["strength"] ** 2
    assert through_big < 0.1 < through_small


def test_studying_together_ties_a_cohort_and_decades_apart_does_not() -> None:
    same_time = [
        affiliation(
            "Person:1",
            "Organization:1",
            "alumnus",
            starts_on=date(2010, 9, 1),
            field_of_study="physics",
        ),
        affiliation(
            "Person:2",
            "Organization:1",
            "alumnus",
            starts_on=date(2011, 9, 1),
            field_of_study="Physics",
        ),
        affiliation(
            "Person:3",
            "Organization:1",
            "alumnus",
            starts_on=date(1985, 9, 1),
            field_of_study="physics",
        ),
    ]
    graph = build_graph(
        [*people("Person:1", "Person:2", "Person:3"), org("Organization:1", member_count=5000)],
        same_time,
        today=TODAY,
    )
    assert graph.edges["Person:1", "Person:2"]["kind"] == "cohort"
    assert not graph.has_edge("Person:1", "Person:3")
    via_org = graph.edges["Person:1", "Organization:1"]["strength"] ** 2
    assert graph.edges["Person:1", "Person:2"]["strength"] > via_org


def test_kinds_combine_by_noisy_or_and_one_kind_counts_once() -> None:
    friend = relationship("Person:1", "Person:2", 0.5)
    colleague = relationship("Person:1", "Person:2", 0.5, kind="colleague")
    intro = link("introduction", "Person:1", "Person:2", status="made")
    assert strength_of([friend, colleague]) == pytest.approx(0.5)
    assert strength_of([friend, intro]) == pytest.approx(1 - 0.5 * 0.5)


def test_every_edge_has_strength_in_range_cost_and_its_facts() -> None:
    links = [relationship("Person:1", "Person:2", 0.0), relationship("Person:2", "Person:3", 1.0)]
    graph = build_graph(people("Person:1", "Person:2", "Person:3"), links, today=TODAY)
    for _, _, data in graph.edges(data=True):
        assert 0 < data["strength"] <= 1
        assert data["cost"] == pytest.approx(-math.log(data["strength"]) + HOP_COST)
        assert data["ties"]


def test_edge_ties_are_strongest_first() -> None:
    links = [
        relationship("Person:1", "Person:2", 0.2),
        link("introduction", "Person:1", "Person:2", status="made"),
    ]
    ties = edge_ties(links, hubs={}, today=TODAY)
    assert [t.kind for t in ties] == ["introduction", "relationship"]
    assert edge_strength(ties) == pytest.approx(1 - 0.8 * 0.5)
    assert cost_of(1.0) == pytest.approx(HOP_COST)


def test_an_unknown_link_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown link kind"):
        build_graph(
            people("Person:1", "Person:2"), [link("gossip", "Person:1", "Person:2")], today=TODAY
        )
