"""Writes to the network move the graph revision; every update checks the version."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from crm.db import models
from crm.db.engine import create_engine
from crm.db.enums import ChangeOp, RelationshipKind
from crm.db.revision import current_revision
from crm.settings import Settings
from tests import factories
from tests.conftest import DatabaseFactory


async def test_new_link_moves_the_revision_once_per_transaction_and_logs_it(
    session: AsyncSession,
) -> None:
    before = await current_revision(session)
    a, b = await factories.person(session), await factories.person(session)
    low, high = sorted([a.id, b.id])  # type: ignore[type-var]
    rel = models.Relationship(person_a_id=low, person_b_id=high, kind=RelationshipKind.FRIEND)
    session.add(rel)
    await session.commit()

    after = await current_revision(session)
    assert after == before + 1
    changes = (
        (
            await session.execute(
                select(models.GraphChange).where(models.GraphChange.revision == after)
            )
        )
        .scalars()
        .all()
    )
    logged = {(c.entity, c.entity_id, c.op) for c in changes}
    assert ("relationship", rel.id, ChangeOp.INSERT) in logged
    assert ("person", a.id, ChangeOp.INSERT) in logged


async def test_deleting_a_link_moves_the_revision(session: AsyncSession) -> None:
    p, org = await factories.person(session), await factories.organization(session)
    aff = models.Affiliation(person_id=p.id, organization_id=org.id, role="member")
    session.add(aff)
    await session.commit()
    before = await current_revision(session)
    await session.delete(aff)
    await session.commit()
    assert await current_revision(session) == before + 1


async def test_rolled_back_write_does_not_move_the_revision(session: AsyncSession) -> None:
    before = await current_revision(session)
    await factories.person(session)
    await session.rollback()
    assert await current_revision(session) == before


async def test_staff_changes_do_not_move_the_revision(session: AsyncSession) -> None:
    before = await current_revision(session)
    session.add(models.User(username="li.wei", display_name="李伟", role="liaison"))
    await session.commit()
    assert await current_revision(session) == before


async def test_update_bumps_version(session: AsyncSession) -> None:
    p = await factories.person(session)
    await session.commit()
    assert p.version == 1
    p.city = "Fuzhou"
    await session.commit()
    assert p.version == 2


async def test_concurrent_update_with_stale_version_is_rejected(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    p = await factories.person(session)
    await session.commit()
    async with session_factory() as other:
        same = await other.get(models.Person, p.id)
        assert same is not None
        same.city = "London"
        await other.commit()
    p.city = "Oxford"  # still at version 1 in this session
    with pytest.raises(StaleDataError):
        await session.commit()
    await session.rollback()


async def test_postgresql_cancels_statements_past_the_timeout(databases: DatabaseFactory) -> None:
    url = await asyncio.to_thread(databases.create, "postgresql")  # migrates in its own loop
    engine = create_engine(Settings(database_url=url, statement_timeout_ms=200))
    try:
        async with engine.connect() as connection:
            with pytest.raises(OperationalError, match="statement timeout"):
                await connection.execute(text("SELECT pg_sleep(2)"))
    finally:
        await engine.dispose()
