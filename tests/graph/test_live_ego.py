"""Ego networks on the compact graph are the reference's: same nodes in the same order
(strongest ties first, ties broken by key as a string), same edges, same truncation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crm.graph.build import build_graph
from crm.graph.columns import columns_from_records
from crm.graph.compact_build import build_compact
from crm.graph.ego import ego_network
from crm.graph.live import Edge, LiveGraph
from crm.graph.live_paths import live_ego_network
from crm.graph.records import LinkRecord, NodeRecord
from crm.graph.strength import cost_of
from tests.graph.records import TODAY, affiliation, org, people, relationship
from tests.graph.test_path_join import random_records


@st.composite
def tied_records(draw: st.DrawFn) -> tuple[list[NodeRecord], list[LinkRecord]]:
    """Ids whose string order is not their numeric order ("Person:10" < "Person:9"),
    and few distinct strengths, so ranking often falls to the keys."""
    ids = draw(
        st.lists(st.sampled_from([1, 2, 9, 10, 11, 19, 100, 101, 1000]), min_size=3, unique=True)
    )
    persons = [f"Person:{i}" for i in sorted(set(ids))]
    pairs = [(a, b) for i, a in enumerate(persons) for b in persons[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=12, unique=True))
    links: list[LinkRecord] = [
        relationship(a, b, draw(st.sampled_from([0.5, 0.9]))) for a, b in chosen
    ]
    hubs = ["Organization:3", "Organization:20"]
    for hub in hubs:
        links += [
            affiliation(p, hub) for p in draw(st.lists(st.sampled_from(persons), unique=True))
        ]
    return [*people(*persons), *(org(h) for h in hubs)], links


@settings(max_examples=200, deadline=None)
@given(
    records=st.one_of(random_records(), tied_records()),
    data=st.data(),
    radius=st.integers(1, 3),
    cap=st.integers(1, 12),
)
def test_live_ego_networks_are_the_reference_ones(
    records: tuple[list[NodeRecord], list[LinkRecord]],
    data: st.DataObject,
    radius: int,
    cap: int,
) -> None:
    reference = build_graph(*records, today=TODAY)
    live = LiveGraph(build_compact(columns_from_records(*records), today=TODAY))
    key = data.draw(st.sampled_from(sorted(reference)))
    hidden = set(data.draw(st.lists(st.sampled_from(sorted(reference)), max_size=2))) - {key}
    expected = ego_network(
        reference, key, radius=radius, max_nodes=cap, visible=lambda k: k not in hidden
    )
    mine = live_ego_network(
        live, key, radius=radius, max_nodes=cap, visible=lambda k: k not in hidden
    )
    assert [(n.key, n.distance, n.label, n.size) for n in mine.nodes] == [
        (n.key, n.distance, n.label, n.size) for n in expected.nodes
    ]
    assert {(e.source, e.target, e.kind) for e in mine.edges} == {
        (e.source, e.target, e.kind) for e in expected.edges
    }
    assert mine.truncated == expected.truncated


@settings(max_examples=100, deadline=None)
@given(records=random_records(), data=st.data())
def test_live_ego_networks_read_the_edges_changed_since_the_snapshot(
    records: tuple[list[NodeRecord], list[LinkRecord]], data: st.DataObject
) -> None:
    """An edge set after the snapshot is drawn; a removed one is not."""
    live = LiveGraph(build_compact(columns_from_records(*records), today=TODAY))
    nodes = list(live.nodes())
    u, v = data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
    strength = data.draw(st.one_of(st.none(), st.floats(0.05, 1.0)))
    live.set_edge(u, v, None if strength is None else Edge(strength, cost_of(strength), 8, 1 << 8))
    drawn = live_ego_network(live, live.key(u), radius=1, max_nodes=100)
    keys = {n.key for n in drawn.nodes}
    assert (live.key(v) in keys) == (strength is not None)
    if strength is not None:
        assert any(
            {e.source, e.target} == {live.key(u), live.key(v)} and e.strength == strength
            for e in drawn.edges
        )
