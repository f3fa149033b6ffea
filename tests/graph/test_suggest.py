"""Suggested introductions: people two steps away, ranked, with the reason in words."""

from __future__ import annotations

import networkx as nx

from crm.graph.build import build_graph
from crm.graph.suggest import suggested_introductions
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


def network() -> nx.Graph:
    nodes = [
        person("Person:1", "陈明"),
        person("Person:2", "李伟"),
        person("Person:3", "王芳"),
        person("Person:4", "赵磊"),
        person("Person:5", "刘洋"),
        person("Person:6", "孙丽"),
        *people("Person:7", "Person:8"),
        org("Organization:1", "Cambridge alumni association", member_count=40),
        event("Event:1", "人才招引对接会"),
    ]
    links = [
        relationship("Person:1", "Person:2", 0.8),
        relationship("Person:1", "Person:3", 0.7),
        relationship("Person:1", "Person:4", 0.6),
        relationship("Person:1", "Person:5", 0.6),
        # Person:6 knows four of Person:1's contacts and shares the association
        *(
            relationship(p, "Person:6", 0.7)
            for p in ("Person:2", "Person:3", "Person:4", "Person:5")
        ),
        affiliation("Person:1", "Organization:1"),
        affiliation("Person:6", "Organization:1"),
        # Person:7 only shares the association; Person:8 is already in contact
        affiliation("Person:7", "Organization:1"),
        relationship("Person:2", "Person:8", 0.9),
        link("interaction", "Person:1", "Person:8", occurred_at=TODAY),
        attendance("Person:1", "Event:1"),
        attendance("Person:7", "Event:1"),
    ]
    return build_graph(nodes, links, today=TODAY)


def test_the_person_with_most_contacts_in_common_comes_first_with_the_reason() -> None:
    suggestions = suggested_introductions(network(), "Person:1")
    best = suggestions[0]
    assert best.key == "Person:6"
    assert best.label == "孙丽"
    # 王芳 (two ties) passes on more than 李伟 (three ties), Adamic–Adar style
    assert best.common_contacts[:2] == ("Person:3", "Person:2")
    assert best.shared == ("Organization:1",)
    assert best.reason == (
        "4 contacts in common, incl. 王芳, 李伟; both in Cambridge alumni association"
    )


def test_people_already_in_touch_are_not_suggested() -> None:
    keys = [s.key for s in suggested_introductions(network(), "Person:1")]
    assert "Person:8" not in keys
    assert not {"Person:1", "Person:2", "Person:3"} & set(keys)
    assert keys == ["Person:6", "Person:7"]


def test_shared_memberships_and_events_are_named() -> None:
    suggestions = suggested_introductions(network(), "Person:1")
    reason = {s.key: s.reason for s in suggestions}["Person:7"]
    # the two-person event is a closer circle than the 40-member association
    assert reason == "both attended 人才招引对接会; both in Cambridge alumni association"


def test_first_limits_and_invisible_people_are_left_out() -> None:
    graph = network()
    assert len(suggested_introductions(graph, "Person:1", first=1)) == 1
    hidden = suggested_introductions(graph, "Person:1", visible=lambda k: k != "Person:6")
    assert [s.key for s in hidden] == ["Person:7"]
    assert suggested_introductions(graph, "Person:404") == []
