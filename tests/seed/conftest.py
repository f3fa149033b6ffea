"""One demo database per backend, created and seeded once for the whole run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

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


class SeededDemos:
    """Seeds a fresh database per backend the first time a test asks for it."""

    def __init__(self, databases: DatabaseFactory, *, analysed: bool = False) -> None:
        self._databases = databases
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
        # Alembic runs its own event loop: migrate in a worker thread.
        url = await asyncio.to_thread(self._databases.create, backend)
        engine = create_engine(Settings(database_url=url))
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
        if self._analysed:
            await analyze(factory, sample=16)
        return SeededDemo(
            backend, engine, factory, created, seconds, was_empty, revision_before, figures
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
