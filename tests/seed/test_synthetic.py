"""`crm seed synthetic` writes the generator's network as the app's rows, on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.name_index import person_name_keys
from crm.db.queries import search as search_queries
from crm.db.revision import current_revision
from crm.resolvers.search import query_keys
from crm.seed.synthetic import BULK_TABLES, NotEmptyError, seed_synthetic, synthetic_name_keys
from tests.conftest import _empty_tables


@pytest.fixture
async def empty(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    await _empty_tables(session_factory)
    yield
    await _empty_tables(session_factory)


@pytest.mark.usefixtures("empty")
async def test_the_network_is_loaded_once_with_every_kind_of_link(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        before = await current_revision(session)
    load = await seed_synthetic(session_factory, people=300, seed=1)
    async with session_factory() as session:
        people = (await session.execute(select(func.count()).select_from(models.Person))).scalar()
        ties = (
            await session.execute(select(func.count()).select_from(models.Relationship))
        ).scalar()
        assert await current_revision(session) == before + 1
        # the sequences moved past the loaded keys: the app can add rows
        session.add(models.Person(name="新来的"))
        await session.commit()
    assert people == load.rows["person"] == 300
    assert ties == load.rows["relationship"] > 300
    assert set(load.links) >= {"affiliation", "relationship", "attendance", "interaction"}
    assert load.total_links > 2000
    with pytest.raises(NotEmptyError):
        await seed_synthetic(session_factory, people=10)


@pytest.mark.usefixtures("empty")
async def test_the_link_tables_keep_every_index_and_constraint_after_a_bulk_load(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async def catalogue() -> set[tuple[str, ...]]:
        async with session_factory() as session:
            if (await session.connection()).dialect.name != "postgresql":
                pytest.skip("the bulk load drops and rebuilds indexes on PostgreSQL only")
            indexes = await session.execute(
                text("SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(:t)"),
                {"t": list(BULK_TABLES)},
            )
            constraints = await session.execute(
                text(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                    "FROM pg_constraint WHERE conrelid::regclass::text = ANY(:t)"
                ),
                {"t": list(BULK_TABLES)},
            )
            return {tuple(r) for r in indexes.all()} | {tuple(r) for r in constraints.all()}

    before = await catalogue()
    await seed_synthetic(session_factory, people=200, seed=2)
    assert await catalogue() == before


@pytest.mark.usefixtures("empty")
async def test_synthetic_people_have_the_name_keys_the_app_derives_and_are_found(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await seed_synthetic(session_factory, people=120, seed=3)
    async with session_factory() as session:
        people = (await session.execute(select(models.Person.id, models.Person.name))).all()
        keys = (
            await session.execute(
                select(models.NameKey.entity_id, models.NameKey.key, models.NameKey.kind).where(
                    models.NameKey.entity == "person"
                )
            )
        ).all()
        found = await search_queries.exact_keys(
            session, keys=sorted(query_keys("P17")), entities=["person"], limit=5
        )
    stored: dict[int, dict[str, str]] = {}
    for person_id, key, kind in keys:
        stored.setdefault(person_id, {})[key] = str(kind)
    assert len(people) == 120
    for person_id, name in people:
        assert stored[person_id] == {k: str(v) for k, v in person_name_keys(name).items()}
    assert [(hit.entity, hit.key) for hit in found][:1] == [("person", "p17")]


def test_synthetic_name_keys_are_person_name_keys() -> None:
    for name in ("P0", "P7", "P12345", "P999999", "王伟", "P-1"):
        assert synthetic_name_keys(name) == person_name_keys(name)
