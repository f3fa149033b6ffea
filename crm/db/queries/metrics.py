"""Computed network metrics: stored by `crm analyze`, read by rankings and people lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.tables import analysis_run as run
from crm.db.tables import computed_metric as metric
from crm.db.tables import person
from crm.db.types import utcnow

#: rows per INSERT statement when storing a run
BATCH = 5000


@dataclass(frozen=True, slots=True)
class Run:
    """When the stored metrics were computed and at which graph revision."""

    computed_at: datetime
    graph_revision: int


async def replace_all(
    session: AsyncSession,
    values: Iterable[tuple[str, int, str, float]],
    *,
    graph_revision: int,
    computed_at: datetime,
) -> int:
    """Replace every stored metric with `values` (node type, id, metric, value), in the
    caller's transaction; return how many rows were stored."""
    await session.execute(delete(metric))
    stored = 0
    batch: list[dict[str, Any]] = []
    for node_type, node_id, name, value in values:
        batch.append(
            {
                "node_type": node_type,
                "node_id": node_id,
                "metric": name,
                "value": value,
                "graph_revision": graph_revision,
                "computed_at": computed_at,
            }
        )
        if len(batch) == BATCH:
            await session.execute(insert(metric), batch)
            stored += len(batch)
            batch = []
    if batch:
        await session.execute(insert(metric), batch)
        stored += len(batch)
    return stored


async def latest_run(session: AsyncSession) -> Run | None:
    """The run the stored metrics come from (None before the first analysis): the last
    background run that finished, or the last metrics stored otherwise, whichever is later.
    The last metrics stored are read from the index on (computed_at, graph_revision), not
    from every row (5.6M rows at 1M people).

    A background run that found some steps' inputs unchanged keeps their stored rows, so
    its revision, not the rows', says how current the metrics are."""
    row = (
        await session.execute(
            select(metric.c.computed_at, metric.c.graph_revision)
            .order_by(metric.c.computed_at.desc(), metric.c.graph_revision.desc())
            .limit(1)
        )
    ).first()
    stored = None if row is None else Run(computed_at=row[0], graph_revision=int(row[1]))
    done = (
        await session.execute(
            select(run.c.finished_at, run.c.graph_revision)
            .where(run.c.state == "done")
            .order_by(run.c.id.desc())
            .limit(1)
        )
    ).first()
    if done is None or done[0] is None:
        return stored
    finished = Run(computed_at=done[0], graph_revision=int(done[1]))
    if stored is not None and stored.computed_at > finished.computed_at:
        return stored
    return finished


async def run_pending(session: AsyncSession) -> bool:
    """Is a background analysis queued or running (started within the last hour)?"""
    since = utcnow() - timedelta(hours=1)
    found = await session.execute(
        select(func.count()).where(run.c.state.in_(["queued", "running"]), run.c.created_at > since)
    )
    return bool(found.scalar_one())


def person_value(name: str) -> Any:
    """A person's stored `name` metric as a column expression (NULL when missing)."""
    return (
        select(metric.c.value)
        .where(
            metric.c.node_type == "person",
            metric.c.node_id == person.c.id,
            metric.c.metric == name,
        )
        .scalar_subquery()
    )


def in_community(communities: Sequence[int]) -> ColumnElement[bool]:
    """The person belongs to one of these communities (as last computed)."""
    members = select(metric.c.node_id).where(
        metric.c.node_type == "person",
        metric.c.metric == "community",
        metric.c.value.in_([float(c) for c in communities]),
    )
    return person.c.id.in_(members)


def value_between(name: str, low: float | None, high: float | None) -> ColumnElement[bool]:
    """The person's stored `name` metric is within [low, high] (either may be open)."""
    bounds = [metric.c.metric == name, metric.c.node_type == "person"]
    if low is not None:
        bounds.append(metric.c.value >= low)
    if high is not None:
        bounds.append(metric.c.value <= high)
    return person.c.id.in_(select(metric.c.node_id).where(and_(*bounds)))


async def top_people(
    session: AsyncSession,
    name: str,
    *,
    first: int,
    conditions: Sequence[ColumnElement[bool]] = (),
    ascending: bool = False,
) -> list[tuple[int, float]]:
    """The `first` people with the highest (or lowest) stored `name`, with the value;
    ties by id. `conditions` are on the person table."""
    order = metric.c.value.asc() if ascending else metric.c.value.desc()
    statement = (
        select(metric.c.node_id, metric.c.value)
        .join(person, person.c.id == metric.c.node_id)
        .where(metric.c.node_type == "person", metric.c.metric == name, *conditions)
        .order_by(order, metric.c.node_id)
        .limit(first)
    )
    return [(int(i), float(v)) for i, v in (await session.execute(statement)).all()]


async def values_of(
    session: AsyncSession, node_type: str, node_ids: Sequence[int], names: Sequence[str]
) -> dict[int, dict[str, float]]:
    """Stored metrics `names` of the given nodes: id → metric → value."""
    if not node_ids:
        return {}
    statement = select(metric.c.node_id, metric.c.metric, metric.c.value).where(
        metric.c.node_type == node_type,
        metric.c.node_id.in_(set(node_ids)),
        metric.c.metric.in_(list(names)),
    )
    found: dict[int, dict[str, float]] = {}
    for node_id, name, value in (await session.execute(statement)).all():
        found.setdefault(int(node_id), {})[name] = float(value)
    return found


async def all_values(session: AsyncSession, name: str) -> list[tuple[str, int, float]]:
    """Every node's stored `name` metric: (node type, id, value)."""
    statement = select(metric.c.node_type, metric.c.node_id, metric.c.value).where(
        metric.c.metric == name
    )
    return [(str(t), int(i), float(v)) for t, i, v in (await session.execute(statement)).all()]
