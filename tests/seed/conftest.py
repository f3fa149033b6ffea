"""One demo database per backend, created and seeded once for the whole run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import ClassVar
from weakref import WeakKeyDictionary

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import crm.db.revision  # noqa: F401 - installs the graph-revision listener
from crm.db.engine import create_engine, create_session_factory
from crm.db.revision import current_revision
from crm.network.analyze import analyze
from crm.seed.demo import database_is_empty, seed_demo
from crm.seed.figures import Figure, measure_figures
from crm.settings import Settings
from tests.conftest import DatabaseFactory


@dataclass(frozen=True)
class SeededDemo:
    """A database holding the demo data set, and what seeding it reported."""

    backend: str
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    created: dict[str, int]
    seconds: float
    was_empty: bool
    revision_before: int
    figures: dict[str, Figure]


@dataclass(frozen=True)
class _Seeding:
    """A database the demo was seeded into once, that nothing stays connected to, and
    what seeding it reported: each SeededDemos gets a copy of it."""

    url: str
    created: dict[str, int]
    seconds: float
    was_empty: bool
    revision_before: int
    figures: dict[str, Figure]


class _DemoTemplates:
    """Seeds the demo once per backend per run (a minute or more each); copies for the rest."""

    _of: ClassVar[WeakKeyDictionary[DatabaseFactory, _DemoTemplates]] = WeakKeyDictionary()

    def __init__(self, databases: DatabaseFactory) -> None:
        self._databases = databases
        self._seeded: dict[str, _Seeding] = {}
        self._lock = asyncio.Lock()

    @classmethod
    def of(cls, databases: DatabaseFactory) -> _DemoTemplates:
        if databases not in cls._of:
            cls._of[databases] = cls(databases)
        return cls._of[databases]

    async def copy(self, backend: str) -> tuple[str, _Seeding]:
        async with self._lock:
            if backend not in self._seeded:
                self._seeded[backend] = await self._seed(backend)
        seeding = self._seeded[backend]
        return await asyncio.to_thread(self._databases.copy, seeding.url), seeding

    async def _seed(self, backend: str) -> _Seeding:
        # Alembic runs its own event loop: migrate in a worker thread.
        url = await asyncio.to_thread(self._databases.create, backend)
        engine = create_engine(Settings(database_url=url))
        try:
            factory = create_session_factory(engine)
            async with factory() as session:
                was_empty = await database_is_empty(session)
                revision_before = await current_revision(session)
            started = time.perf_counter()
            created = await seed_demo(factory)
            seconds = time.perf_counter() - started
            print(f"\nseeded the demo on {backend} in {seconds:.1f} s")
            async with factory() as session:
                figures = await measure_figures(session)
        finally:
            await engine.dispose()  # PostgreSQL copies only a database nobody is connected to
        return _Seeding(url, created, seconds, was_empty, revision_before, figures)


class SeededDemos:
    """A fresh copy of the seeded demo database per backend, the first time a test asks."""

    def __init__(self, databases: DatabaseFactory, *, analysed: bool = False) -> None:
        self._templates = _DemoTemplates.of(databases)
        #: also run the network analysis (betweenness from 16 sampled sources: quick)
        self._analysed = analysed
        self._seeded: dict[str, SeededDemo] = {}

    async def get(self, backend: str) -> SeededDemo:
        if backend not in self._seeded:
            self._seeded[backend] = await self._seed(backend)
        return self._seeded[backend]

    async def close(self) -> None:
        for demo in self._seeded.values():
            await demo.engine.dispose()

    async def _seed(self, backend: str) -> SeededDemo:
        url, seeding = await self._templates.copy(backend)
        engine = create_engine(Settings(database_url=url))
        factory = create_session_factory(engine)
        if self._analysed:
            await analyze(factory, sample=16)
        return SeededDemo(
            backend,
            engine,
            factory,
            dict(seeding.created),
            seeding.seconds,
            seeding.was_empty,
            seeding.revision_before,
            dict(seeding.figures),
        )


@pytest.fixture(scope="session")
async def seeded_demos(databases: DatabaseFactory) -> AsyncIterator[SeededDemos]:
    demos = SeededDemos(databases)
    yield demos
    await demos.close()


@pytest.fixture(scope="session")
async def demo(backend: str, seeded_demos: SeededDemos) -> SeededDemo:
    """The demo data set on this test's backend."""
    return await seeded_demos.get(backend)
