"""The whole-network metrics a graph export carries, so Gephi or Cytoscape can size and
colour the nodes without computing anything: PageRank, betweenness and the community.

They are the metrics `crm analyze` (or the background worker) stored, when those were
computed at the graph revision being exported; otherwise they are computed on the
exported graph, with the same functions (crm.graph.metrics).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import metrics as q
from crm.graph.metrics import MetricValues, compute_metrics
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT

__all__ = ["EXPORTED_METRICS", "ExportMetrics", "add_metrics", "export_metrics"]

#: the node attributes an export gains (community: the Louvain community's number)
EXPORTED_METRICS: Final = ("pagerank", "betweenness", "community")
_TYPES: Final = {t.lower(): t for t in (PERSON, ORGANIZATION, EVENT, PROJECT)}


@dataclass(frozen=True)
class ExportMetrics:
    values: MetricValues
    #: the graph revision stored metrics were computed at; None: computed for the export
    stored_at: int | None


async def export_metrics(session: AsyncSession, graph: nx.Graph, revision: int) -> ExportMetrics:
    """The metrics of `graph` (read at `revision`): stored ones if they are that current."""
    run = await q.latest_run(session)
    if run is not None and run.graph_revision == revision:
        values: MetricValues = {}
        for name in EXPORTED_METRICS:
            rows = await q.all_values(session, name)
            values[name] = {f"{_TYPES[t]}:{i}": v for t, i, v in rows if t in _TYPES}
        if all(values.values()) or graph.number_of_nodes() == 0:
            return ExportMetrics(values, revision)
    computed = await asyncio.to_thread(compute_metrics, graph)
    return ExportMetrics({name: computed.get(name, {}) for name in EXPORTED_METRICS}, None)


def add_metrics(graph: nx.Graph, values: MetricValues) -> None:
    """Put the metrics on the nodes' attributes (`attrs`, which an export flattens)."""
    for name in EXPORTED_METRICS:
        for key, value in values.get(name, {}).items():
            if key in graph:
                attrs = dict(graph.nodes[key].get("attrs", {}))
                attrs[name] = int(value) if name == "community" else value
                graph.nodes[key]["attrs"] = attrs
