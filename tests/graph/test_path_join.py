"""The join of halves from both ends finds the paths of the networkx reference and of
the hop-bounded Yen search, on random graphs and on graphs changed since the snapshot."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crm.graph.build import build_graph
from crm.graph.columns import columns_from_records
from crm.graph.compact_build import build_compact
from crm.graph.live import Edge, LiveGraph
from crm.graph.live_paths import live_paths, yen_paths
from crm.graph.path_join import joined_paths
from crm.graph.paths import introduction_paths
from crm.graph.records import LinkRecord, NodeRecord
from crm.graph.strength import cost_of
from tests.graph.records import TODAY, affiliation, attendance, event, org, people, relationship


@st.composite
def random_records(draw: st.DrawFn) -> tuple[list[NodeRecord], list[LinkRecord]]:
    """People with ties of random strength, in organisations and at an event."""
    n = draw(st.integers(3, 12))
    persons = [f"Person:{i}" for i in range(n)]
    pairs = list(itertools.combinations(persons, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=24, unique=True))
    strengths = st.floats(0.05, 1.0)
    links: list[LinkRecord] = [relationship(a, b, draw(strengths)) for a, b in chosen]
    roles = st.sampled_from(["member", "officer", "president", "alumnus"])
    hubs = ["Organization:0", "Organization:1", "Organization:2"]
    for hub in hubs:
        members = draw(st.lists(st.sampled_from(persons), max_size=7, unique=True))
        links += [affiliation(p, hub, draw(roles)) for p in members]
    guests = draw(st.lists(st.sampled_from(persons), max_size=5, unique=True))
    links += [attendance(p, "Event:0") for p in guests]
    nodes = [*people(*persons), *(org(h) for h in hubs), event("Event:0")]
    return nodes, links


@settings(max_examples=250, deadline=None)
@given(
    records=random_records(),
    data=st.data(),
    first=st.integers(1, 5),
    max_hops=st.integers(1, 4),
)
def test_joined_paths_cost_what_the_reference_paths_cost(
    records: tuple[list[NodeRecord], list[LinkRecord]],
    data: st.DataObject,
    first: int,
    max_hops: int,
) -> None:
    reference = build_graph(*records, today=TODAY)
    live = LiveGraph(build_compact(columns_from_records(*records), today=TODAY))
    keys = sorted(reference)
    source = data.draw(st.sampled_from(keys))
    target = data.draw(st.sampled_from(keys))
    assume(source != target)
    avoid = set(data.draw(st.lists(st.sampled_from(keys), max_size=2)))
    expected = introduction_paths(
        reference, source, target, first=first, max_hops=max_hops, avoid=avoid
    )
    found = live_paths(live, source, target, first=first, max_hops=max_hops, avoid=avoid)
    assert [p.cost for p in found] == pytest.approx([p.cost for p in expected], rel=1e-9)
    assert len({tuple(p.nodes) for p in found}) == len(found)
    for path in found:
        nodes = path.nodes
        assert (nodes[0], nodes[-1]) == (source, target)
        assert len(set(nodes)) == len(nodes)
        assert len(path.hops) <= max_hops
        assert not set(nodes[1:-1]) & avoid
        assert all(reference.has_edge(u, v) for u, v in itertools.pairwise(nodes))
        assert path.cost == pytest.approx(
            sum(reference.edges[u, v]["cost"] for u, v in itertools.pairwise(nodes))
        )
        assert path.strength == pytest.approx(
            math.prod(reference.edges[u, v]["strength"] for u, v in itertools.pairwise(nodes))
        )


@settings(max_examples=200, deadline=None)
@given(records=random_records(), data=st.data(), max_hops=st.integers(1, 4))
def test_joined_paths_on_a_changed_graph_are_the_yen_search_paths(
    records: tuple[list[NodeRecord], list[LinkRecord]], data: st.DataObject, max_hops: int
) -> None:
    """Edges set or removed after the snapshot, and a node added: both searches read the
    same overlay."""
    live = LiveGraph(build_compact(columns_from_records(*records), today=TODAY))
    added = live.add_node(0, 1000, "Person:1000")
    nodes = list(live.nodes())
    for _ in range(data.draw(st.integers(0, 6))):
        u, v = data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
        strength = data.draw(st.one_of(st.none(), st.floats(0.05, 1.0)))
        edge = None if strength is None else Edge(strength, cost_of(strength), 8, 1 << 8)
        live.set_edge(u, v, edge)
    ends = st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True)
    source, target = data.draw(ends)
    avoid = set(data.draw(st.lists(st.sampled_from(nodes), max_size=2))) - {added}
    joined = joined_paths(live, source, target, first=4, max_hops=max_hops, avoid=avoid)
    searched = list(
        itertools.islice(yen_paths(live, source, target, max_hops=max_hops, avoid=avoid), 4)
    )
    assert [c for c, _ in joined] == pytest.approx([c for c, _ in searched], rel=1e-9)
    for cost, path in joined:
        assert (path[0], path[-1]) == (source, target)
        assert len(set(path)) == len(path)
        steps = [live.edge(u, v) for u, v in itertools.pairwise(path)]
        assert all(step is not None for step in steps)
        assert cost == pytest.approx(sum(step.cost for step in steps if step is not None))


def test_a_bound_beyond_the_join_is_refused() -> None:
    live = LiveGraph(build_compact(columns_from_records(*random_example()), today=TODAY))
    with pytest.raises(ValueError, match="max_hops must be 1 to 4"):
        joined_paths(live, 0, 1, first=3, max_hops=5, avoid=set())


def test_five_hops_still_find_the_reference_paths() -> None:
    """Past the join's four hops live_paths uses the Yen search: a five-hop chain."""
    chain = [f"Person:{i}" for i in range(6)]
    links = [relationship(a, b, 0.9) for a, b in itertools.pairwise(chain)]
    records = (people(*chain), links)
    live = LiveGraph(build_compact(columns_from_records(*records), today=TODAY))
    found = live_paths(live, chain[0], chain[-1], max_hops=5)
    assert [p.nodes for p in found] == [chain]
    assert live_paths(live, chain[0], chain[-1], max_hops=4) == []


def random_example() -> tuple[list[NodeRecord], list[LinkRecord]]:
    persons = [f"Person:{i}" for i in range(4)]
    return people(*persons), [relationship(a, b, 0.5) for a, b in itertools.pairwise(persons)]
