"""Building the network: merged edges, exclusions, and incremental updates equal a rebuild."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.graph.build import apply_changes, build_graph
from crm.graph.records import LinkRecord, NodeRecord
from tests.graph.records import TODAY, affiliation, link, org, people, person, relationship


def snapshot(graph: nx.Graph) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    nodes = {key: dict(data) for key, data in graph.nodes(data=True)}
    edges = {
        tuple(sorted((u, v))): (data["strength"], data["cost"], data["kind"], data["ties"])
        for u, v, data in graph.edges(data=True)
    }
    return nodes, edges


def test_links_between_one_pair_merge_into_one_edge_keeping_every_fact() -> None:
    links = [
        relationship("Person:1", "Person:2", 0.6, kind="classmate"),
        link("interaction", "Person:2", "Person:1", key="i1", occurred_at=date(2025, 1, 2)),
        link("interaction", "Person:1", "Person:2", key="i2", occurred_at=date(2025, 3, 2)),
    ]
    graph = build_graph(people("Person:1", "Person:2"), links, today=TODAY)
    assert graph.number_of_edges() == 1
    edge = graph.edges["Person:1", "Person:2"]
    assert sorted(t.link.key for t in edge["ties"]) == [
        "i1",
        "i2",
        "relationship:Person:1:Person:2:classmate",
    ]
    assert edge["kind"] == "relationship"
    assert edge["strength"] > 0.6


def test_nodes_carry_type_label_and_attributes() -> None:
    graph = build_graph([person("Person:1", "李伟", country="GB")], [], today=TODAY)
    assert graph.nodes["Person:1"] == {
        "type": "Person",
        "label": "李伟",
        "attrs": {"name": "李伟", "country": "GB"},
    }


def test_excluded_people_are_left_out_with_their_links() -> None:
    links = [relationship("Person:1", "Person:2"), relationship("Person:2", "Person:3")]
    graph = build_graph(
        people("Person:1", "Person:2", "Person:3"), links, today=TODAY, exclude={"Person:2"}
    )
    assert "Person:2" not in graph
    assert graph.number_of_edges() == 0


def test_a_link_waits_for_its_missing_end_and_attaches_when_it_arrives() -> None:
    graph = build_graph(people("Person:1"), [relationship("Person:1", "Person:2")], today=TODAY)
    assert graph.number_of_edges() == 0
    apply_changes(graph, upserts_nodes=[person("Person:2")], today=TODAY)
    assert graph.has_edge("Person:1", "Person:2")


def test_removing_a_node_removes_its_links_for_good() -> None:
    graph = build_graph(
        people("Person:1", "Person:2"), [relationship("Person:1", "Person:2")], today=TODAY
    )
    apply_changes(graph, removed_nodes=["Person:2"], today=TODAY)
    apply_changes(graph, upserts_nodes=[person("Person:2")], today=TODAY)
    assert not graph.has_edge("Person:1", "Person:2")


def test_a_new_member_weakens_the_other_members_ties_to_the_organisation() -> None:
    nodes = [*people("Person:1", "Person:2"), org("Organization:1")]
    graph = build_graph(nodes, [affiliation("Person:1", "Organization:1")], today=TODAY)
    before = graph.edges["Person:1", "Organization:1"]["strength"]
    apply_changes(graph, upserts_links=[affiliation("Person:2", "Organization:1")], today=TODAY)
    assert graph.edges["Person:1", "Organization:1"]["strength"] < before


def test_a_new_day_recomputes_every_recency_factor() -> None:
    old = relationship("Person:1", "Person:2", 0.8, since=date(2024, 1, 1))
    graph = build_graph(people("Person:1", "Person:2"), [old], today=TODAY)
    later = TODAY + timedelta(days=3650)
    apply_changes(graph, today=later)
    assert snapshot(graph) == snapshot(
        build_graph(people("Person:1", "Person:2"), [old], today=later)
    )


# --- incremental updates equal a rebuild (property) ---------------------------------

PERSONS = [f"Person:{i}" for i in range(6)]
ORGS = [f"Organization:{i}" for i in range(3)]
EVENTS = ["Event:0", "Event:1"]
PROJECTS = ["Project:0"]
NODES = PERSONS + ORGS + EVENTS + PROJECTS
LINK_KEYS = [f"L{i}" for i in range(20)]
days = st.integers(0, 40 * 365).map(lambda d: date(1990, 1, 1) + timedelta(days=d))
#: study years close together, so that cohorts form
study_days = st.integers(0, 8 * 365).map(lambda d: date(2005, 9, 1) + timedelta(days=d))


@st.composite
def node_records(draw: st.DrawFn, key: str) -> NodeRecord:
    kind = key.partition(":")[0]
    attrs: dict[str, object] = {"name": key}
    if kind == "Organization":
        attrs["member_count"] = draw(st.sampled_from([0, 3, 50, 5000]))
    if kind == "Event":
        attrs["starts_on"] = draw(days)
    return NodeRecord(key, kind, key, attrs)


@st.composite
def link_records(draw: st.DrawFn) -> LinkRecord:
    key = draw(st.sampled_from(LINK_KEYS))
    kind = draw(
        st.sampled_from(
            [
                "relationship",
                "interaction",
                "introduction",
                "affiliation",
                "affiliation",
                "affiliation",
                "attendance",
                "participation",
                "agreement_party",
                "parent",
            ]
        )
    )
    p, q = draw(st.sampled_from(PERSONS)), draw(st.sampled_from(PERSONS))
    if kind == "relationship":
        facts = {
            "kind": draw(st.sampled_from(["friend", "family"])),
            "strength": draw(st.floats(0, 1)),
            "since": draw(days),
        }
        return LinkRecord(p, q, kind, facts, key)
    if kind == "interaction":
        return LinkRecord(p, q, kind, {"occurred_at": draw(days)}, key)
    if kind == "introduction":
        target = draw(st.sampled_from(PERSONS + ORGS))
        facts = {
            "status": draw(st.sampled_from(["made", "requested", "outcome"])),
            "made_on": draw(days),
        }
        return LinkRecord(p, target, kind, facts, key)
    if kind == "affiliation":
        start = draw(study_days)
        facts = {
            "role": draw(st.sampled_from(["member", "officer", "alumnus", "alumnus"])),
            "starts_on": start,
            "ends_on": draw(st.none() | st.just(start + timedelta(days=1500))),
            "field_of_study": draw(st.sampled_from(["", "physics"])),
        }
        return LinkRecord(p, draw(st.sampled_from(ORGS)), kind, facts, key)
    if kind == "attendance":
        return LinkRecord(p, draw(st.sampled_from(EVENTS)), kind, {"role": "speaker"}, key)
    if kind == "participation":
        party = draw(st.sampled_from(PERSONS + ORGS))
        return LinkRecord(party, "Project:0", kind, {"role": "lead"}, key)
    if kind == "agreement_party":
        a, b = draw(st.sampled_from(PERSONS + ORGS)), draw(st.sampled_from(PERSONS + ORGS))
        return LinkRecord(a, b, kind, {"status": "signed", "signed_on": draw(days)}, key)
    return LinkRecord(draw(st.sampled_from(ORGS)), draw(st.sampled_from(ORGS)), kind, {}, key)


@dataclass
class Batch:
    upserts_nodes: list[NodeRecord] = field(default_factory=list)
    upserts_links: list[LinkRecord] = field(default_factory=list)
    removed_nodes: list[str] = field(default_factory=list)
    removed_links: list[str] = field(default_factory=list)


@st.composite
def batches(draw: st.DrawFn) -> Batch:
    keys = draw(st.lists(st.sampled_from(NODES), max_size=4, unique=True))
    return Batch(
        upserts_nodes=[draw(node_records(k)) for k in keys],
        upserts_links=draw(st.lists(link_records(), max_size=5)),
        removed_nodes=draw(st.lists(st.sampled_from(NODES), max_size=2)),
        removed_links=draw(st.lists(st.sampled_from(LINK_KEYS), max_size=3)),
    )


def apply_to_records(
    nodes: dict[str, NodeRecord], links: dict[str, LinkRecord], batch: Batch
) -> None:
    for key in batch.removed_links:
        links.pop(key, None)
    for key in batch.removed_nodes:
        nodes.pop(key, None)
        for identity in [i for i, k in links.items() if key in (k.source, k.target)]:
            del links[identity]
    nodes.update((n.key, n) for n in batch.upserts_nodes)
    links.update((k.identity, k) for k in batch.upserts_links)


@settings(max_examples=150, deadline=None)
@given(
    initial_nodes=st.sets(st.sampled_from(NODES), max_size=4).flatmap(
        lambda missing: st.tuples(*(node_records(k) for k in NODES if k not in missing))
    ),
    initial_links=st.lists(link_records(), min_size=4, max_size=16),
    changes=st.lists(batches(), min_size=1, max_size=4),
    exclude=st.sets(st.sampled_from(PERSONS), max_size=1),
)
def test_incremental_changes_give_the_graph_a_rebuild_gives(
    initial_nodes: tuple[NodeRecord, ...],
    initial_links: list[LinkRecord],
    changes: list[Batch],
    exclude: set[str],
) -> None:
    nodes = {n.key: n for n in initial_nodes}
    links = {k.identity: k for k in initial_links}
    graph = build_graph(nodes.values(), links.values(), today=TODAY, exclude=exclude)
    for batch in changes:
        apply_changes(
            graph,
            batch.upserts_nodes,
            batch.upserts_links,
            batch.removed_nodes,
            batch.removed_links,
            today=TODAY,
        )
        apply_to_records(nodes, links, batch)
        rebuilt = build_graph(nodes.values(), links.values(), today=TODAY, exclude=exclude)
        assert snapshot(graph) == snapshot(rebuilt)
