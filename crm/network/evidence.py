"""Evidence for paths found on the compact graph, written from the database's rows.

The arrays hold strengths, not facts. For the few hops of a path, the rows behind them
are read in one statement (crm.db.queries.evidence_rows: the paths' nodes, every link
among them of the kinds the hops carry, and the alumni studies of people tied by a
cohort), turned into records, and weighed into a small reference graph with each hub's
size from the compact graph, so `crm.graph.evidence.hop_evidence` writes the same
sentences as on the reference graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries.evidence_rows import evidence_rows
from crm.graph.build import build_graph
from crm.graph.compact import KINDS
from crm.graph.evidence import hop_evidence
from crm.graph.live import LiveGraph
from crm.graph.live_paths import PathFound
from crm.graph.paths import Hop, Path
from crm.graph.records import NodeRecord
from crm.network.catch_up import NODE_TABLES
from crm.network.source import records_of

__all__ = ["paths_with_evidence"]

_TABLE_OF = {type_name: table for table, type_name in NODE_TABLES.items()}


async def paths_with_evidence(
    session: AsyncSession, live: LiveGraph, found: Sequence[PathFound], *, today: date
) -> list[Path]:
    """The paths with each hop's evidence sentence (strengths and kinds as found).

    One SQL statement whatever the number of paths and hops (none without a path).
    """
    if not found:
        return []
    among: dict[str, set[int]] = defaultdict(set)
    for key in {key for path in found for key in path.nodes}:
        type_name, _, raw = key.partition(":")
        among[_TABLE_OF[type_name]].add(int(raw))
    cohort_people = {
        int(key.partition(":")[2])
        for path in found
        for (kind, _), pair in zip(
            path.hops, zip(path.nodes, path.nodes[1:], strict=False), strict=True
        )
        if kind == "cohort"
        for key in pair
    }
    rows = await evidence_rows(session, among, _tables_behind(live, found), cohort_people)
    nodes, links = records_of(rows)
    graph = build_graph([_sized(node, live) for node in nodes], links, today=today)
    return [_with_evidence(graph, path, today) for path in found]


#: the table whose rows make each kind of tie (cohorts: alumni affiliations, read apart)
_KIND_TABLE = {
    "affiliation": "affiliation",
    "agreement_party": "agreement",
    "attendance": "attendance",
    "interaction": "interaction",
    "introduction": "introduction",
    "participation": "participation",
    "relationship": "relationship",
}


def _tables_behind(live: LiveGraph, found: Sequence[PathFound]) -> set[str]:
    """The tables whose rows make the ties of the paths' hops (what their edges hold)."""
    tables = set()
    for path in found:
        for u, v in zip(path.nodes, path.nodes[1:], strict=False):
            a, b = live.index(u), live.index(v)
            edge = live.edge(a, b) if a is not None and b is not None else None
            mask = edge.kinds if edge is not None else (1 << len(KINDS)) - 1
            tables |= {
                _KIND_TABLE[k] for i, k in enumerate(KINDS) if mask >> i & 1 and k in _KIND_TABLE
            }
    return tables


def _sized(node: NodeRecord, live: LiveGraph) -> NodeRecord:
    """The node with its hub size as the whole network counts it."""
    i = live.index(node.key)
    if i is None or node.type == "Person":
        return node
    return NodeRecord(node.key, node.type, node.label, {**node.attrs, "member_count": live.size(i)})


def _with_evidence(graph: nx.Graph, path: PathFound, today: date) -> Path:
    hops = []
    for i, ((kind, strength), source, target) in enumerate(
        zip(path.hops, path.nodes, path.nodes[1:], strict=False)
    ):
        try:
            evidence = hop_evidence(graph, path.nodes, i, today)
        except KeyError:  # the rows changed since the graph was read: say what is known
            evidence = kind
        hops.append(Hop(source, target, kind, strength, evidence))
    return Path(cost=path.cost, strength=path.strength, hops=hops)
