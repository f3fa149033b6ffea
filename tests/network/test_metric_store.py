"""The store step of a run: the new values replace the previous ones whole, readers see
the old set or the new one and never a mix, a failing store keeps the previous values,
and a run that recomputed some steps keeps the other metrics' values. On PostgreSQL the
values go into a new table swapped in for computed_metric (crm.db.metric_swap)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import SQLModel

from crm.db import metric_swap, models
from crm.db.name_index import include_object
from crm.graph.compact import CompactGraph
from crm.network import background
from tests.conftest import _empty_tables

People = 3_000
Snapshot = dict[str, tuple[int, float]]


def _people(n: int) -> CompactGraph:
    """n people (ids 1…n) and no ties: all the store reads of a graph."""
    empty = np.zeros(0, dtype=np.float64)
    return CompactGraph(
        types=np.zeros(n, dtype=np.uint8),
        ids=np.arange(1, n + 1, dtype=np.int64),
        sizes=np.zeros(n, dtype=np.int64),
        label_bytes=np.zeros(0, dtype=np.uint8),
        label_offsets=np.zeros(n + 1, dtype=np.int64),
        indptr=np.zeros(n + 1, dtype=np.int64),
        neighbors=np.zeros(0, dtype=np.int32),
        strength=empty,
        cost=empty,
        kind=np.zeros(0, dtype=np.uint8),
        kinds=np.zeros(0, dtype=np.uint16),
    )


GRAPH = _people(People)
FIRST = {
    "pagerank": np.linspace(0.1, 1.0, People),
    "community": np.arange(People, dtype=np.float64) % 7,
}
#: a later run recomputed PageRank only; person 1 is left out of it (NaN)
SECOND = {"pagerank": np.concatenate([[np.nan], np.linspace(2.0, 3.0, People - 1)])}


@pytest.fixture
async def factory(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await _empty_tables(session_factory)
    yield session_factory
    await _empty_tables(session_factory)


async def _store(
    factory: async_sessionmaker[AsyncSession], values: dict[str, np.ndarray], revision: int
) -> int:
    async with factory() as session, session.begin():
        return await background._store(session, GRAPH, values, revision)


async def _stored(factory: async_sessionmaker[AsyncSession]) -> Snapshot:
    """metric → (rows, sum of values), read in one statement."""
    m = models.ComputedMetric
    async with factory() as session:
        rows = await session.execute(
            select(m.metric, func.count(), func.sum(m.value)).group_by(m.metric)
        )
        return {str(name): (int(n), round(float(total), 6)) for name, n, total in rows.all()}


def _expected(values: dict[str, np.ndarray]) -> Snapshot:
    return {
        name: (int((~np.isnan(a)).sum()), round(float(np.nansum(a)), 6))
        for name, a in values.items()
    }


OLD = _expected(FIRST)
NEW = {**OLD, **_expected(SECOND)}


async def test_a_run_replaces_its_metrics_and_keeps_the_others(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    assert await _store(factory, FIRST, revision=5) == 2 * People
    assert await _stored(factory) == OLD
    assert await _store(factory, SECOND, revision=6) == People - 1
    assert await _stored(factory) == NEW
    m = models.ComputedMetric
    async with factory() as session:
        found = await session.execute(select(m.node_id, m.metric, m.value, m.graph_revision))
        rows = {(node, metric): (value, rev) for node, metric, value, rev in found.all()}
    # the recomputed metric: the new values at the new revision; person 1 has none now
    assert (1, "pagerank") not in rows
    assert rows[(2, "pagerank")] == (2.0, 6)
    # the metric this run did not recompute: its values and revision as they were
    assert rows[(1, "community")] == (0.0, 5)
    assert rows[(People, "community")] == ((People - 1) % 7, 5)


def _pause_after_loading(
    monkeypatch: pytest.MonkeyPatch, backend: str, then: Callable[[], Awaitable[None]]
) -> None:
    """The store loads its rows, then runs `then` before going on (or failing)."""
    name = "_copy_metrics" if backend == "postgresql" else "_insert_metrics"
    load = getattr(background, name)

    async def paused(*args: Any) -> int:
        stored = int(await load(*args))
        await then()
        return stored

    monkeypatch.setattr(background, name, paused)


async def test_readers_during_a_store_see_the_old_set_then_the_new_one(
    factory: async_sessionmaker[AsyncSession], backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _store(factory, FIRST, revision=5)
    loaded, go_on = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        loaded.set()
        await go_on.wait()

    _pause_after_loading(monkeypatch, backend, hold)
    storing = asyncio.create_task(_store(factory, SECOND, revision=6))
    await asyncio.wait_for(loaded.wait(), 30)
    # the new rows are written and not committed: readers see the old set, unblocked
    assert await asyncio.wait_for(_stored(factory), 5) == OLD
    seen: list[Snapshot] = []

    async def read_until_stored() -> None:
        while not storing.done():
            seen.append(await _stored(factory))
            await asyncio.sleep(0)

    reading = asyncio.create_task(read_until_stored())
    await asyncio.sleep(0.05)
    go_on.set()
    await asyncio.wait_for(asyncio.gather(storing, reading), 30)
    assert seen
    assert all(s in (OLD, NEW) for s in seen), seen
    assert await _stored(factory) == NEW


async def test_a_store_that_fails_midway_leaves_the_previous_values(
    factory: async_sessionmaker[AsyncSession], backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _store(factory, FIRST, revision=5)

    async def fail() -> None:
        raise RuntimeError("the store's connection went away")

    _pause_after_loading(monkeypatch, backend, fail)
    with pytest.raises(RuntimeError, match="went away"):
        await _store(factory, SECOND, revision=6)
    assert await _stored(factory) == OLD
    monkeypatch.undo()
    await _store(factory, SECOND, revision=6)  # nothing half-built is in the way
    assert await _stored(factory) == NEW


def _metric_table_only(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """The metrics table and what is on it; not the tables other tests make (procrastinate's)."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table == "computed_metric" and include_object(obj, name, type_, reflected, compare_to)


def _drift(connection: Connection) -> list[object]:
    opts = {"compare_type": True, "include_object": _metric_table_only}
    return list(
        compare_metadata(MigrationContext.configure(connection, opts=opts), SQLModel.metadata)
    )


@pytest.mark.filterwarnings("ignore:autogenerate skipping:UserWarning")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
async def test_the_swapped_in_table_is_the_migrated_one(
    factory: async_sessionmaker[AsyncSession], backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite stores into the table itself")
    await _store(factory, FIRST, revision=5)
    await _store(factory, SECOND, revision=6)
    async with factory() as session:
        connection = await session.connection()
        assert await connection.run_sync(_drift) == []
        names = await session.execute(
            text(
                "SELECT relname FROM pg_class WHERE relname LIKE '%computed_metric%' "
                "AND relkind IN ('r', 'i', 'S') ORDER BY relname"
            )
        )
        assert list(names.scalars()) == [
            "computed_metric",
            "computed_metric_id_seq",
            "ix_computed_metric_computed_at",
            "ix_computed_metric_metric_value",
            "pk_computed_metric",
            "uq_computed_metric_node_type_node_id_metric",
        ]
        # ids restart with each store: the table's own sequence, not a shared counter
        assert await session.scalar(text("SELECT max(id) FROM computed_metric")) == 2 * People - 1
    # the unique constraint holds on the new table, and new rows take the next ids
    async with factory() as session, session.begin():
        session.add(
            models.ComputedMetric(
                node_type="person", node_id=1, metric="degree", value=1, graph_revision=6
            )
        )
    with pytest.raises(IntegrityError):
        async with factory() as session, session.begin():
            session.add(
                models.ComputedMetric(
                    node_type="person", node_id=1, metric="degree", value=2, graph_revision=6
                )
            )


async def test_the_swap_waits_for_readers_and_gives_up_with_the_old_values_kept(
    factory: async_sessionmaker[AsyncSession], backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite stores into the table itself")
    await _store(factory, FIRST, revision=5)
    monkeypatch.setattr(metric_swap, "LOCK_TIMEOUT_MS", 100)
    monkeypatch.setattr(metric_swap, "SWAP_PAUSE_SECONDS", 0.05)
    monkeypatch.setattr(metric_swap, "SWAP_ATTEMPTS", 3)
    m = models.ComputedMetric
    async with factory() as reader, reader.begin():
        # a reader's open transaction holds the table through every attempt
        await reader.execute(select(func.count()).select_from(m))
        with pytest.raises(metric_swap.SwapLockTimeoutError, match="previous values are kept"):
            await _store(factory, SECOND, revision=6)
    assert await _stored(factory) == OLD

    # a reader that lets go during the attempts: the swap waits for it, then succeeds
    monkeypatch.setattr(metric_swap, "SWAP_ATTEMPTS", 50)
    async with factory() as reader:
        await reader.begin()
        await reader.execute(select(func.count()).select_from(m))
        storing = asyncio.create_task(_store(factory, SECOND, revision=6))
        await asyncio.sleep(0.5)
        assert not storing.done()
        await reader.commit()
    await asyncio.wait_for(storing, 30)
    assert await _stored(factory) == NEW
