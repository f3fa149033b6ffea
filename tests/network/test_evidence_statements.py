"""A paths-with-evidence answer reads its rows in one SQL statement, however many paths
and hops it has (issue #16: the evidence used to cost 8–10 statements an answer)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import AffiliationRole
from crm.graph.live_paths import live_paths
from crm.network.evidence import paths_with_evidence
from crm.network.live_cache import LiveGraphCache
from crm.seed.synthetic import TODAY, seed_synthetic
from tests.conftest import _empty_tables
from tests.statements import counting


@pytest.fixture
async def seeded(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    await _empty_tables(session_factory)
    await seed_synthetic(session_factory, people=150, seed=3)
    yield
    await _empty_tables(session_factory)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LiveGraphCache]:
    cache = LiveGraphCache(tmp_path / "graph", today=lambda: TODAY)
    yield cache
    cache.close()


@pytest.mark.usefixtures("seeded")
async def test_one_statement_an_answer_whatever_its_paths_and_hops(
    cache: LiveGraphCache,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        # three people who studied together, so some hops are cohorts (the alumni studies
        # of their people are read too)
        university = (await session.execute(select(models.Organization.id).limit(1))).scalar_one()
        for person_id in (3, 40, 77):
            session.add(
                models.Affiliation(
                    person_id=person_id,
                    organization_id=university,
                    role=AffiliationRole.ALUMNUS,
                    starts_on=date(2009, 9, 1),
                    ends_on=date(2013, 7, 1),
                    field_of_study="Physics",
                )
            )
    graph = await cache.current(session_factory)
    people = [key for key in (graph.key(i) for i in graph.nodes()) if key.startswith("Person:")]
    rng = random.Random(5)
    pairs = [tuple(rng.sample(people, 2)) for _ in range(30)]
    pairs += [("Person:3", "Person:40"), ("Person:77", "Person:3"), ("Person:40", "Person:120")]
    path_counts, hop_counts, kinds = set(), set(), set()
    for source, target in pairs:
        for first in (1, 3):
            found = live_paths(graph, source, target, first=first, max_hops=4)
            async with session_factory() as session:
                with counting(engine) as statements:
                    paths = await paths_with_evidence(session, graph, found, today=TODAY)
            assert len(statements) == (1 if found else 0), statements
            assert len(paths) == len(found)
            assert all(hop.evidence for path in paths for hop in path.hops)
            path_counts.add(len(paths))
            hop_counts.update(len(path.hops) for path in paths)
            kinds.update(hop.kind for path in paths for hop in path.hops)
    # the answers counted had one path and three, short and long ones, and the hops
    # read several tables (cohort hops: the alumni studies too)
    assert {1, 3} <= path_counts
    assert len(hop_counts) >= 3
    assert "cohort" in kinds
    assert len(kinds) >= 4, kinds
