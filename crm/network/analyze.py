"""`crm analyze`: compute the whole-network metrics and store them with the revision.

PageRank, eigenvector centrality, weighted degree, betweenness, Burt's constraint,
effective size and the Louvain community of every node (crm.graph.metrics) are too
slow to compute inside a request on a large network, so a job computes them and
stores them in `computed_metric`, each row tagged with the graph revision it was
computed from. Rankings and `people(orderBy: …)` read them from there, and say when
they were computed and whether the network changed since.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.queries import metrics as q
from crm.db.revision import current_revision
from crm.db.types import utcnow
from crm.graph.build import build_graph
from crm.graph.metrics import STEPS, MetricValues, compute_metrics
from crm.network.source import load_records, withdrawn_people

__all__ = ["ALL_STEPS", "Analysis", "analyze", "node_ref"]

#: every step `analyze` reports, in order
ALL_STEPS: Final = ("load", "build", *STEPS, "store")


@dataclass
class Analysis:
    graph_revision: int
    computed_at: datetime
    nodes: int
    edges: int
    stored: int
    #: step → seconds
    seconds: dict[str, float] = field(default_factory=dict)


def node_ref(key: str) -> tuple[str, int]:
    """ "Person:12" → ("person", 12): how computed_metric names a node."""
    type_name, _, node_id = key.partition(":")
    return type_name.lower(), int(node_id)


def _rows(values: MetricValues) -> Iterator[tuple[str, int, str, float]]:
    for name, by_node in values.items():
        for key, value in by_node.items():
            node_type, node_id = node_ref(key)
            yield node_type, node_id, name, value


async def analyze(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    today: date | None = None,
    exclude_withdrawn: bool = True,
    sample: int | None = None,
    seed: int = 42,
    on_step: Callable[[str, float], None] | None = None,
) -> Analysis:
    """Build the graph from the database, compute every metric, replace the stored ones.

    The graph work runs in a worker thread, so an event loop stays responsive.
    `on_step(step, seconds)` is called after each of `ALL_STEPS`.
    """

    def done(step: str, started: float) -> None:
        seconds[step] = time.perf_counter() - started
        if on_step is not None:
            on_step(step, seconds[step])

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    async with session_factory() as session, session.begin():
        revision = await current_revision(session)
        nodes, links = await load_records(session)
        exclude = await withdrawn_people(session) if exclude_withdrawn else set()
    done("load", started)

    started = time.perf_counter()
    graph = await asyncio.to_thread(
        build_graph, nodes, links, today=today or date.today(), exclude=exclude
    )
    del nodes, links
    done("build", started)

    def step(name: str, took: float) -> None:
        seconds[name] = took
        if on_step is not None:
            on_step(name, took)

    values = await asyncio.to_thread(compute_metrics, graph, seed=seed, sample=sample, on_step=step)

    started = time.perf_counter()
    computed_at = utcnow()
    async with session_factory() as session, session.begin():
        stored = await q.replace_all(
            session, _rows(values), graph_revision=revision, computed_at=computed_at
        )
    done("store", started)
    return Analysis(
        graph_revision=revision,
        computed_at=computed_at,
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        stored=stored,
        seconds=seconds,
    )
