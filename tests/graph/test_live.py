"""The live graph's reads (gather, row, steps, edge) agree on every change made since the
snapshot, however interleaved: edges set, nodes added and removed, hubs rescaled."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.graph.columns import columns_from_records
from crm.graph.compact_build import build_compact
from crm.graph.live import Edge, LiveGraph
from crm.graph.records import LinkRecord, NodeRecord
from crm.graph.strength import cost_of
from crm.network.memory_edges import rescale_members
from tests.graph.records import TODAY
from tests.graph.test_path_join import random_records

FIELDS = ("cost", "strength", "kind", "kinds")


def _gathered(live: LiveGraph, nodes: list[int]) -> dict[tuple[int, int], tuple[float, ...]]:
    found = live.gather(np.array(nodes, dtype=np.int64), FIELDS)
    columns = [found.fields[name].tolist() for name in FIELDS]
    return {
        (nodes[o], v): values
        for o, v, *values in zip(
            found.origin.tolist(), found.neighbors.tolist(), *columns, strict=True
        )
    }


def _expected(live: LiveGraph, nodes: list[int]) -> dict[tuple[int, int], tuple[float, ...]]:
    return {
        (u, v): [getattr(edge, name) for name in FIELDS]
        for u in nodes
        for v, edge in live.row(u).items()
    }


@settings(max_examples=100, deadline=None)
@given(records=random_records(), data=st.data())
def test_gather_reads_the_rows_changed_between_gathers(
    records: tuple[list[NodeRecord], list[LinkRecord]], data: st.DataObject
) -> None:
    live = LiveGraph(build_compact(columns_from_records(*records), today=TODAY))
    for step in range(data.draw(st.integers(1, 12))):
        nodes = list(live.nodes())
        action = data.draw(st.sampled_from(["edge", "edge", "add", "remove", "scale"]))
        if action == "edge" and len(nodes) > 1:
            u, v = data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
            strength = data.draw(st.one_of(st.none(), st.floats(0.05, 1.0)))
            edge = None if strength is None else Edge(strength, cost_of(strength), 8, 1 << 8)
            live.set_edge(u, v, edge)
        elif action == "add":
            new = live.add_node(0, 10_000 + step, f"新人{step}")
            live.set_edge(
                new, data.draw(st.sampled_from(nodes)), Edge(0.5, cost_of(0.5), 8, 1 << 8)
            )
        elif action == "remove" and len(nodes) > 2:
            live.remove_node(data.draw(st.sampled_from(nodes)))
        elif action == "scale":
            hubs = [i for i in nodes if live.type_name(i) != "Person"]
            if hubs:  # a hub's weighed size moves: its members' edges read scaled
                hub = data.draw(st.sampled_from(hubs))
                after = data.draw(st.integers(1, 5_000))
                rescale_members(live, hub, max(live.size(hub), 1), after)
                live.sizes[hub] = after
        nodes = list(live.nodes())
        # every row, so that each changed one is kept as arrays before it changes again
        assert _gathered(live, nodes) == _expected(live, nodes)
        for u in nodes:
            row = live.row(u)
            neighbours, costs = live.steps(u)
            assert dict(zip(neighbours, costs, strict=True)) == {v: e.cost for v, e in row.items()}
            assert all(live.edge(u, v) == edge for v, edge in row.items())
