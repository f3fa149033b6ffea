"""Edges derived in memory: a hub's member edges rescaled only where that is exact."""

from __future__ import annotations

import math

import pytest

from crm.graph.columns import columns_from_records
from crm.graph.compact import KIND_BIT
from crm.graph.compact_build import build_compact
from crm.graph.live import Edge, LiveGraph
from crm.graph.strength import MIN_STRENGTH, cost_of
from crm.network.memory_edges import rescale_members
from tests.graph.records import TODAY, affiliation, org, people

MEMBERS = [f"Person:{i}" for i in range(1, 6)]


def _hub() -> tuple[LiveGraph, int]:
    records = [*people(*MEMBERS), org("Organization:1")]
    links = [affiliation(p, "Organization:1") for p in MEMBERS]
    live = LiveGraph(build_compact(columns_from_records(records, links), today=TODAY))
    hub = live.index("Organization:1")
    assert hub is not None
    return live, hub


def _member(live: LiveGraph, key: str) -> int:
    i = live.index(key)
    assert i is not None
    return i


def test_a_membership_edge_scales_with_the_square_root_of_the_size_factor() -> None:
    live, hub = _hub()
    member = _member(live, "Person:1")
    before = live.edge(hub, member)
    assert before is not None
    assert rescale_members(live, hub, 5, 5_000) == set()
    after = live.edge(hub, member)
    assert after is not None
    # member role 0.5: √(0.5 / ln(e − 1 + n))
    assert before.strength == pytest.approx((0.5 / math.log(math.e + 4)) ** 0.5, rel=1e-12)
    assert after.strength == pytest.approx(
        (0.5 / math.log(math.e + 4_999)) ** 0.5,
        rel=1e-12,
    )
    assert after.cost == pytest.approx(cost_of(after.strength), rel=1e-12)


@pytest.mark.parametrize("clamped", [1.0, MIN_STRENGTH])
def test_a_clamped_membership_edge_is_left_to_re_read(clamped: float) -> None:
    live, hub = _hub()
    member = _member(live, "Person:2")
    edge = Edge(clamped, cost_of(clamped), 0, KIND_BIT["affiliation"])
    live.set_edge(hub, member, edge)
    assert rescale_members(live, hub, 5, 5_000) == {tuple(sorted((hub, member)))}
    assert live.edge(hub, member) == edge
