"""The waker queues an analysis run once the quiet period after a write is over, without
waiting for the periodic watcher: it asks only after the write mark moved, once it stood
still for the debounce (or kept moving for the longest wait), and a failed ask does not
stop it. Against the database: a committed relationship queues a "revision" run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import RelationshipKind
from crm.db.machine_revision import machine_counter
from crm.db.revision import current_revision
from crm.network.background import create_run, run_table
from crm.network.jobs import QUEUE, AnalysisJobs
from crm.network.waker import queue_after_writes, write_mark
from crm.seed.synthetic import seed_synthetic
from crm.settings import Settings
from tests.conftest import _empty_tables


class Asks:
    """A queue that records when it was asked; the first `failures` asks fail."""

    def __init__(self, failures: int = 0) -> None:
        self.at: list[float] = []
        self.failures = failures

    async def queue_if_due(self) -> int | None:
        self.at.append(time.monotonic())
        if len(self.at) <= self.failures:
            raise RuntimeError("the database is away")
        return None


async def _until(condition: Callable[[], object], seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)


async def test_a_write_is_asked_about_once_the_mark_stood_still_for_the_debounce() -> None:
    asks, mark = Asks(), [0]
    waker = asyncio.create_task(
        queue_after_writes(asks, lambda: mark[0], debounce=0.3, max_wait=30, poll=0.01)
    )
    try:
        await asyncio.sleep(0.5)
        assert asks.at == []  # nothing written: nothing asked
        moved = time.monotonic()
        mark[0] = 1
        await _until(lambda: asks.at)
        assert len(asks.at) == 1
        assert asks.at[0] - moved >= 0.3
        await asyncio.sleep(0.6)
        assert len(asks.at) == 1  # asked once per quiet period
    finally:
        waker.cancel()


async def test_writes_that_keep_coming_are_asked_about_after_the_longest_wait() -> None:
    asks, mark = Asks(), [0]
    waker = asyncio.create_task(
        queue_after_writes(asks, lambda: mark[0], debounce=5.0, max_wait=0.4, poll=0.01)
    )
    try:
        await asyncio.sleep(0.05)
        first = time.monotonic()
        while not asks.at and time.monotonic() - first < 3.0:  # never quiet for 5 s
            mark[0] += 1
            await asyncio.sleep(0.02)
        assert asks.at, "writes kept coming and nobody asked"
        assert asks.at[0] - first >= 0.4
    finally:
        waker.cancel()


async def test_a_failed_ask_does_not_stop_the_waker() -> None:
    asks, mark = Asks(failures=1), [0]
    waker = asyncio.create_task(
        queue_after_writes(asks, lambda: mark[0], debounce=0.05, max_wait=30, poll=0.01)
    )
    try:
        await asyncio.sleep(0.05)
        mark[0] = 1
        await _until(lambda: len(asks.at) == 1)
        mark[0] = 2
        await _until(lambda: len(asks.at) == 2)
        assert len(asks.at) == 2
        assert not waker.done()
    finally:
        waker.cancel()


@pytest.fixture
async def analysed(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    """A network whose last run finished at its current revision: no run is due."""
    await _empty_tables(session_factory)
    await seed_synthetic(session_factory, people=40, seed=3)
    run_id = await create_run(session_factory, reason="command")
    async with session_factory() as session, session.begin():
        revision = await current_revision(session)
        await session.execute(
            update(run_table)
            .where(run_table.c.id == run_id)
            .values(state="done", graph_revision=revision, steps={"day": date.today().isoformat()})
        )
    yield
    await _empty_tables(session_factory)


@pytest.mark.usefixtures("analysed")
async def test_a_committed_relationship_queues_a_run_after_the_quiet_period(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    quick = settings.model_copy(update={"analysis_debounce_seconds": 0.5})
    jobs = AnalysisJobs.create(quick)
    async with jobs.app.open_async():
        await jobs.prepare()
        if not settings.is_sqlite:  # another test's queued job would take this one in
            await jobs.app.connector.execute_query_async(
                "DELETE FROM procrastinate_jobs WHERE queue_name = %(queue)s", queue=QUEUE
            )
        mark = write_mark(machine_counter(quick.data_revision_file), None)
        waker = asyncio.create_task(
            queue_after_writes(jobs, mark, debounce=0.5, max_wait=30, poll=0.02)
        )
        try:
            await asyncio.sleep(0.7)
            async with session_factory() as session:
                runs = await session.execute(select(func.count()).select_from(run_table))
                assert runs.scalar_one() == 1  # nothing changed: nothing queued
                a, b = (await session.execute(select(models.Person.id).limit(2))).scalars()
            async with session_factory() as session, session.begin():
                session.add(
                    models.Relationship(person_a_id=a, person_b_id=b, kind=RelationshipKind.FRIEND)
                )
            queued = None
            for _ in range(600):  # well before the periodic watcher's next look
                async with session_factory() as session:
                    queued = (
                        await session.execute(
                            select(run_table).where(run_table.c.state == "queued")
                        )
                    ).first()
                    change = await session.execute(select(func.max(models.GraphChange.at)))
                    latest = change.scalar_one()
                if queued is not None:
                    break
                await asyncio.sleep(0.05)
        finally:
            waker.cancel()
            if not settings.is_sqlite:
                await jobs.app.connector.execute_query_async(
                    "DELETE FROM procrastinate_jobs WHERE queue_name = %(queue)s", queue=QUEUE
                )
    await jobs.close()
    assert queued is not None, "the write queued no run"
    assert queued.reason == "revision"
    latest = latest if latest.tzinfo is not None else latest.replace(tzinfo=UTC)
    quiet = queued.created_at - latest
    assert quiet.total_seconds() >= 0.5
